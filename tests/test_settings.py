# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestSettings(TransactionCase):
    def test_defaults(self):
        company = self.env["res.company"].create({"name": "Fresh Co"})
        self.assertEqual(company.strategic_min_score, 10.0)
        self.assertEqual(company.strategic_max_clients, 10)
        self.assertEqual(company.strategic_cash_days, 3)

    def test_settings_write_through_to_company(self):
        settings = self.env["res.config.settings"].create(
            {"strategic_max_clients": 4, "strategic_min_score": 30}
        )
        settings.execute()
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
        ]:
            before = company[field]
            with self.subTest(field=field):
                with (
                    self.assertRaisesRegex(ValidationError, words),
                    self.env.cr.savepoint(),
                ):
                    company.write({field: value})
                company.invalidate_recordset([field])
                self.assertEqual(company[field], before)
