# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The actions on one client cost the same whatever the number of clients: saving an
override, a client's Recompute, confirming an order. They measure that client only, decide
its Top % criteria against the cut-offs of the last full recompute, and place it in the
stored ranking; the full recompute (the scheduled job, Recompute now) measures everyone."""

from datetime import date

from odoo.fields import Command
from odoo.tests import tagged

from .common import StrategicCommon


@tagged("post_install", "-at_install")
class TestOneClientActions(StrategicCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.strategic_max_clients = 3
        cls.amount = cls._criterion("purchase_amount", 20, threshold_type="top_percent", weight=3)
        cls.prestige = cls._criterion("prestige", 1, weight=1)

    def _new_clients(self, count, first_amount):
        """``count`` clients created in bulk, each with one posted invoice, of amounts
        first_amount, first_amount + 10, ...: the last created is the best."""
        partners = self.env["res.partner"].create(
            [
                {"name": f"Client {first_amount + 10 * i}", "is_company": True, "customer_rank": 1}
                for i in range(count)
            ]
        )
        self.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": date(2026, 1, 15),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": self.product_a.id,
                                "price_unit": first_amount + 10 * i,
                                "tax_ids": [],
                            }
                        )
                    ],
                }
                for i, partner in enumerate(partners)
            ]
        ).action_post()
        return partners

    def _full_recompute(self):
        self._recompute()
        self.env.flush_all()
        self.env.invalidate_all()

    def _queries(self, action):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        action()
        self.env.flush_all()
        return self.cr.sql_log_count - before

    def _status(self):
        clients = self.env["res.partner"].search([("customer_rank", ">", 0)])
        return self.env["res.partner"]._strategic_read_status(self.company, clients)

    def _force_in(self, partner):
        partner.write({"strategic_override": "force_in", "strategic_override_reason": "Chain"})

    def _grow_to_three_times(self, clients):
        """Twice as many clients again, all below the first ones (amounts 1-..)."""
        self._new_clients(2 * len(clients), 1)
        self._full_recompute()

    # --- cost ---------------------------------------------------------------------------
    def test_override_costs_the_same_at_n_and_3n_clients(self):
        clients = self._new_clients(15, 1000)
        self._full_recompute()
        at_n = self._queries(lambda: self._force_in(clients[0]))
        self.assertTrue(clients[0].is_strategic)
        self.assertEqual(clients[0].strategic_rank, 1)
        self.assertEqual(clients[-3].strategic_status_reason, "over_cap", "pushed over the cap")
        self._grow_to_three_times(clients)
        with self.assertQueryCount(at_n):
            self._force_in(clients[1])
            self.env.flush_all()
        # forced in both, the larger amount invoiced first
        self.assertEqual(clients[1].strategic_rank, 1)
        self.assertEqual(clients[0].strategic_rank, 2)
        self.assertEqual(clients[-2].strategic_status_reason, "over_cap", "pushed over the cap")

    def test_client_recompute_costs_the_same_at_n_and_3n_clients(self):
        clients = self._new_clients(15, 1000)
        self._full_recompute()
        self._invoice(clients[0], 10_000, date(2026, 3, 1))
        at_n = self._queries(clients[0].action_strategic_recompute)
        self.assertEqual(clients[0].strategic_rank, 1)
        self.assertEqual(clients[-3].strategic_status_reason, "over_cap", "pushed over the cap")
        self._grow_to_three_times(clients)
        self._invoice(clients[1], 20_000, date(2026, 3, 1))
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(at_n):
            clients[1].action_strategic_recompute()
            self.env.flush_all()
        self.assertEqual(clients[1].strategic_rank, 1)

    def test_order_confirmation_costs_the_same_at_n_and_3n_clients(self):
        clients = self._new_clients(15, 1000)
        self._full_recompute()

        def confirm(partner):
            order = self.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "order_line": [
                        Command.create({"product_id": self.product_a.id, "product_uom_qty": 1})
                    ],
                }
            )
            self.env.flush_all()
            self.env.invalidate_all()
            return self._queries(order.action_confirm)

        # a first order of a strategic client fills the caches (stock, the waiver's note)
        confirm(clients[-3])
        # each measured order is its client's first, at N and at 3N clients
        at_n = confirm(clients[-1])
        self._grow_to_three_times(clients)
        self.assertEqual(confirm(clients[-2]), at_n)

    # --- what they decide ---------------------------------------------------------------
    def test_override_decides_as_the_full_recompute(self):
        clients = self._new_clients(12, 1000)
        famous = self._customer("Famous", strategic_prestige=True)
        self._full_recompute()
        self._force_in(clients[2])
        clients[-1].write({"strategic_override": "force_out", "strategic_override_reason": "X"})
        famous.write({"strategic_override": "force_in", "strategic_override_reason": "Y"})
        famous.write({"strategic_override": "auto"})
        self.env.flush_all()
        after_overrides = self._status()
        self._full_recompute()
        self.assertEqual(self._status(), after_overrides, "same ranks, reasons and figures")

    def test_client_recompute_decides_against_the_stored_cutoff(self):
        clients = self._new_clients(10, 1000)  # top 20 %: the best two, cut-off 1080
        self._full_recompute()
        self.assertEqual(self.amount.top_cutoff, 1080.0)
        self.assertTrue(self.amount.top_cutoff_date)
        self.assertIn(
            "Top % cut-offs measured for every client on", clients[-1].strategic_status_message
        )
        # two new big clients would raise the cut-off; the Recompute of one client does not
        # measure them: it decides against the stored cut-off
        bigger = self._new_clients(2, 5000)
        self._invoice(clients[0], 80, date(2026, 3, 1))  # 1000 + 80: reaches 1080
        clients[0].action_strategic_recompute()
        self.assertTrue(self._line(clients[0], self.amount).met)
        self.assertFalse(bigger[0].strategic_status_reason, "not measured yet")
        # the full recompute measures everyone: the cut-off rises, clients[0] misses it
        self._full_recompute()
        self.assertEqual(self.amount.top_cutoff, 1090.0)
        self.assertFalse(self._line(clients[0], self.amount).met)
        self.assertTrue(self._line(bigger[0], self.amount).met)

    def test_changed_rule_forgets_the_cutoff_and_measures_it_once(self):
        clients = self._new_clients(10, 1000)
        self._full_recompute()
        self.amount.threshold = 50
        self.assertFalse(self.amount.top_cutoff_date, "another rule, another cut-off")
        self.assertNotIn("cut-offs", clients[-1].strategic_status_message)
        clients[5].action_strategic_recompute()
        self.assertEqual(self.amount.top_cutoff, 1050.0, "measured for every client")
        self.assertTrue(self._line(clients[5], self.amount).met)

    def test_figures_moved_by_one_client_carry_no_index(self):
        """Placing one client moves the places of the clients ranked after it: rows whose
        every index would be written again, had the figures Odoo's default index of a
        company-dependent column (never selective: every measured client has a value)."""
        self.env.cr.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'res_partner'"
            " AND indexname LIKE 'res\\_partner\\_\\_strategic\\_%%'"
        )
        indexes = {row[0] for row in self.env.cr.fetchall()}
        for name in ("strategic_rank", "strategic_score", "strategic_status_reason"):
            self.assertNotIn(f"res_partner__{name}_index", indexes)
        # the override searched by the job (overrides lapsing) keeps its index
        self.assertIn("res_partner__strategic_override_index", indexes)
