# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Side by side with OCA's priority modules, sale_order_priority and partner_priority.

These classes run only in a database where the OCA module is installed beside the addon
(`make test-odoo` builds one for each); elsewhere (`make test`) they are skipped, saying why.
"""

import unittest

from odoo.fields import Command
from odoo.modules.registry import Registry
from odoo.tests import get_db_name, tagged

from .common import StrategicCommon


def skip_unless_installed(module):
    """Skip the class, before its costly set-up, where ``module`` is not installed."""
    if module not in Registry(get_db_name())._init_modules:
        raise unittest.SkipTest(
            f"OCA's {module} is not installed in this database: `make test-odoo` installs it "
            "beside the addon and runs these tests there."
        )


class OcaPriorityCommon(StrategicCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._criterion("prestige", 1)
        cls.key = cls._customer("Key Account", strategic_prestige=True)
        cls.plain = cls._customer("Plain Client")
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Bag of cement", "is_storable": True, "list_price": 10}
        )
        cls.company._strategic_recompute()

    def _order(self, partner, **vals):
        order = self.env["sale.order"].create(
            dict(
                {
                    "partner_id": partner.id,
                    "warehouse_id": self.warehouse.id,
                    "order_line": [
                        Command.create({"product_id": self.product.id, "product_uom_qty": 5})
                    ],
                },
                **vals,
            )
        )
        order.action_confirm()
        return order


@tagged("post_install", "-at_install")
class TestOcaSaleOrderPriority(OcaPriorityCommon):
    """sale_order_priority gives every sale order a priority (default normal) and sets each
    new delivery's priority to it in stock.move._get_new_picking_values, the hook where the
    addon makes a strategic client's delivery urgent."""

    @classmethod
    def setUpClass(cls):
        skip_unless_installed("sale_order_priority")
        super().setUpClass()

    def test_strategic_delivery_keeps_its_star(self):
        """The order keeps OCA's default priority (normal): the delivery is urgent all the
        same, with its moves, because the client is strategic."""
        order = self._order(self.key)
        self.assertTrue(order.strategic_client)
        self.assertEqual(order.priority, "0")
        self.assertEqual(order.picking_ids.priority, "1")
        self.assertEqual(set(order.picking_ids.move_ids.mapped("priority")), {"1"})
        self.assertFalse(order.picking_ids.priority_set_by_hand)

    def test_addon_override_wraps_oca_one(self):
        """Why the star is kept: Odoo loads the addon after sale_order_priority (it depends
        on more modules), so its _get_new_picking_values runs around OCA's and has the last
        word on the new transfer's priority."""
        owners = [
            cls.__module__
            for cls in type(self.env["stock.move"]).mro()
            if "_get_new_picking_values" in vars(cls)
        ]
        self.assertLess(
            owners.index("odoo.addons.strategic_client.models.stock_move"),
            owners.index("odoo.addons.sale_order_priority.models.stock_move"),
        )

    def test_oca_urgent_ordinary_order_stays_urgent_through_recompute(self):
        """An ordinary client's order made urgent with OCA's field gives an urgent delivery,
        and the addon's recompute of the strategic clients leaves it urgent."""
        order = self._order(self.plain, priority="1")
        self.assertFalse(order.strategic_client)
        delivery = order.picking_ids
        self.assertEqual(delivery.priority, "1")
        self.company._strategic_recompute()
        self.assertFalse(self.plain.is_strategic)
        self.assertEqual(delivery.priority, "1")
        self.assertEqual(set(delivery.move_ids.mapped("priority")), {"1"})

    def _held(self, delivery):
        return sum(delivery.move_ids.move_line_ids.mapped("quantity_product_uom"))

    def test_first_pick_leaves_an_oca_urgent_ordinary_delivery_its_stock(self):
        """The first pick of short stock treats a delivery made urgent by OCA's priority as
        urgent by hand: a strategic order short of stock takes what an ordinary normal
        delivery holds, never what the OCA-urgent one holds."""
        self.assertTrue(self.company.strategic_first_pick)
        self.env["stock.quant"]._update_available_quantity(
            self.product, self.warehouse.lot_stock_id, 10
        )
        urgent = self._order(self.plain, priority="1").picking_ids
        normal = self._order(self.plain).picking_ids
        self.assertTrue(urgent.priority_set_by_hand)
        self.assertEqual((self._held(urgent), self._held(normal)), (5, 5))
        strategic = self._order(self.key).picking_ids
        self.assertEqual(self._held(strategic), 5)
        self.assertEqual((self._held(urgent), self._held(normal)), (5, 0))

    def test_oca_urgent_delivery_stays_urgent_when_its_client_stops_being_strategic(self):
        """A strategic client's order made urgent with OCA's field: its delivery is urgent
        by OCA's choice (set by hand for the addon), so it stays urgent, with its stock,
        when the client stops being strategic; a normal order's delivery goes back to
        normal."""
        self.env["stock.quant"]._update_available_quantity(
            self.product, self.warehouse.lot_stock_id, 10
        )
        urgent = self._order(self.key, priority="1").picking_ids
        starred = self._order(self.key).picking_ids
        self.assertEqual((urgent.priority, starred.priority), ("1", "1"))
        self.assertTrue(urgent.priority_set_by_hand)
        self.assertFalse(starred.priority_set_by_hand)
        self.key.strategic_prestige = False
        self.company._strategic_recompute()
        self.assertFalse(self.key.is_strategic)
        self.assertEqual((urgent.priority, starred.priority), ("1", "0"))
        self.assertEqual(self._held(urgent), 5)
        # an ordinary client's strategic order now takes the stock of the normal one only
        plain_key = self._customer("New Key Account", strategic_prestige=True)
        self.company._strategic_recompute()
        self.assertTrue(plain_key.is_strategic)
        taker = self._order(plain_key).picking_ids
        self.assertEqual(self._held(taker), 5)
        self.assertEqual((self._held(urgent), self._held(starred)), (5, 0))

    def test_ordinary_order_follows_oca_priority(self):
        """Without OCA's urgency, an ordinary client's delivery stays normal: the addon adds
        no star of its own to ordinary orders."""
        order = self._order(self.plain)
        self.assertEqual(order.picking_ids.priority, "0")


@tagged("post_install", "-at_install")
class TestOcaPartnerPriority(OcaPriorityCommon):
    """partner_priority adds a priority level (Low, Normal, Elevated, Critical) to contacts;
    it changes nothing on orders or transfers. The two are independent: the level does not
    make a client strategic, the strategic status does not change the level."""

    @classmethod
    def setUpClass(cls):
        skip_unless_installed("partner_priority")
        super().setUpClass()
        cls.low = cls.env.ref("partner_priority.res_partner_priority_low")
        cls.critical = cls.env.ref("partner_priority.res_partner_priority_critical")

    def test_levels_and_strategic_status_are_independent(self):
        self.key.priority_id = self.low
        self.plain.priority_id = self.critical
        self.company._strategic_recompute()
        self.assertTrue(self.key.is_strategic)
        self.assertFalse(self.plain.is_strategic)
        self.assertEqual(self.key.priority_id, self.low)
        self.assertEqual(self.plain.priority_id, self.critical)
        self.assertEqual(self._order(self.key).picking_ids.priority, "1")
        self.assertEqual(self._order(self.plain).picking_ids.priority, "0")

    def test_contact_form_holds_both(self):
        arch = self.env["res.partner"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="priority_id"', arch)
        self.assertIn('name="is_strategic"', arch)
