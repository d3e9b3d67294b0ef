# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""First pick of short stock: a strategic client's delivery takes back the stock reserved for
ordinary clients' deliveries nobody has started."""

from datetime import datetime, timedelta

from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import html2plaintext

from .common import StrategicCommon, TourScreenshots


class FirstPickCommon(StrategicCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._criterion("prestige", 1, benefit="Positioning")
        cls.key = cls._customer("Andes Supermarkets", strategic_prestige=True)
        cls.other_key = cls._customer("Pacific Distribution", strategic_prestige=True)
        cls.plain = cls._customer("Plain Grocer")
        cls.late = cls._customer("Late Grocer")
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.stock = cls.warehouse.lot_stock_id
        if "auto_batch" in cls.env["stock.picking.type"]._fields:
            # stock_picking_batch puts a new warehouse's deliveries into automatic batches,
            # which keep their stock (test_automatic_batch_keeps_its_stock): not here
            cls.env["stock.picking.type"].search(
                [("warehouse_id.company_id", "=", cls.company.id)]
            ).auto_batch = False
        cls.widget = cls.env["product.product"].create(
            {"name": "Widget", "is_storable": True, "list_price": 10}
        )
        cls.company._strategic_recompute()

    def _order(self, partner, qty, product=None, uom=None, days=0, warehouse=None, user=None):
        line = {"product_id": (product or self.widget).id, "product_uom_qty": qty}
        if uom:
            line["product_uom_id"] = uom.id
        order = (
            self.env["sale.order"]
            .with_user(user or self.env.user)
            .create(
                {
                    "partner_id": partner.id,
                    "warehouse_id": (warehouse or self.warehouse).id,
                    "commitment_date": datetime(2026, 7, 10) + timedelta(days=days),
                    "order_line": [Command.create(line)],
                }
            )
        )
        order.action_confirm()
        return order.sudo()

    def _stock(self, qty, product=None, location=None):
        self.env["stock.quant"]._update_available_quantity(
            product or self.widget, location or self.stock, qty
        )

    def _held(self, picking):
        return sum(picking.move_ids.move_line_ids.mapped("quantity_product_uom"))

    def _notes(self, picking):
        return [
            html2plaintext(message.body)
            for message in picking.message_ids
            if message.message_type == "comment"
        ]


@tagged("post_install", "-at_install")
class TestFirstPick(FirstPickCommon):
    def test_strategic_order_takes_stock_reserved_for_an_ordinary_delivery(self):
        self._stock(10)
        ordinary = self._order(self.plain, 10).picking_ids
        self.assertEqual(ordinary.state, "assigned")
        strategic = self._order(self.key, 6).picking_ids
        self.assertEqual(strategic.priority, "1")
        self.assertEqual(strategic.state, "assigned")
        self.assertEqual(self._held(strategic), 6)
        self.assertEqual(self._held(ordinary), 4)
        self.assertEqual(ordinary.state, "assigned")  # partially: Odoo's "Ready" (move policy)
        self.assertEqual(ordinary.move_ids.state, "partially_available")
        self.assertIn(
            f"6 Units of Widget went to {strategic.name} of Andes Supermarkets, a strategic "
            "client; this delivery now holds 4 of 10.",
            self._notes(ordinary),
        )
        self.assertIn(
            f"6 Units of Widget taken from {ordinary.name} of Plain Grocer, reserved for an "
            "ordinary client and not started; this strategic delivery now holds 6 of 6.",
            self._notes(strategic),
        )
        # nothing reserved twice: the quant holds exactly what the move lines reserve
        quant = self.env["stock.quant"].search(
            [("product_id", "=", self.widget.id), ("location_id", "=", self.stock.id)]
        )
        self.assertEqual(quant.quantity, 10)
        self.assertEqual(quant.reserved_quantity, 10)

    def test_free_stock_first_then_the_delivery_needed_latest_gives(self):
        self._stock(12)
        soon = self._order(self.plain, 5, days=1).picking_ids
        later = self._order(self.late, 5, days=9).picking_ids
        self.assertEqual(self._held(soon) + self._held(later), 10)
        strategic = self._order(self.key, 6).picking_ids
        # 2 free units, then 4 from the delivery needed latest; the other keeps all
        self.assertEqual(self._held(strategic), 6)
        self.assertEqual(self._held(later), 1)
        self.assertEqual(self._held(soon), 5)
        self.assertFalse(self._notes(soon))
        self.assertIn(
            f"4 Units of Widget taken from {later.name} of Late Grocer, reserved for an "
            "ordinary client and not started; this strategic delivery now holds 6 of 6.",
            self._notes(strategic),
        )

    def test_two_givers_are_both_named(self):
        self._stock(6)
        soon = self._order(self.plain, 3, days=1).picking_ids
        later = self._order(self.late, 3, days=9).picking_ids
        strategic = self._order(self.key, 5).picking_ids
        self.assertEqual(self._held(strategic), 5)
        self.assertEqual((self._held(soon), self._held(later)), (1, 0))
        self.assertEqual(later.state, "confirmed")
        notes = self._notes(strategic)[0]
        self.assertIn(f"3 Units of Widget taken from {later.name}", notes)
        self.assertIn(f"2 Units of Widget taken from {soon.name}", notes)
        self.assertIn("now holds 1 of 3.", self._notes(soon)[0])
        self.assertIn("now holds 0 of 3.", self._notes(later)[0])

    def test_never_taken_from_started_hand_set_or_strategic_deliveries(self):
        self._stock(5)
        picked = self._order(self.plain, 1, days=1).picking_ids
        picked.move_ids.picked = True
        printed = self._order(self.plain, 1, days=2).picking_ids
        printed.do_print_picking()
        by_hand = self._order(self.plain, 1, days=3).picking_ids
        by_hand.priority = "0"  # someone decided: it keeps its stock
        self.assertTrue(by_hand.priority_set_by_hand)
        urgent_by_hand = self._order(self.plain, 1, days=4).picking_ids
        urgent_by_hand.priority = "1"
        strategic_first = self._order(self.other_key, 1, days=5).picking_ids
        givers = picked | printed | by_hand | urgent_by_hand | strategic_first
        self.assertEqual(set(givers.mapped("state")), {"assigned"})

        strategic = self._order(self.key, 3).picking_ids

        self.assertEqual(strategic.state, "confirmed")
        self.assertEqual(self._held(strategic), 0)
        for picking in givers:
            self.assertEqual(self._held(picking), 1, picking.name)
            self.assertFalse(self._notes(picking), picking.name)

    def test_never_taken_from_an_ordinary_delivery_made_urgent_by_another_module(self):
        """OCA's sale_order_priority makes an ordinary order's delivery urgent in the values
        of the new transfer (stock.move._get_new_picking_values): the transfer is created
        urgent, nobody writes its priority. Odoo 19 alone drops a procurement's priority
        (the moves follow their transfer's), so the transfer is created urgent here with
        values of the same kind: it counts as set by hand, and keeps its stock."""
        self._stock(4)
        urgent = self._delivery(self.plain, 4, priority="1")
        self.assertTrue(urgent.priority_set_by_hand)
        self.assertFalse(urgent.strategic_client)
        self.assertEqual(self._held(urgent), 4)
        strategic = self._order(self.key, 2).picking_ids
        self.assertEqual(strategic.priority, "1")
        self.assertFalse(strategic.priority_set_by_hand)
        self.assertEqual(self._held(strategic), 0)
        self.assertEqual(self._held(urgent), 4)

    def test_other_warehouse_keeps_its_stock(self):
        other = self.env["stock.warehouse"].create({"name": "Second Warehouse", "code": "WH2"})
        self._stock(5, location=other.lot_stock_id)
        there = self._order(self.plain, 5, warehouse=other).picking_ids
        self.assertEqual(self._held(there), 5)
        strategic = self._order(self.key, 3).picking_ids
        self.assertEqual(self._held(strategic), 0)
        self.assertEqual(self._held(there), 5)

    def test_setting_off_only_the_star(self):
        self.company.strategic_first_pick = False
        self._stock(10)
        ordinary = self._order(self.plain, 10).picking_ids
        strategic = self._order(self.key, 6).picking_ids
        self.assertEqual(strategic.priority, "1")
        self.assertEqual(self._held(strategic), 0)
        self.assertEqual(self._held(ordinary), 10)

    def _delivery(self, partner, qty, uom=None, priority="0"):
        """A delivery made by hand in the warehouse (no order), confirmed and reserved."""
        customers = self.env.ref("stock.stock_location_customers")
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.out_type_id.id,
                "partner_id": partner.id,
                "location_id": self.stock.id,
                "location_dest_id": customers.id,
                "priority": priority,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": self.widget.id,
                            "product_uom_qty": qty,
                            "product_uom": (uom or self.widget.uom_id).id,
                            "location_id": self.stock.id,
                            "location_dest_id": customers.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        return picking

    def test_units_of_measure(self):
        """An ordinary delivery of 2 Dozens gives 12 Units to a strategic order of 1 Dozen
        (its delivery in Units, the product's)."""
        dozen = self.env.ref("uom.product_uom_dozen")
        self.widget.uom_ids = dozen
        self._stock(24)
        ordinary = self._delivery(self.plain, 2, uom=dozen)
        self.assertEqual(ordinary.move_ids.quantity, 2)
        strategic = self._order(self.key, 1, uom=dozen).picking_ids
        self.assertEqual(self._held(strategic), 12)
        self.assertEqual(ordinary.move_ids.product_uom, dozen)
        self.assertEqual(ordinary.move_ids.quantity, 1)
        self.assertIn(
            f"12 Units of Widget went to {strategic.name} of Andes Supermarkets, a strategic "
            "client; this delivery now holds 12 of 24.",
            self._notes(ordinary),
        )

    def test_lots_are_reserved_by_odoo(self):
        lotted = self.env["product.product"].create(
            {"name": "Lotted Widget", "is_storable": True, "tracking": "lot"}
        )
        Lot = self.env["stock.lot"]
        for name, qty in (("L1", 3), ("L2", 3)):
            lot = Lot.create({"name": name, "product_id": lotted.id})
            self.env["stock.quant"]._update_available_quantity(lotted, self.stock, qty, lot_id=lot)
        ordinary = self._order(self.plain, 6, product=lotted).picking_ids
        strategic = self._order(self.key, 4, product=lotted).picking_ids
        self.assertEqual(self._held(strategic), 4)
        self.assertEqual(self._held(ordinary), 2)
        self.assertTrue(all(strategic.move_line_ids.mapped("lot_id")))
        quants = self.env["stock.quant"].search([("product_id", "=", lotted.id)])
        self.assertEqual(sum(quants.mapped("reserved_quantity")), 6)
        for quant in quants:
            self.assertLessEqual(quant.reserved_quantity, quant.quantity)

    def test_two_step_delivery_takes_at_its_first_step(self):
        self.warehouse.delivery_steps = "pick_ship"
        self._stock(10)
        ordinary = self._order(self.plain, 10).picking_ids
        self.assertEqual(ordinary.picking_type_id, self.warehouse.pick_type_id)
        strategic = self._order(self.key, 6).picking_ids
        self.assertEqual(strategic.picking_type_id, self.warehouse.pick_type_id)
        self.assertEqual(strategic.priority, "1")
        self.assertEqual(self._held(strategic), 6)
        self.assertEqual(self._held(ordinary), 4)
        self.assertIn(f"went to {strategic.name} of Andes Supermarkets", self._notes(ordinary)[0])

    def test_batch_keeps_its_stock(self):
        if "batch_id" not in self.env["stock.picking"]._fields:
            self.skipTest("stock_picking_batch is not installed in this database")
        self._stock(4)
        in_batch = self._order(self.plain, 4).picking_ids
        self.env["stock.picking.batch"].create({"picking_ids": [Command.set(in_batch.ids)]})
        strategic = self._order(self.key, 2).picking_ids
        self.assertEqual(self._held(strategic), 0)
        self.assertEqual(self._held(in_batch), 4)

    def test_automatic_batch_keeps_its_stock(self):
        if "batch_id" not in self.env["stock.picking"]._fields:
            self.skipTest("stock_picking_batch is not installed in this database")
        self.warehouse.out_type_id.auto_batch = True
        self._stock(4)
        in_batch = self._order(self.plain, 4).picking_ids
        self.assertTrue(in_batch.batch_id)
        strategic = self._order(self.key, 2).picking_ids
        self.assertEqual(self._held(strategic), 0)
        self.assertEqual(self._held(in_batch), 4)

    def test_check_availability_by_an_inventory_user(self):
        self.company.strategic_first_pick = False
        self._stock(5)
        ordinary = self._order(self.plain, 5).picking_ids
        strategic = self._order(self.key, 3).picking_ids
        self.assertEqual(self._held(strategic), 0)
        self.company.strategic_first_pick = True
        operator = new_test_user(
            self.env,
            "first_pick_operator",
            groups="stock.group_stock_user",
            company_id=self.company.id,
        )
        strategic.with_user(operator).action_assign()
        self.assertEqual(self._held(strategic), 3)
        self.assertEqual(self._held(ordinary), 2)
        note = ordinary.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertEqual(note.author_id, operator.partner_id)
        self.assertEqual(strategic.message_ids[0].author_id, operator.partner_id)

    def test_confirmation_by_a_salesperson(self):
        self._stock(5)
        ordinary = self._order(self.plain, 5).picking_ids
        salesperson = new_test_user(
            self.env,
            "first_pick_salesperson",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
            company_id=self.company.id,
        )
        self.assertFalse(salesperson.has_group("stock.group_stock_user"))
        strategic = self._order(self.key, 3, user=salesperson).picking_ids
        self.assertEqual(self._held(strategic), 3)
        self.assertEqual(self._held(ordinary), 2)
        for picking in ordinary | strategic:
            note = picking.message_ids.filtered(lambda m: m.message_type == "comment")
            self.assertEqual(note.author_id, salesperson.partner_id)

    def test_scheduler_run(self):
        self.company.strategic_first_pick = False
        self._stock(5)
        ordinary = self._order(self.plain, 5).picking_ids
        strategic = self._order(self.key, 3).picking_ids
        self.company.strategic_first_pick = True
        self.env["stock.rule"].run_scheduler()
        self.assertEqual(self._held(strategic), 3)
        self.assertEqual(self._held(ordinary), 2)

    def test_client_becoming_strategic_takes_the_star_then_its_first_pick(self):
        self._stock(5)
        ordinary = self._order(self.plain, 5).picking_ids
        waiting = self._order(self.late, 3).picking_ids
        self.assertEqual((waiting.priority, self._held(waiting)), ("0", 0))
        self.late.strategic_prestige = True
        self.company._strategic_recompute()
        self.assertTrue(self.late.is_strategic)
        self.assertEqual(waiting.priority, "1")
        self.assertEqual(self._held(waiting), 3)
        self.assertEqual(self._held(ordinary), 2)
        self.assertIn(f"went to {waiting.name} of Late Grocer", self._notes(ordinary)[0])

    def test_client_becoming_strategic_two_step_first_step_takes_the_star(self):
        self.warehouse.delivery_steps = "pick_ship"
        self._stock(5)
        ordinary = self._order(self.plain, 5).picking_ids
        waiting = self._order(self.late, 3).picking_ids
        self.late.strategic_prestige = True
        self.company._strategic_recompute()
        self.assertEqual(waiting.priority, "1")
        self.assertEqual(self._held(waiting), 3)
        self.assertEqual(self._held(ordinary), 2)

    # --- set-based ----------------------------------------------------------------------
    def _quotation(self, partner, qty):
        return self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "warehouse_id": self.warehouse.id,
                "order_line": [
                    Command.create({"product_id": self.widget.id, "product_uom_qty": qty})
                ],
            }
        )

    def _queries_of_confirming_after(self, prepare):
        """Queries of confirming a strategic order of 2 Widgets after ``prepare()``, in a
        savepoint rolled back afterwards (measured twice: the first run fills the caches)."""
        counts = []
        for _run in range(2):
            with self.env.cr.savepoint(flush=False) as savepoint:
                prepare()
                strategic = self._quotation(self.key, 2)
                self.env.flush_all()
                self.env.invalidate_all()
                before = self.env.cr.sql_log_count
                strategic.action_confirm()
                self.env.flush_all()
                counts.append(self.env.cr.sql_log_count - before)
                self.assertEqual(self._held(strategic.picking_ids), 2)
                savepoint.rollback()
            self.env.invalidate_all()
        return counts[-1]

    def _holders(self, count):
        """``count`` ordinary deliveries of 2 Widgets needed soon, one needed later: all the
        stock is theirs."""

        def prepare():
            self._stock(2 * count + 2)
            for day in range(count):
                self._order(self.plain, 2, days=day)
            self._order(self.late, 2, days=30)

        return prepare

    def test_one_grouped_search_whatever_the_number_of_candidates(self):
        """The strategic order needs what the delivery needed latest holds: the queries of its
        confirmation do not grow with the number of other ordinary deliveries holding stock
        of the product (they are found by one search, and left alone)."""
        self.assertEqual(
            self._queries_of_confirming_after(self._holders(1)),
            self._queries_of_confirming_after(self._holders(6)),
        )

    def test_no_short_stock_costs_one_query(self):
        """With stock enough, the first pick adds one query to the confirmation: the lock on
        the stock it reserves (stock.move._strategic_lock_stock)."""

        def prepare(enabled):
            self.company.strategic_first_pick = enabled
            self._stock(10)
            self._order(self.plain, 2)

        self.assertEqual(
            self._queries_of_confirming_after(lambda: prepare(False)) + 1,
            self._queries_of_confirming_after(lambda: prepare(True)),
        )


