# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import threading
import time
from contextlib import closing

import psycopg2.errors

from odoo import api
from odoo.fields import Command
from odoo.modules.registry import Registry
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import SQL, mute_logger

from odoo.addons.strategic_client.models import strategic_ranking


@tagged("post_install", "-at_install")
class TestConcurrency(TransactionCase):
    """Two recomputes of a company started at once do not both run."""

    def test_second_recompute_skips_with_a_log_line(self):
        company = self.env.ref("base.main_company")
        # this test's transaction runs a recompute, which holds the company's lock ...
        self.assertTrue(company._strategic_recompute())
        # ... so one started meanwhile from another connection skips it, and says so
        with self.registry.cursor() as other_cr:
            other = api.Environment(other_cr, self.env.uid, {})["res.company"].browse(company.id)
            with self.assertLogs(strategic_ranking._logger, logging.INFO) as log:
                self.assertFalse(other._strategic_recompute())
            self.assertIn("another one is running", log.output[0])
            other_cr.rollback()
        # the lock belongs to the transaction: within it, recomputing again is fine
        self.assertTrue(company._strategic_recompute())


@tagged("post_install", "-at_install")
class TestConfirmDuringRecompute(TransactionCase):
    """A salesperson confirms orders, from another connection, while a recompute runs.

    The recompute writes the score lines, history and company-dependent figures (jsonb
    columns of res_partner) of the clients it measures: their rows stay locked until it
    commits. Confirming an order writes the order, its transfers and moves, but not the
    client, so it neither waits for the recompute nor fails; its transfers get the
    priority of the status visible to its own transaction: the last one committed.

    (Only where the recompute changes a client's status does it write the documents of
    that client, to update their strategic flag: confirming one of them then waits for
    the recompute to end, as it must, and Odoo retries it with the new status.)
    """

    @classmethod
    def setUpClass(cls):
        # the other connection only sees committed data: commit the clients and their
        # quotations first (before the test transaction starts, so it sees them too), and
        # remove them at the end, the database serving other tests after these
        registry = Registry(get_db_name())
        with registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            Partner = env["res.partner"].with_company(company)
            # statuses as a previous recompute left them; the overrides keep them through
            # the ranking, so that only figures change in the recompute of the test
            key = Partner.create({"name": "Concurrency Key Client", "is_company": True})
            plain = Partner.create({"name": "Concurrency Plain Client", "is_company": True})
            (key | plain).write({"customer_rank": 1, "strategic_prestige": True})
            key.with_context(strategic_recompute=True).write(
                {"strategic_override": "force_in", "strategic_override_reason": "Key account"}
            )
            plain.with_context(strategic_recompute=True).write(
                {"strategic_override": "force_out", "strategic_override_reason": "Not now"}
            )
            Partner._strategic_write_status(
                company,
                {
                    key.id: dict(
                        Partner._strategic_read_status(company, key)[key.id][0],
                        is_strategic=True,
                        strategic_rank=1,
                        strategic_status_reason="forced_in",
                    )
                },
            )
            product = env["product.product"].create(
                {"name": "Concurrency Crate", "type": "consu", "list_price": 10.0}
            )
            salesperson = env.ref("base.user_demo")
            orders = env["sale.order"].create(
                [
                    {
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "user_id": salesperson.id,
                        "order_line": [
                            Command.create({"product_id": product.id, "product_uom_qty": 3})
                        ],
                    }
                    for partner in (key, plain)
                ]
            )
            cls.company_id, cls.salesperson_id = company.id, salesperson.id
            cls.key_id, cls.plain_id = key.id, plain.id
            cls.key_order_id, cls.plain_order_id = orders.ids
            cls.product_id = product.id
        cls.addClassCleanup(cls._remove_committed_data, registry)
        super().setUpClass()

    @classmethod
    def _remove_committed_data(cls, registry):
        with registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            env["sale.order"].browse([cls.key_order_id, cls.plain_order_id]).unlink()
            env["product.product"].browse(cls.product_id).product_tmpl_id.unlink()
            env["res.partner"].browse([cls.key_id, cls.plain_id]).unlink()

    def _recompute_then_confirm_elsewhere(self, recompute):
        company = self.env["res.company"].browse(self.company_id)
        key, plain = (
            self.env["res.partner"].with_company(company).browse([self.key_id, self.plain_id])
        )
        clients = key | plain
        History = self.env["strategic.score.history"]
        Line = self.env["strategic.score.line"]
        # this test's transaction runs the recompute, and does not commit it
        self.assertTrue(recompute(company, clients))
        self.env.flush_all()
        self.assertGreater(key.strategic_score, 0)
        self.assertEqual(plain.strategic_score, key.strategic_score)
        self.assertEqual(
            set(
                Line.search([("partner_id", "in", clients.ids), ("met", "=", True)]).partner_id.ids
            ),
            set(clients.ids),
        )
        self.assertEqual(len(History.search([("partner_id", "in", clients.ids)])), 2)
        self.assertTrue(key.is_strategic)
        self.assertFalse(plain.is_strategic)

        with closing(self.registry.cursor()) as other_cr:
            # waiting for a lock would fail the test instead of hanging it
            other_cr.execute("SET LOCAL lock_timeout = '5s'")
            # the clients' rows are locked by the recompute: writing them would wait
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(psycopg2.errors.LockNotAvailable),
                other_cr.savepoint(flush=False),
            ):
                other_cr.execute(
                    SQL(
                        "SELECT id FROM res_partner WHERE id = ANY(%s) FOR NO KEY UPDATE NOWAIT",
                        clients.ids,
                    )
                )
            env = api.Environment(
                other_cr, self.salesperson_id, {"allowed_company_ids": [self.company_id]}
            )
            orders = env["sale.order"].browse([self.key_order_id, self.plain_order_id])
            # the salesperson sees the statuses last committed, none of the recompute's work
            seen = orders.partner_id.sudo()
            self.assertEqual(seen.mapped("strategic_score"), [0.0, 0.0])
            self.assertFalse(
                env["strategic.score.line"].sudo().search([("partner_id", "in", clients.ids)])
            )
            self.assertFalse(
                env["strategic.score.history"].sudo().search([("partner_id", "in", clients.ids)])
            )
            self.assertEqual(seen.mapped("is_strategic"), [True, False])

            orders.action_confirm()
            env.flush_all()

            self.assertEqual(orders.mapped("state"), ["sale", "sale"])
            key_order, plain_order = orders.sudo()
            self.assertTrue(key_order.strategic_client)
            self.assertFalse(plain_order.strategic_client)
            self.assertTrue(key_order.picking_ids)
            self.assertEqual(set(key_order.picking_ids.mapped("priority")), {"1"})
            self.assertEqual(set(key_order.picking_ids.move_ids.mapped("priority")), {"1"})
            self.assertTrue(plain_order.picking_ids)
            self.assertEqual(set(plain_order.picking_ids.mapped("priority")), {"0"})
            other_cr.rollback()
        # the recompute is unaffected and still holds its work
        self.assertEqual(len(History.search([("partner_id", "in", clients.ids)])), 2)

    def test_confirm_orders_during_full_recompute(self):
        """The recompute of the list (one transaction): figures, lines, history, ranking."""
        self._recompute_then_confirm_elsewhere(
            lambda company, _clients: company._strategic_recompute()
        )

    def test_confirm_orders_during_batch_of_scheduled_recompute(self):
        """A batch of the scheduled recompute of a large company: the clients' figures."""
        self._recompute_then_confirm_elsewhere(
            lambda company, clients: company._strategic_recompute(clients, rank=False)
        )


