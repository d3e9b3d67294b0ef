# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, timedelta

from odoo import fields
from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import StrategicCommon


@tagged("post_install", "-at_install")
class TestCollection(StrategicCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._criterion("prestige", 1)
        cls.kam = new_test_user(
            cls.env, "kam", groups="account.group_account_invoice", company_id=cls.company.id
        )
        cls.key = cls._customer(
            "Key Account", strategic_prestige=True, key_account_manager_id=cls.kam.id
        )
        cls.plain = cls._customer("Plain Client", key_account_manager_id=cls.kam.id)
        cls.company._strategic_recompute()

    def _overdue_invoice(self, partner):
        today = fields.Date.today()
        return self._invoice(partner, 100, today - timedelta(days=40), payment_days=30)

    def test_key_account_manager_follows_strategic_invoices(self):
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": self.key.id})
        self.assertEqual(contact.key_account_manager_id, self.kam, "a commercial field")
        invoice = self._invoice(contact, 100, date(2026, 5, 1))
        self.assertTrue(invoice.strategic_client)
        self.assertIn(self.kam.partner_id, invoice.message_partner_ids)
        plain_invoice = self._invoice(self.plain, 100, date(2026, 5, 1))
        self.assertNotIn(self.kam.partner_id, plain_invoice.message_partner_ids)

    def test_one_collection_activity_per_overdue_invoice(self):
        overdue = self._overdue_invoice(self.key)
        self._invoice(self.key, 100, fields.Date.today())  # not due yet
        self._overdue_invoice(self.plain)  # not strategic
        paid = self._overdue_invoice(self.key)
        self._pay(paid, fields.Date.today())
        collection = self.env.ref("strategic_client.mail_activity_type_collection")
        self.env["account.move"]._cron_strategic_collection()
        activities = self.env["mail.activity"].search(
            [("activity_type_id", "=", collection.id), ("res_model", "=", "account.move")]
        )
        self.assertEqual(activities.mapped("res_id"), overdue.ids)
        self.assertEqual(activities.user_id, self.kam)
        # run again, even after the activity is done: never two for the same invoice
        self.env["account.move"]._cron_strategic_collection()
        activities.action_done()
        self.env["account.move"]._cron_strategic_collection()
        self.assertFalse(
            self.env["mail.activity"].search(
                [("activity_type_id", "=", collection.id), ("res_id", "=", overdue.id)]
            )
        )
        self.assertEqual(
            self.env["mail.message"].search_count(
                [
                    ("model", "=", "account.move"),
                    ("res_id", "=", overdue.id),
                    ("mail_activity_type_id", "=", collection.id),
                ]
            ),
            1,
        )

    def test_my_strategic_receivables(self):
        overdue = self._overdue_invoice(self.key)
        self._overdue_invoice(self.plain)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "strategic_client.action_my_strategic_receivables"
        )
        domain = safe_eval(action["domain"], {"uid": self.kam.id})
        found = self.env["account.move"].with_user(self.kam).search(domain)
        self.assertEqual(found, overdue)

    def test_strategic_clients_without_kam_listed_for_administrators(self):
        orphan = self._customer("Orphan", strategic_prestige=True)
        self.company._strategic_recompute()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "strategic_client.action_strategic_clients_without_kam"
        )
        found = self.env["res.partner"].search(safe_eval(action["domain"]))
        self.assertIn(orphan, found)
        self.assertNotIn(self.key, found)
