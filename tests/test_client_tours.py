# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The buttons of a client's form and of the settings, pressed in a real browser by an
administrator, and what they did in the database: Recompute (and the notification saying
what changed), an override forced out then in, Score history, Account Plans, Visits,
Reviewed today; Recompute now and History of changes in the settings."""

from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import StrategicCommon, TourScreenshots


@tagged("post_install", "-at_install")
class TestClientTours(StrategicCommon, TourScreenshots, HttpCase):
    # the browser and the server it talks to run on the real date
    freeze_time = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.write({"password": cls.env.user.login})
        cls._criterion("prestige", 1, benefit="Positioning")
        # meets the criterion, not recomputed yet
        cls.famous = cls._customer("Tour Famous", strategic_prestige=True)

    def _history(self):
        return self.env["strategic.score.history"].search(
            [("partner_id", "=", self.famous.id)], order="id"
        )

    def test_recompute_and_override_from_the_strategic_tab(self):
        self._start_tour(
            f"/odoo/res.partner/{self.famous.id}",
            "strategic_client_form_status",
            self.env.user.login,
        )
        # recomputed, forced out, then forced in: each decision kept with its reason
        self.assertEqual(self._history().mapped("reason"), ["strategic", "forced_out", "forced_in"])
        self.assertEqual(self._history()[1:].mapped("origin"), ["override", "override"])
        self.assertEqual(
            (self.famous.strategic_override, self.famous.strategic_override_reason),
            ("force_in", "Key chain"),
        )
        self.assertEqual(self.famous.strategic_override_user_id, self.env.user)
        self.assertTrue(self.famous.is_strategic)

    def test_workspace_buttons(self):
        self.company._strategic_recompute()
        today = fields.Date.context_today(self.env.user)
        self.env["strategic.account.plan"].create(
            {"name": "Tour plan", "partner_id": self.famous.id, "date_to": today + timedelta(90)}
        )
        self.famous.activity_schedule(
            "strategic_client.mail_activity_type_visit", summary="Tour visit"
        ).action_feedback(feedback="Tour visit done")
        self.assertEqual(self.famous.strategic_visit_count, 1)
        self.famous.profile_reviewed_on = False
        self._start_tour(
            f"/odoo/res.partner/{self.famous.id}",
            "strategic_client_form_workspace",
            self.env.user.login,
        )
        self.assertEqual(self.famous.profile_reviewed_on, today)

    def test_settings_recompute_now_and_history(self):
        self.assertFalse(self.famous.is_strategic)
        self._start_tour(
            "/odoo/action-sale.action_sale_config_settings",
            "strategic_client_settings_actions",
            self.env.user.login,
        )
        self.assertTrue(self.famous.is_strategic)
        self.assertEqual(self.company.strategic_count, 1)
