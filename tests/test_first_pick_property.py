# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""First pick of short stock, property-based (hypothesis): random receipts, orders of
strategic and ordinary clients in random order, partial deliveries and returns; after every
operation nothing is reserved twice, nothing is left idle, and no strategic delivery waits
while an ordinary delivery nobody started holds its stock."""

from collections import defaultdict

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from odoo.fields import Command
from odoo.tests import tagged

from .test_first_pick import FirstPickCommon

PRODUCTS = st.integers(0, 1)
QUANTITIES = st.integers(1, 6)
# clients 0 and 1 are strategic, 2 and 3 ordinary
ORDER = st.tuples(st.just("order"), st.integers(0, 3), PRODUCTS, QUANTITIES)
RECEIVE = st.tuples(st.just("receive"), PRODUCTS, QUANTITIES)
OPERATIONS = st.lists(
    st.one_of(
        # receipts and orders come more often than the rest
        RECEIVE,
        RECEIVE,
        ORDER,
        ORDER,
        ORDER,
        # ship what is reserved of an open delivery: in full, or partially with a backorder
        st.tuples(st.just("ship"), st.integers(0, 20)),
        # return part of a shipped delivery to stock
        st.tuples(st.just("return"), st.integers(0, 20), QUANTITIES),
        # someone starts an ordinary delivery (quantity picked), or sets its priority
        st.tuples(st.just("start"), st.integers(0, 20)),
        st.tuples(st.just("by_hand"), st.integers(0, 20)),
    ),
    min_size=3,
    max_size=10,
)


@tagged("post_install", "-at_install")
class TestFirstPickProperty(FirstPickCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gadget = cls.env["product.product"].create(
            {"name": "Gadget", "is_storable": True, "list_price": 10}
        )
        cls.clients = [cls.key, cls.other_key, cls.plain, cls.late]
        cls.suppliers = cls.env.ref("stock.stock_location_suppliers")

    # --- operations ---------------------------------------------------------------------
    def _product(self, index):
        return (self.widget, self.gadget)[index]

    def _validate(self, picking):
        picking.move_ids.picked = True
        action = picking.button_validate()
        if isinstance(action, dict) and action.get("res_model") == "stock.backorder.confirmation":
            wizard = self.env[action["res_model"]].with_context(action["context"])
            wizard.create({}).process()

    def _receive(self, product, qty):
        receipt = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.in_type_id.id,
                "location_id": self.suppliers.id,
                "location_dest_id": self.stock.id,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "location_id": self.suppliers.id,
                            "location_dest_id": self.stock.id,
                        }
                    )
                ],
            }
        )
        receipt.action_confirm()
        receipt.move_ids.quantity = qty
        self._validate(receipt)

    def _open_deliveries(self):
        return self.env["stock.picking"].search(
            [
                ("picking_type_id", "=", self.warehouse.out_type_id.id),
                ("state", "not in", ("draft", "done", "cancel")),
                ("partner_id", "in", [c.id for c in self.clients]),
            ],
            order="id",
        )

    def _ship(self, index):
        deliveries = self._open_deliveries().filtered(lambda p: self._held(p))
        if deliveries:
            self._validate(deliveries[index % len(deliveries)])

    def _return(self, index, qty):
        shipped = self.env["stock.picking"].search(
            [
                ("picking_type_id", "=", self.warehouse.out_type_id.id),
                ("state", "=", "done"),
                ("partner_id", "in", [c.id for c in self.clients]),
            ],
            order="id",
        )
        if not shipped:
            return
        picking = shipped[index % len(shipped)]
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=picking.id, active_model="stock.picking")
            .create({})
        )
        for line in wizard.product_return_moves:
            line.quantity = min(qty, line.move_quantity)
        returned = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
        for move in returned.move_ids:
            move.quantity = move.product_uom_qty
        self._validate(returned)

    def _start(self, index):
        ordinary = self._open_deliveries().filtered(
            lambda p: not p.strategic_client and self._held(p)
        )
        if ordinary:
            ordinary[index % len(ordinary)].move_ids.picked = True

    def _by_hand(self, index):
        deliveries = self._open_deliveries()
        if deliveries:
            picking = deliveries[index % len(deliveries)]
            picking.priority = "1" if picking.priority == "0" else "0"

    def _run(self, operation):
        kind, *args = operation
        if kind == "receive":
            self._receive(self._product(args[0]), args[1])
        elif kind == "order":
            self._order(self.clients[args[0]], args[2], product=self._product(args[1]))
        elif kind == "ship":
            self._ship(args[0])
        elif kind == "return":
            self._return(*args)
        elif kind == "start":
            self._start(args[0])
        else:
            self._by_hand(args[0])

    # --- the limits ---------------------------------------------------------------------
    def _assert_limits(self, operations):
        self.env.flush_all()
        self.env.invalidate_all()
        products = self.widget | self.gadget
        quants = self.env["stock.quant"].search(
            [("product_id", "in", products.ids), ("location_id", "child_of", self.stock.id)]
        )
        lines = self.env["stock.move.line"].search(
            [
                ("product_id", "in", products.ids),
                ("state", "not in", ("done", "cancel")),
                ("location_id", "child_of", self.stock.id),
            ]
        )
        reserved_by_lines = defaultdict(float)
        for line in lines:
            reserved_by_lines[line.product_id, line.location_id] += line.quantity_product_uom
        free = defaultdict(float)
        for quant in quants:
            key = (quant.product_id, quant.location_id)
            # nothing reserved twice: what the quant holds is what the lines reserve, and
            # never more than is on hand
            self.assertAlmostEqual(quant.reserved_quantity, reserved_by_lines[key], msg=operations)
            self.assertLessEqual(quant.reserved_quantity, quant.quantity + 1e-6, operations)
            free[quant.product_id] += quant.quantity - quant.reserved_quantity
        moves = self._open_deliveries().move_ids.filtered(
            lambda m: m.state not in ("done", "cancel")
        )
        for move in moves.filtered(lambda m: m.state in ("confirmed", "partially_available")):
            # nothing left idle: no delivery waits while stock it could take lies unreserved
            self.assertLessEqual(free[move.product_id], 1e-6, (move.picking_id.name, operations))
            if move.picking_id.strategic_client and move.picking_id.priority == "1":
                # first pick: no ordinary delivery nobody started keeps its stock
                givers = moves.filtered(
                    lambda m, product=move.product_id: (
                        m.product_id == product
                        and m.move_line_ids
                        and not m.picked
                        and not m.picking_id.strategic_client
                        and m.picking_id.priority == "0"
                        and not m.picking_id.priority_set_by_hand
                    )
                )
                self.assertFalse(givers, (move.picking_id.name, operations))

    @settings(
        max_examples=20,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(operations=OPERATIONS)
    # the case of the issue: an ordinary delivery holds all the stock, a strategic order comes
    @example(operations=[("receive", 0, 6), ("order", 2, 0, 6), ("order", 0, 0, 4)])
    # and after a partial delivery, a return and a delivery started by someone
    @example(
        operations=[
            ("receive", 0, 3),
            ("order", 3, 0, 5),
            ("ship", 0),
            ("order", 2, 0, 4),
            ("return", 0, 2),
            ("start", 0),
            ("receive", 0, 2),
            ("order", 1, 0, 6),
            ("receive", 0, 3),
        ]
    )
    def test_random_operations_keep_the_limits(self, operations):
        with self.env.cr.savepoint() as savepoint:
            done = []
            for operation in operations:
                self._run(operation)
                done.append(operation)
                self._assert_limits(done)
            savepoint.rollback()
        self.env.invalidate_all()
