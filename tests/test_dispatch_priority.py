# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.fields import Command
from odoo.tests import tagged

from .common import StrategicCommon


@tagged("post_install", "-at_install")
class TestDispatchPriority(StrategicCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._criterion("prestige", 1)
        cls.key = cls._customer("Key Account", strategic_prestige=True)
        cls.key_site = cls.env["res.partner"].create(
            {"name": "Key Account site", "parent_id": cls.key.id, "type": "delivery"}
        )
        cls.plain = cls._customer("Plain Client")
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Bag of cement", "is_storable": True, "weight": 25.0, "list_price": 10}
        )
        cls.company._strategic_recompute()

    def _order(self, partner, qty=5, confirm=True):
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "warehouse_id": self.warehouse.id,
                "order_line": [
                    Command.create({"product_id": self.product.id, "product_uom_qty": qty})
                ],
            }
        )
        if confirm:
            order.action_confirm()
        return order

    def _stock(self, qty):
        self.env["stock.quant"]._update_available_quantity(
            self.product, self.warehouse.lot_stock_id, qty
        )

    def test_confirmation_gives_urgent_priority(self):
        self.assertTrue(self.key.is_strategic)
        strategic = self._order(self.key)
        normal = self._order(self.plain)
        self.assertTrue(strategic.strategic_client)
        self.assertEqual(strategic.picking_ids.priority, "1")
        self.assertEqual(set(strategic.picking_ids.move_ids.mapped("priority")), {"1"})
        self.assertTrue(strategic.picking_ids.strategic_client)
        self.assertEqual(normal.picking_ids.priority, "0")
        self.assertFalse(normal.picking_ids.strategic_client)

    def test_child_address_order_is_strategic(self):
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": self.key.id})
        order = self._order(contact)
        self.assertTrue(order.strategic_client)
        self.assertEqual(order.picking_ids.priority, "1")
        order = self.env["sale.order"].create(
            {
                "partner_id": self.key.id,
                "partner_shipping_id": self.key_site.id,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        order.action_confirm()
        self.assertEqual(order.picking_ids.priority, "1")

    def test_backorder_keeps_priority(self):
        self._stock(2)
        picking = self._order(self.key, qty=5).picking_ids
        picking.action_assign()
        picking.move_ids.quantity = 2
        action = picking.button_validate()
        self.env[action["res_model"]].with_context(action["context"]).create({}).process()
        backorder = picking.backorder_ids
        self.assertTrue(backorder)
        self.assertEqual(backorder.priority, "1")
        self.assertEqual(set(backorder.move_ids.mapped("priority")), {"1"})

    def test_reservation_race_on_receipt(self):
        # the non-strategic order waits first, the strategic one second; 5 arrive for 10
        first = self._order(self.plain, qty=5).picking_ids
        second = self._order(self.key, qty=5).picking_ids
        self.assertEqual((first | second).mapped("state"), ["confirmed", "confirmed"])
        receipt = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.in_type_id.id,
                "location_id": self.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": self.warehouse.lot_stock_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": 5,
                            "location_id": self.env.ref("stock.stock_location_suppliers").id,
                            "location_dest_id": self.warehouse.lot_stock_id.id,
                        }
                    )
                ],
            }
        )
        receipt.action_confirm()
        receipt.move_ids.quantity = 5
        receipt.button_validate()
        self.assertEqual(second.state, "assigned")
        self.assertEqual(first.state, "confirmed")

    def test_reservation_race_on_check_availability(self):
        first = self._order(self.plain, qty=5).picking_ids
        second = self._order(self.key, qty=5).picking_ids
        self._stock(5)
        (first | second).action_assign()
        self.assertEqual(second.state, "assigned")
        self.assertEqual(first.state, "confirmed")

    def test_open_deliveries_follow_status_but_not_hand_set_priority(self):
        normal = self._order(self.plain, qty=1).picking_ids
        by_hand = self._order(self.plain, qty=1).picking_ids
        by_hand.priority = "0"  # someone decided: leave it alone
        self.assertTrue(by_hand.priority_set_by_hand)
        self.plain.strategic_prestige = True
        self.company._strategic_recompute()
        self.assertTrue(self.plain.is_strategic)
        self.assertEqual(normal.priority, "1")
        self.assertEqual(normal.move_ids.priority, "1")
        self.assertTrue(normal.strategic_client)
        self.assertIn("urgent", normal.message_ids[0].body)
        self.assertEqual(by_hand.priority, "0")
        # and back
        self.plain.strategic_prestige = False
        self.company._strategic_recompute()
        self.assertEqual(normal.priority, "0")
        self.assertFalse(normal.strategic_client)

    def test_manufacturing_orders_get_priority_where_mrp_is_installed(self):
        if "mrp.production" not in self.env:
            self.skipTest("mrp is not installed in this database")
        self.warehouse.manufacture_to_resupply = True
        component = self.env["product.product"].create({"name": "Sand", "is_storable": True})
        mto = self.env.ref("stock.route_warehouse0_mto")
        mto.active = True
        self.product.route_ids = [
            Command.set([self.warehouse.manufacture_pull_id.route_id.id, mto.id])
        ]
        self.env["mrp.bom"].create(
            {
                "product_tmpl_id": self.product.product_tmpl_id.id,
                "product_qty": 1,
                "bom_line_ids": [Command.create({"product_id": component.id})],
            }
        )
        strategic = self._order(self.key, qty=3)
        normal = self._order(self.plain, qty=3)
        productions = self.env["mrp.production"].search(
            [("product_id", "=", self.product.id), ("company_id", "=", self.company.id)]
        )
        strategic_mo = productions.filtered(
            lambda mo: mo.reference_ids & strategic.stock_reference_ids
        )
        normal_mo = productions.filtered(lambda mo: mo.reference_ids & normal.stock_reference_ids)
        self.assertTrue(strategic_mo and normal_mo)
        self.assertEqual(strategic_mo.priority, "1")
        self.assertEqual(normal_mo.priority, "0")