@tagged("post_install", "-at_install")
class TestStarOnlyAlongStrategicChains(FirstPickCommon):
    def test_urgent_manufacturing_order_without_client_keeps_its_component_transfer_normal(self):
        if "mrp.production" not in self.env:
            self.skipTest("mrp is not installed in this database")
        self.warehouse.manufacture_steps = "pbm"
        component = self.env["product.product"].create({"name": "Sand", "is_storable": True})
        self.env["mrp.bom"].create(
            {
                "product_tmpl_id": self.widget.product_tmpl_id.id,
                "product_qty": 1,
                "bom_line_ids": [Command.create({"product_id": component.id})],
            }
        )
        production = self.env["mrp.production"].create(
            {"product_id": self.widget.id, "product_qty": 2, "priority": "1"}
        )
        production.action_confirm()
        self.assertEqual(production.move_raw_ids.priority, "1")
        feeding = production.picking_ids.filtered(
            lambda p: p.picking_type_id == self.warehouse.pbm_type_id
        )
        self.assertTrue(feeding)
        self.assertEqual(feeding.priority, "0")


@tagged("post_install", "-at_install")
class TestFirstPickTour(StrategicCommon, TourScreenshots, HttpCase):
    # the browser and the server it talks to run on the real date
    freeze_time = None

    def _prepare(self):
        self.env.user.write({"password": self.env.user.login})
        self._criterion("prestige", 1, benefit="Positioning")
        key = self._customer("First Pick Andes", strategic_prestige=True)
        plain = self._customer("First Pick Grocer")
        self.company._strategic_recompute()
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.company.id)], limit=1
        )
        if "auto_batch" in self.env["stock.picking.type"]._fields:
            warehouse.out_type_id.auto_batch = False
        widget = self.env["product.product"].create(
            {"name": "First Pick Widget", "is_storable": True, "list_price": 10}
        )
        self.env["stock.quant"]._update_available_quantity(widget, warehouse.lot_stock_id, 10)

        def order(partner, qty, policy="direct"):
            return self.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "warehouse_id": warehouse.id,
                    "picking_policy": policy,
                    "order_line": [
                        Command.create({"product_id": widget.id, "product_uom_qty": qty})
                    ],
                }
            )

        ordinary = order(plain, 10, policy="one")
        ordinary.action_confirm()
        self.assertEqual(ordinary.picking_ids.state, "assigned")
        return order(key, 6), ordinary.picking_ids

    def _assert_first_pick(self, strategic_order, ordinary):
        self.assertEqual(strategic_order.state, "sale")
        strategic = strategic_order.picking_ids
        self.assertEqual(strategic.state, "assigned")
        self.assertEqual(strategic.move_ids.quantity, 6)
        self.assertEqual(ordinary.state, "confirmed")
        self.assertEqual(ordinary.move_ids.quantity, 4)
        self.assertIn(f"went to {strategic.name} of First Pick Andes", self._note(ordinary).body)
        self.assertIn(
            f"taken from {ordinary.name} of First Pick Grocer", self._note(strategic).body
        )
        self.assertEqual(self._note(strategic).author_id, self.env.user.partner_id)

    def _note(self, picking):
        return picking.message_ids.filtered(lambda m: m.message_type == "comment")

    def test_confirm_a_strategic_order_against_reserved_stock(self):
        strategic_order, ordinary = self._prepare()
        self._start_tour(
            "/odoo/action-sale.action_quotations_with_onboarding",
            "strategic_client_first_pick",
            self.env.user.login,
        )
        self._assert_first_pick(strategic_order, ordinary)

    def test_confirm_a_strategic_order_against_reserved_stock_in_spanish(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"].search(
            [("name", "in", ("base", "web", "mail", "uom", "sale", "stock", "strategic_client"))]
        )._update_translations(["es_ES"])
        self.env.user.lang = "es_ES"
        strategic_order, ordinary = self._prepare()
        self._start_tour(
            "/odoo/action-sale.action_quotations_with_onboarding",
            "strategic_client_first_pick",
            self.env.user.login,
            screenshot="strategic_first_pick_es",
        )
        strategic = strategic_order.picking_ids
        self.assertIn(f"fueron a {strategic.name} de First Pick Andes", self._note(ordinary).body)

    def test_turn_it_off_in_the_settings(self):
        self.env.user.write({"password": self.env.user.login})
        self.assertTrue(self.company.strategic_first_pick)
        self._start_tour(
            "/odoo/action-sale.action_sale_config_settings",
            "strategic_client_first_pick_setting",
            self.env.user.login,
        )
        self.assertFalse(self.company.strategic_first_pick)
