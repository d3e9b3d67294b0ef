# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Browser tours (headless Chromium): the addon as its users meet it in the web client.

Each tour's last step is saved as a screenshot in ``.screenshots/`` at the root of the
checkout (git-ignored). Without Chromium, Odoo reports these tests as skipped ("Chrome
executable not found"), never as passed.
"""

from datetime import timedelta

from odoo import fields
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import StrategicCommon, TourScreenshots


@tagged("post_install", "-at_install")
class TestTours(StrategicCommon, TourScreenshots, HttpCase):
    # the browser and the server it talks to run on the real date
    freeze_time = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.write({"password": cls.env.user.login})
        cls.crate = cls.env["product.product"].create(
            {"name": "Tour Crate", "list_price": 100.0, "is_storable": True}
        )
        cls.key = cls._customer("Tour Key Account", strategic_prestige=True)
        cls.small = cls._customer("Tour Small Shop")

    def _make_key_account_strategic(self):
        self._criterion("prestige", 1, benefit="Positioning")
        self.company._strategic_recompute()
        self.assertTrue(self.key.is_strategic)
        self.assertFalse(self.small.is_strategic)

    def _quotation(self, partner, user=None):
        return (
            self.env["sale.order"]
            .with_user(user or self.env.user)
            .create(
                {
                    "partner_id": partner.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.crate.id, "product_uom_qty": 1, "tax_ids": []}
                        )
                    ],
                }
            )
        )

    def test_admin_changes_threshold_and_sees_client_become_strategic(self):
        today = fields.Date.context_today(self.env.user)
        criterion = self._criterion(
            "purchase_amount", 10000, name="Tour purchase volume", period_months=12
        )
        client = self._customer("Tour Client Ltd")
        invoice = self._invoice(client, 5000, today - timedelta(days=20))
        self._pay(invoice, today - timedelta(days=10))
        self.company._strategic_recompute()
        self.assertFalse(client.is_strategic)

        self._start_tour(
            "/odoo/action-strategic_client.action_strategic_criterion",
            "strategic_client_admin_threshold",
            self.env.user.login,
        )

        self.assertEqual(criterion.threshold, 4000)
        self.assertTrue(client.is_strategic)
        self.assertTrue(self._line(client, criterion).met)

    def test_salesperson_confirms_below_minimum_only_for_strategic_client(self):
        self._make_key_account_strategic()
        self.company.sale_min_order_amount = 1000.0
        salesperson = new_test_user(
            self.env,
            "tour_salesperson",
            groups="sales_team.group_sale_salesman",
            company_id=self.company.id,
        )
        key_order = self._quotation(self.key, salesperson)
        small_order = self._quotation(self.small, salesperson)

        self._start_tour(
            "/odoo/action-sale.action_quotations_with_onboarding",
            "strategic_client_salesperson_minimums",
            salesperson.login,
        )

        self.assertEqual(key_order.state, "sale")
        self.assertEqual(small_order.state, "draft")

    def test_warehouse_operator_sees_strategic_transfer_first(self):
        self._make_key_account_strategic()
        orders = self._quotation(self.key) | self._quotation(self.small)
        orders.action_confirm()
        operator = new_test_user(
            self.env, "tour_operator", groups="stock.group_stock_user", company_id=self.company.id
        )
        self.assertFalse(operator.has_group("sales_team.group_sale_salesman"))

        self._start_tour(
            "/odoo/action-stock.action_picking_tree_all",
            "strategic_client_warehouse_transfers",
            operator.login,
        )

    def test_waiver_group_confirms_below_minimums_with_a_reason(self):
        self._make_key_account_strategic()
        self.company.sale_min_order_amount = 1000.0
        waiver = new_test_user(
            self.env,
            "tour_waiver",
            groups="sales_team.group_sale_salesman,strategic_client.group_waive_minimums",
            company_id=self.company.id,
        )
        order = self._quotation(self.small, waiver)

        self._start_tour(
            "/odoo/action-sale.action_quotations_with_onboarding",
            "strategic_client_waive_minimums",
            waiver.login,
        )

        self.assertEqual(order.state, "sale")
        waived = order.message_ids.filtered(
            lambda m: "First order of a chain we want to enter" in m.body
        )
        self.assertEqual(waived.author_id, waiver.partner_id)

    def test_confirmed_quotation_of_a_strategic_client_gets_the_star(self):
        self._make_key_account_strategic()
        salesperson = new_test_user(
            self.env,
            "tour_star_salesperson",
            groups="sales_team.group_sale_salesman,stock.group_stock_user",
            company_id=self.company.id,
        )
        order = self._quotation(self.key, salesperson)

        self._start_tour(
            "/odoo/action-sale.action_quotations_with_onboarding",
            "strategic_client_confirm_star",
            salesperson.login,
        )

        self.assertEqual(order.state, "sale")
        self.assertEqual(order.picking_ids.mapped("priority"), ["1"])
