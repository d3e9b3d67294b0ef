# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import StrategicCommon, refused_by_constraint


@tagged("post_install", "-at_install")
class TestMinimums(StrategicCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._criterion("prestige", 1, benefit="Positioning")
        cls.key = cls._customer("Key Account", strategic_prestige=True)
        cls.plain = cls._customer("Plain Client")
        cls.company._strategic_recompute()
        cls.company.sale_min_order_amount = 100.0
        cls.units = cls.env.ref("uom.product_uom_unit")
        cls.dozen = cls.env.ref("uom.product_uom_dozen")
        cls.widget = cls.env["product.product"].create(
            {"name": "Widget", "list_price": 10.0, "sale_min_qty": 10, "uom_id": cls.units.id}
        )
        cls.free = cls.env["product.product"].create({"name": "Free", "list_price": 10.0})
        cls.waiver_user = new_test_user(
            cls.env,
            "waiver",
            groups="sales_team.group_sale_manager,strategic_client.group_waive_minimums",
            company_id=cls.company.id,
        )

    def _order(self, partner, lines, currency=None):
        vals = {
            "partner_id": partner.id,
            "order_line": [
                Command.create(
                    {
                        "product_id": product.id,
                        "product_uom_qty": qty,
                        "product_uom_id": (uom or product.uom_id).id,
                        "price_unit": price,
                        "tax_ids": [],
                    }
                )
                for product, qty, price, uom in lines
            ],
        }
        if currency:
            vals["pricelist_id"] = (
                self.env["product.pricelist"]
                .create({"name": currency.name, "currency_id": currency.id})
                .id
            )
        return self.env["sale.order"].create(vals)

    def test_non_strategic_order_below_both_minimums_refused_in_one_message(self):
        order = self._order(self.plain, [(self.widget, 5, 10.0, None)])
        self.assertIn("Untaxed amount", order.strategic_minimum_warning)
        self.assertIn("Widget", order.strategic_minimum_warning)
        with self.assertRaises(UserError) as error:
            order.action_confirm()
        message = str(error.exception)
        self.assertIn(order.name, message)
        self.assertIn("Untaxed amount", message)
        self.assertIn("Widget: 5.00 Units, minimum 10.00 Units", message)
        self.assertEqual(order.state, "draft")

    def test_orders_reaching_the_minimums_confirm(self):
        order = self._order(self.plain, [(self.widget, 10, 10.0, None)])
        self.assertFalse(order.strategic_minimum_warning)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_quantity_in_another_unit_is_converted(self):
        # one dozen = 12 units >= 10 units, worth 120
        order = self._order(self.plain, [(self.widget, 1, 120.0, self.dozen)])
        self.assertFalse(order.strategic_minimum_warning)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_foreign_currency_compared_in_company_currency(self):
        # 1 company unit = 2 foreign: 150 foreign = 75 < 100
        foreign = self.setup_other_currency("EUR", rates=[("2000-01-01", 2.0)])
        order = self._order(self.plain, [(self.free, 1, 150.0, None)], currency=foreign)
        self.assertEqual(order.currency_id, foreign)
        self.assertIn("Untaxed amount", order.strategic_minimum_warning)
        with self.assertRaises(UserError):
            order.action_confirm()
        order.order_line.price_unit = 250.0  # = 125 in company currency
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_strategic_client_orders_any_quantity_waiver_logged(self):
        order = self._order(self.key, [(self.widget, 1, 10.0, None)])
        self.assertTrue(order.strategic_client)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        body = order.message_ids[0].body
        self.assertIn("waived for a strategic client", body)
        self.assertIn("Positioning", body)
        self.assertIn("Widget", body)
        self.assertIn("Untaxed amount", body)

    def test_waiver_group_confirms_with_a_reason(self):
        order = self._order(self.plain, [(self.widget, 2, 10.0, None)])
        wizard = (
            self.env["strategic.minimum.waiver"]
            .with_user(self.waiver_user)
            .create({"order_ids": [Command.set(order.ids)], "reason": "Trial of a new chain"})
        )
        self.assertIn(order.name, wizard.breaches)
        wizard.action_confirm()
        self.assertEqual(order.state, "sale")
        body = order.message_ids[0].body
        self.assertIn("Trial of a new chain", body)
        self.assertIn(self.waiver_user.name, body)

    def test_without_the_group_no_waiver(self):
        seller = new_test_user(
            self.env,
            "seller",
            groups="sales_team.group_sale_salesman_all_leads",
            company_id=self.company.id,
        )
        order = self._order(self.plain, [(self.widget, 2, 10.0, None)])
        with self.assertRaises(AccessError):
            order.with_user(seller).with_context(strategic_waiver_reason="because").action_confirm()
        self.assertEqual(order.state, "draft")

    def test_minimum_check_queries_do_not_grow_with_lines(self):
        small = self._order(self.plain, [(self.widget, 1, 1.0, None)])
        large = self._order(
            self.plain,
            [(self.widget, 1, 1.0, None)]
            + [
                (self.env["product.product"].create({"name": f"P{i}"}), 1, 1.0, None)
                for i in range(20)
            ],
        )
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        small._strategic_breaches()
        queries = self.cr.sql_log_count - before
        self.env.invalidate_all()
        with self.assertQueryCount(queries):
            large._strategic_breaches()

    def test_negative_minimums_refused(self):
        qty = self.widget.sale_min_qty
        with refused_by_constraint(self, self.widget.product_tmpl_id, "Minimum Sale Quantity"):
            self.widget.sale_min_qty = -1
        with refused_by_constraint(self, self.company, "Minimum Order Amount"):
            self.company.sale_min_order_amount = -5
        self.assertEqual(self.widget.sale_min_qty, qty)
        self.assertEqual(self.company.sale_min_order_amount, 100)
