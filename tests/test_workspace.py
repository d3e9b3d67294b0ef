# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from .common import StrategicCommon


@tagged("post_install", "-at_install")
class TestWorkspace(StrategicCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._criterion("prestige", 1)
        cls.kam = new_test_user(
            cls.env, "kam", groups="sales_team.group_sale_salesman", company_id=cls.company.id
        )
        cls.seller = new_test_user(
            cls.env, "seller", groups="sales_team.group_sale_salesman", company_id=cls.company.id
        )
        cls.client = cls._customer(
            "Key Account",
            strategic_prestige=True,
            key_account_manager_id=cls.kam.id,
            user_id=cls.seller.id,
        )
        cls.buyer = cls.env["res.partner"].create(
            {
                "name": "Ana Buyer",
                "parent_id": cls.client.id,
                "decision_influence": "decision_maker",
            }
        )
        cls.company._strategic_recompute()
        cls.today = fields.Date.context_today(cls.env.user)

    def _done(self, partner, xmlid, days_ago=0):
        activity = partner.activity_schedule(f"strategic_client.{xmlid}", summary=xmlid)
        message = activity._action_done(feedback="done")[0]
        if days_ago:
            self.env.cr.execute(
                SQL(
                    "UPDATE mail_message SET date = %s WHERE id IN %s",
                    fields.Datetime.now() - timedelta(days=days_ago),
                    tuple(message.ids),
                )
            )
            self.env.invalidate_all()
        return message

    def _activities(self, partner, xmlid):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                ("activity_type_id", "=", self.env.ref(f"strategic_client.{xmlid}").id),
            ]
        )

    def test_monitoring_counters(self):
        self._done(self.client, "mail_activity_type_visit")
        self._done(self.buyer, "mail_activity_type_visit")  # with one of its contacts
        self._done(self.client, "mail_activity_type_visit", days_ago=400)  # out of the window
        self._done(self.client, "mail_activity_type_call")
        self._done(self.client, "mail_activity_type_special_service")
        self._done(self.client, "mail_activity_type_courtesy")
        product = self.env["product.product"].create({"name": "Crate", "is_storable": True})
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.company.id)], limit=1
        )
        self.env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 50)
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": self.client.id,
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": 5})
                    ],
                }
                for _i in range(3)
            ]
        )
        orders[0].action_quotation_sent()
        orders[1].action_confirm()  # sent or not, a confirmed quotation was a budget
        # two returns of the confirmed order: one unjustified
        picking = orders[1].picking_ids
        picking.move_ids.quantity = 5
        picking.button_validate()
        for reason in ("return_reason_changed_mind", "return_reason_defect"):
            wizard = (
                self.env["stock.return.picking"]
                .with_context(active_id=picking.id, active_model="stock.picking")
                .create(
                    {"strategic_return_reason_id": self.env.ref(f"strategic_client.{reason}").id}
                )
            )
            wizard.product_return_moves.quantity = 1
            returned = wizard._create_return()
            returned.move_ids.quantity = 1
            returned.button_validate()
        self.env.invalidate_all()
        client = self.client
        self.assertEqual(
            (
                client.strategic_visit_count,
                client.strategic_call_count,
                client.strategic_service_count,
                client.strategic_courtesy_count,
                client.strategic_quotation_count,
                client.strategic_return_count,
                client.strategic_unjustified_return_count,
            ),
            (2, 1, 1, 1, 2, 2, 1),
        )
        action = client.with_context(
            strategic_counter="strategic_unjustified_return_count"
        ).action_strategic_open_monitoring()
        found = self.env[action["res_model"]].search(action["domain"])
        self.assertEqual(found.strategic_return_reason_id.unjustified, True)
        self.assertEqual(len(found), 1)
        # a call without a counter (the external API) gets an error naming the key
        for counter in (None, "name"):
            with self.assertRaisesRegex(UserError, "strategic_counter"):
                client.with_context(strategic_counter=counter).action_strategic_open_monitoring()

    def test_no_visit_job_without_duplicates(self):
        visited = self._customer("Visited", strategic_prestige=True)
        self.company._strategic_recompute()
        self._done(visited, "mail_activity_type_visit", days_ago=3)
        self._done(self.client, "mail_activity_type_visit", days_ago=90)
        partners = self.env["res.partner"]
        partners._strategic_visit_reminders()
        partners._strategic_visit_reminders()
        reminders = self._activities(self.client, "mail_activity_type_visit")
        self.assertEqual(len(reminders), 1)
        self.assertEqual(reminders.user_id, self.kam)
        self.assertFalse(self._activities(visited, "mail_activity_type_visit"))

    def test_stale_profile_job_without_duplicates(self):
        fresh = self._customer("Fresh", profile_reviewed_on=self.today)
        partners = self.env["res.partner"]
        partners._strategic_profile_reviews()
        partners._strategic_profile_reviews()
        review = self._activities(self.client, "mail_activity_type_profile_review")
        self.assertEqual(len(review), 1)
        self.assertEqual(review.user_id, self.kam, "one rule: the key account manager first")
        # without a key account manager, the salesperson
        self.client.sudo().key_account_manager_id = False
        review.unlink()
        partners._strategic_profile_reviews()
        review = self._activities(self.client, "mail_activity_type_profile_review")
        self.assertEqual(review.user_id, self.seller)
        self.assertFalse(self._activities(fresh, "mail_activity_type_profile_review"))
        self.client.action_profile_reviewed()
        self.assertEqual(self.client.profile_reviewed_on, self.today)
        self.assertFalse(self._activities(self.client, "mail_activity_type_profile_review"))
        partners._strategic_profile_reviews()
        self.assertFalse(self._activities(self.client, "mail_activity_type_profile_review"))

    def test_birthday_reminder_once_a_year(self):
        self.buyer.strategic_birthday = (self.today + timedelta(days=3)).replace(year=1980)
        far = self.env["res.partner"].create(
            {
                "name": "Far",
                "parent_id": self.client.id,
                "decision_influence": "user",
                "strategic_birthday": (self.today + timedelta(days=60)).replace(year=1990),
            }
        )
        not_key = self.env["res.partner"].create(
            {
                "name": "Not key",
                "parent_id": self.client.id,
                "strategic_birthday": (self.today + timedelta(days=2)).replace(year=1985),
            }
        )
        partners = self.env["res.partner"]
        partners._strategic_birthday_reminders()
        reminder = self._activities(self.buyer, "mail_activity_type_courtesy")
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.user_id, self.kam)
        self.assertEqual(reminder.date_deadline, self.today + timedelta(days=3))
        reminder.action_done()
        partners._strategic_birthday_reminders()
        self.assertFalse(self._activities(self.buyer, "mail_activity_type_courtesy"))
        self.assertFalse(self._activities(far, "mail_activity_type_courtesy"))
        self.assertFalse(self._activities(not_key, "mail_activity_type_courtesy"))

    def test_profile_completeness(self):
        empty = self._customer("Empty")
        self.assertEqual(empty.profile_completeness, 0)
        self.client.write(
            {
                "profile_annual_sales": 1e6,
                "profile_employees": 40,
                "profile_projections": "Two new plants",
                "profile_achievements": "Award",
                "profile_change_ids": [Command.create({"name": "New owner"})],
                "profile_competitor_visit_ids": [Command.create({"competitor": "Rival"})],
                "profile_certification_ids": [Command.create({"name": "ISO 9001"})],
            }
        )
        self.assertEqual(self.client.profile_completeness, 100)
        self.buyer.decision_influence = False
        self.assertEqual(self.client.profile_completeness, 88)

    def test_current_plan(self):
        plan = self.env["strategic.account.plan"].create(
            {
                "name": "Plan",
                "partner_id": self.client.id,
                "date_from": self.today - timedelta(days=10),
                "date_to": self.today + timedelta(days=100),
                "objective_ids": [Command.create({"name": "Grow", "status": "achieved"})],
            }
        )
        self.assertEqual(self.client.strategic_current_plan_id, plan)
        self.assertEqual(plan.objective_done_count, 1)

    def test_access_profile_for_salespeople_costs_for_administrators(self):
        client = self.client.with_user(self.seller)
        client.read(
            [
                "profile_annual_sales",
                "profile_completeness",
                "profile_change_ids",
                "profile_certification_ids",
            ]
        )
        # the return on investment comes from all salespeople's orders (test_security)
        with self.assertRaises(AccessError):
            client.read(["strategic_roi"])
        # contacts themselves are edited by those Odoo lets edit contacts; the profile's
        # dated log is open to every internal user
        change = (
            self.env["strategic.profile.change"]
            .with_user(self.seller)
            .create({"partner_id": self.client.id, "name": "Moved plant"})
        )
        self.assertIn(change, self.client.profile_change_ids)
        entry = self.env["strategic.cost.entry"].create(
            {"partner_id": self.client.id, "kind": "gift", "amount": 50.0}
        )
        # costs to serve are a figure: not even read by a salesperson of their own documents
        # (test_security, test_visibility)
        with self.assertRaises(AccessError):
            entry.with_user(self.seller).read(["amount"])
        with self.assertRaises(AccessError):
            entry.with_user(self.seller).write({"amount": 1.0})
        with self.assertRaises(AccessError):
            self.env["strategic.cost.entry"].with_user(self.seller).create(
                {"partner_id": self.client.id, "kind": "gift", "amount": 5.0}
            )
