# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Audit: every change of what decides who is strategic (a criterion's deciding fields, the
company's minimum score, cap and payment settings) is recorded with its old and new value."""

from odoo.fields import Command
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestAudit(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        cls.criterion = cls.env["strategic.criterion"].create(
            {
                "name": "Audited",
                "metric": "prestige",
                "threshold": 1,
                "company_id": cls.company.id,
            }
        )

    def _tracked(self, record):
        """The fields of ``record`` whose changes its chatter records."""
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking is written at the end of the transaction
        return set(record.message_ids.tracking_value_ids.field_id.mapped("name"))

    def test_every_deciding_field_of_a_criterion_is_tracked(self):
        tag = self.env["res.partner.category"].create({"name": "Audited tag"})
        category = self.env["product.category"].create({"name": "Audited category"})
        industry = self.env["res.partner.industry"].create({"name": "Audited industry"})
        for fname, value in [
            ("threshold", 3),
            ("threshold_type", "top_percent"),
            ("period_months", 6),
            ("weight", 4),
            ("requires_good_payment", True),
            ("partner_category_ids", [Command.set(tag.ids)]),
            ("product_category_ids", [Command.set(category.ids)]),
            ("industry_ids", [Command.set(industry.ids)]),
            ("domain", "[('name', 'ilike', 'audited')]"),
            ("metric", "domain"),
            ("active", False),
        ]:
            with self.subTest(field=fname):
                self.assertNotIn(fname, self._tracked(self.criterion))
                self.criterion.write({fname: value})
                self.assertIn(fname, self._tracked(self.criterion))
        weights = self.criterion.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "weight"
        )
        self.assertEqual((weights.old_value_float, weights.new_value_float), (1.0, 4.0))
        tags = self.criterion.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "partner_category_ids"
        )
        self.assertEqual(tags.new_value_char, "Audited tag")

    def test_the_criterion_form_shows_its_chatter(self):
        arch = self.env["strategic.criterion"].get_view(view_type="form")["arch"]
        self.assertIn("<chatter", arch)

    def test_settings_changes_are_recorded_on_the_company(self):
        before = self.company.strategic_max_clients
        settings = self.env["res.config.settings"].create(
            {"strategic_max_clients": before + 3, "strategic_min_score": 42}
        )
        settings.execute()
        tracked = self._tracked(self.company)
        self.assertIn("strategic_max_clients", tracked)
        self.assertIn("strategic_min_score", tracked)
        cap = self.company.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "strategic_max_clients"
        ).sorted("id")[-1]  # the latest
        self.assertEqual(
            (cap.old_value_integer, cap.new_value_integer, cap.mail_message_id.author_id),
            (before, before + 3, self.env.user.partner_id),
        )
        self.company.write({"strategic_max_days_late": 40, "strategic_cash_days": 9})
        self.company.write({"strategic_overdue_tolerance": 12.5})
        self.assertLessEqual(
            {"strategic_max_days_late", "strategic_cash_days", "strategic_overdue_tolerance"},
            self._tracked(self.company),
        )

    def test_administrators_find_the_history_from_the_settings(self):
        settings = self.env["res.config.settings"].create({})
        action = settings.action_strategic_open_settings_history()
        self.assertEqual((action["res_model"], action["res_id"]), ("res.company", self.company.id))
        arch = self.env["res.company"].get_view(view_type="form")["arch"]
        self.assertIn("<chatter", arch)
