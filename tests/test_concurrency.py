# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import api
from odoo.tests import TransactionCase, tagged

from odoo.addons.strategic_client.models import res_company


@tagged("post_install", "-at_install")
class TestConcurrency(TransactionCase):
    """Two recomputes of a company started at once do not both run."""

    def test_second_recompute_skips_with_a_log_line(self):
        company = self.env.ref("base.main_company")
        # this test's transaction runs a recompute, which holds the company's lock ...
        self.assertTrue(company._strategic_recompute())
        # ... so one started meanwhile from another connection skips it, and says so
        with self.registry.cursor() as other_cr:
            other = api.Environment(other_cr, self.env.uid, {})["res.company"].browse(company.id)
            with self.assertLogs(res_company._logger, logging.INFO) as log:
                self.assertFalse(other._strategic_recompute())
            self.assertIn("another one is running", log.output[0])
            other_cr.rollback()
        # the lock belongs to the transaction: within it, recomputing again is fine
        self.assertTrue(company._strategic_recompute())