@tagged("post_install", "-at_install")
class TestFirstPickConcurrency(TransactionCase):
    """Two confirmations at once, on two connections, against stock an ordinary delivery
    holds: the first to commit wins the units it reserved; the other waits for it (the quant
    rows are locked), fails with a serialization error and is run again by Odoo's own
    retry (``odoo.service.model.retrying``, as for a request), on what is left. Never both
    hold the same units."""

    def setUp(self):
        # the other connections only see committed data: commit it first (before the test
        # transaction starts), and remove it at the end of each test
        registry = Registry(get_db_name())
        with registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
            Partner = env["res.partner"].with_company(company)
            keys = Partner.create(
                [
                    {"name": f"First Pick Key Client {n}", "is_company": True, "customer_rank": 1}
                    for n in (1, 2)
                ]
            )
            plain = Partner.create(
                {"name": "First Pick Plain Client", "is_company": True, "customer_rank": 1}
            )
            # strategic as a recompute would leave them (forced in, so that none undoes it)
            keys.with_context(strategic_recompute=True).write(
                {"strategic_override": "force_in", "strategic_override_reason": "Key account"}
            )
            Partner._strategic_write_status(
                company,
                {
                    key.id: dict(
                        Partner._strategic_read_status(company, key)[key.id][0],
                        is_strategic=True,
                        strategic_rank=1,
                        strategic_status_reason="forced_in",
                    )
                    for key in keys
                },
            )
            product = env["product.product"].create(
                {"name": "First Pick Crate", "is_storable": True, "list_price": 10.0}
            )
            # 12 on hand: 10 held by an ordinary delivery, 2 free
            env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 12)

            def order(partner, qty):
                return env["sale.order"].create(
                    {
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "warehouse_id": warehouse.id,
                        "user_id": env.ref("base.user_demo").id,
                        "order_line": [
                            Command.create({"product_id": product.id, "product_uom_qty": qty})
                        ],
                    }
                )

            holder = order(plain, 10)
            holder.action_confirm()
            orders = holder | order(keys[0], 6) | order(keys[1], 6) | order(plain, 4)
            self.product_id = product.id
            self.order_ids = orders.ids
            self.partner_ids = (keys | plain).ids
        self.addCleanup(self._remove_committed_data, registry)
        super().setUp()

    def _remove_committed_data(self, registry):
        with registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            orders = env["sale.order"].browse(self.order_ids)
            pickings = orders.picking_ids
            pickings.action_cancel()
            orders._action_cancel()
            orders.unlink()
            pickings.unlink()
            product = env["product.product"].browse(self.product_id)
            env["stock.quant"].search([("product_id", "=", product.id)]).unlink()
            env["stock.move"].search([("product_id", "=", product.id)]).unlink()
            product.product_tmpl_id.unlink()
            env["res.partner"].browse(self.partner_ids).unlink()

    def _confirm_on_its_own_connection(self, order_id, started, outcome):
        """Confirm the order on a connection of its own, retried as Odoo retries a request,
        and commit."""
        with closing(self.registry.cursor()) as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            order = env["sale.order"].browse(order_id)

            def confirm():
                started.set()
                outcome["tries"] = outcome.get("tries", 0) + 1
                order.action_confirm()

            retrying(confirm, env)
            cr.commit()

    def _confirm_both_at_once(self, first_id, second_id):
        outcome = {}
        started = threading.Event()
        with closing(self.registry.cursor()) as first_cr:
            env = api.Environment(first_cr, api.SUPERUSER_ID, {})
            env["sale.order"].browse(first_id).action_confirm()
            env.flush_all()
            # the first holds its reservation, uncommitted, while the second confirms
            second = threading.Thread(
                target=self._confirm_on_its_own_connection, args=(second_id, started, outcome)
            )
            second.start()
            started.wait(10)
            time.sleep(1)  # the second now waits for the quants the first has locked
            first_cr.commit()
        second.join(60)
        self.assertFalse(second.is_alive())
        return outcome

    def _held(self, env):
        orders = env["sale.order"].browse(self.order_ids)
        return [
            sum(order.picking_ids.move_ids.move_line_ids.mapped("quantity_product_uom"))
            for order in orders
        ]

    def _assert_nothing_held_twice(self, env):
        quants = env["stock.quant"].search([("product_id", "=", self.product_id)])
        lines = env["stock.move.line"].search(
            [("product_id", "=", self.product_id), ("state", "not in", ("done", "cancel"))]
        )
        self.assertEqual(sum(quants.mapped("quantity")), 12)
        self.assertEqual(sum(quants.mapped("reserved_quantity")), 12)
        self.assertEqual(sum(lines.mapped("quantity_product_uom")), 12)

    def _check(self, expected_held):
        with closing(self.registry.cursor()) as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            self._assert_nothing_held_twice(env)
            self.assertEqual(self._held(env), expected_held)

    def test_strategic_and_ordinary_confirmed_at_once(self):
        _holder, key_1, _key_2, plain = self.order_ids
        outcome = self._confirm_both_at_once(key_1, plain)
        # the ordinary order saw the 2 free units, waited for the strategic one's lock on
        # them, failed, and was run again
        self.assertGreaterEqual(outcome["tries"], 2)
        # the strategic order took the 2 free and 4 of the holder's; none left for the other
        self._check([6, 6, 0, 0])

    def test_two_strategic_confirmed_at_once(self):
        _holder, key_1, key_2, _plain = self.order_ids
        outcome = self._confirm_both_at_once(key_1, key_2)
        self.assertGreaterEqual(outcome["tries"], 2)
        # first come, first served: the first took the 2 free and 4 of the holder's, the
        # second, run again, the holder's last 6
        self._check([0, 6, 6, 0])
