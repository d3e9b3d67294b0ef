# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Browser tour of the early warning: the filter At risk of the strategic clients list and
the warning on the client's form (screenshot of the last step in .screenshots/)."""

from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import StrategicCommon, TourScreenshots


@tagged("post_install", "-at_install")
class TestRiskTour(StrategicCommon, TourScreenshots, HttpCase):
    # the browser and the server it talks to run on the real date
    freeze_time = None

    def test_manager_filters_clients_at_risk_and_reads_why(self):
        self.env.user.write({"password": self.env.user.login})
        today = fields.Date.context_today(self.env.user)
        self.company.strategic_risk_margin = 5
        self._criterion("purchase_amount", 1000, name="Risk purchase volume")
        near = self._customer("Risk Near")
        safe = self._customer("Risk Safe")
        self._invoice(near, 1040, today - timedelta(days=20))
        self._invoice(safe, 5000, today - timedelta(days=20))
        self.company._strategic_recompute()
        self.assertTrue(near.strategic_at_risk and safe.is_strategic)
        self.assertFalse(safe.strategic_at_risk)

        self._start_tour(
            "/odoo/action-strategic_client.action_strategic_clients",
            "strategic_client_risk_warning",
            self.env.user.login,
        )
