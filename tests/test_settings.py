# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, tagged

from .common import refused_by_constraint


@tagged("post_install", "-at_install")
class TestSettings(TransactionCase):
    def test_defaults(self):
        company = self.env["res.company"].create({"name": "Fresh Co"})
        self.assertEqual(company.strategic_min_score, 10.0)
        self.assertEqual(company.strategic_max_clients, 10)
        self.assertEqual(company.strategic_cash_days, 3)
        self.assertEqual(company.strategic_risk_margin, 5.0)
        self.assertTrue(company.strategic_first_pick)

    def test_settings_write_through_to_company(self):
        settings = self.env["res.config.settings"].create(
            {"strategic_max_clients": 4, "strategic_min_score": 30, "strategic_first_pick": False}
        )
        settings.execute()
        self.assertFalse(self.env.company.strategic_first_pick)
        self.assertEqual(self.env.company.strategic_max_clients, 4)
        self.assertEqual(self.env.company.strategic_min_score, 30)

    def test_bad_settings_are_refused_and_nothing_saved(self):
        company = self.env.company
        for field, value, words in [
            ("strategic_max_clients", -1, "Maximum Strategic Clients"),
            ("strategic_min_score", 101, "Minimum Strategic Score"),
            ("strategic_max_days_late", -5, "Maximum Days Late"),
            ("strategic_overdue_tolerance", -1, "Overdue Tolerance"),
            ("strategic_cash_days", -1, "Cash Payment Days"),
            ("sale_min_order_amount", -5, "Minimum Order Amount"),
            ("strategic_monitoring_months", 0, "Monitoring Window (months)"),
            ("strategic_visit_days", 0, "Visit Every (days)"),
            ("strategic_profile_review_months", 0, "Review Profiles Every (months)"),
            ("strategic_birthday_days", -1, "Birthday Reminder (days before)"),
            ("strategic_roi_months", 0, "Return Period (months)"),
            ("strategic_min_roi", -1, "Minimum Return"),
            ("strategic_risk_margin", -1, "Early Warning Margin (%)"),
            ("strategic_risk_margin", 101, "Early Warning Margin (%)"),
            ("strategic_min_roi", float("inf"), "Minimum Return"),
        ]:
            before = company[field]
            with self.subTest(field=field, value=value):
                with refused_by_constraint(self, company, words):
                    company.write({field: value})
                company.invalidate_recordset([field])
                self.assertEqual(company[field], before)
