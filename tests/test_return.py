# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Return on investment: the margin measured like the volume (invoices minus credit notes),
its cost, and "No data" where margin or cost to serve is missing."""

from datetime import date

from odoo.fields import Command
from odoo.tests import tagged

from .common import TODAY, StrategicCommon


@tagged("post_install", "-at_install")
class TestReturn(StrategicCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._criterion("prestige", 1)
        cls.client = cls._customer("Key Account", strategic_prestige=True)
        cls.widget = cls.env["product.product"].create(
            {"name": "Widget", "standard_price": 60.0, "list_price": 100.0}
        )
        cls.company._strategic_recompute()
        cls.company.strategic_min_roi = 1.0

    def _cost(self, partner, amount, when=TODAY):
        entry = self.env["strategic.cost.entry"].create(
            {"partner_id": partner.id, "kind": "gift", "amount": amount, "date": when}
        )
        self.env.invalidate_all()  # the figures are computed on reading
        return entry

    def _ordered_and_invoiced(self, partner, qty, price, cost, pricelist=None):
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "pricelist_id": pricelist and pricelist.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.widget.id,
                            "product_uom_qty": qty,
                            "price_unit": price,
                            "purchase_price": cost,
                            "tax_ids": [],
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.invoice_date = date(2026, 5, 10)
        invoice.action_post()
        return order

    def test_margin_is_revenue_minus_cost_on_invoices(self):
        # product lines without an order: the product's cost (60 a unit); credit notes
        # give revenue and cost back
        self._invoice(self.client, 0, date(2026, 2, 1), lines=[(self.widget, 100)])
        invoice = self._invoice(
            self.client, 0, date(2026, 3, 1), lines=[(self.widget, 100)], post=False
        )
        invoice.invoice_line_ids.quantity = 4  # 400 invoiced, cost 240
        invoice.action_post()
        self._invoice(
            self.client, 0, date(2026, 3, 5), lines=[(self.widget, 100)], move_type="out_refund"
        )
        # invoiced from an order: the order line's cost (30 a unit), not the product's
        self._ordered_and_invoiced(self.client, 3, 100.0, 30.0)
        # in a foreign currency (1 company unit = 2 EUR): amount and cost both converted
        eur = self.setup_other_currency("EUR", rates=[("2000-01-01", 2.0)])
        pricelist = self.env["product.pricelist"].create({"name": "EUR", "currency_id": eur.id})
        self._ordered_and_invoiced(self.client, 1, 200.0, 80.0, pricelist=pricelist)
        # confirmed but not invoiced, a draft, outside the period: not measured
        order = self.env["sale.order"].create(
            {
                "partner_id": self.client.id,
                "order_line": [Command.create({"product_id": self.widget.id})],
            }
        )
        order.action_confirm()
        self._invoice(self.client, 0, date(2026, 4, 1), lines=[(self.widget, 900)], post=False)
        self._invoice(self.client, 0, date(2025, 4, 1), lines=[(self.widget, 900)])
        revenue = 100 + 400 - 100 + 300 + 100
        cost = 60 + 240 - 60 + 90 + 40
        totals = self.Criterion._margin_totals(self.company, self.client, date(2025, 7, 1), TODAY)
        self.assertAlmostEqual(totals[self.client.id][0], revenue - cost)
        self.assertAlmostEqual(totals[self.client.id][1], revenue)
        # the margin metric and the return on investment read the same measure
        margin = self._criterion("margin", 30)
        self.assertAlmostEqual(
            self._measure(margin, self.client)[self.client.id], 100 * (revenue - cost) / revenue
        )
        self.assertAlmostEqual(self.client.strategic_margin_amount, revenue - cost)

    def test_lines_in_another_unit_cost_in_that_unit(self):
        dozen = self.env.ref("uom.product_uom_dozen")
        invoice = self._invoice(
            self.client, 0, date(2026, 5, 1), lines=[(self.widget, 1000)], post=False
        )
        invoice.invoice_line_ids.write({"product_uom_id": dozen.id, "price_unit": 1000})
        invoice.action_post()
        totals = self.Criterion._margin_totals(self.company, self.client, date(2025, 7, 1), TODAY)
        self.assertAlmostEqual(totals[self.client.id][0], 1000 - 12 * 60)

    def test_lines_without_a_known_cost_are_left_out(self):
        self._invoice(self.client, 0, date(2026, 5, 1), lines=[(self.env["product.product"], 500)])
        totals = self.Criterion._margin_totals(self.company, self.client, date(2025, 7, 1), TODAY)
        self.assertNotIn(self.client.id, totals)
        self.assertEqual(self.client.strategic_roi_label, "No data")

    def test_invoices_without_orders_give_a_return(self):
        """The demo's number one: it is invoiced, never ordered; its margin counts."""
        self._invoice(self.client, 0, date(2026, 5, 1), lines=[(self.widget, 1000)])
        self._cost(self.client, 470.0)
        self.assertTrue(self.client.is_strategic)
        self.assertAlmostEqual(self.client.strategic_margin_amount, 940.0)
        self.assertAlmostEqual(self.client.strategic_cost_to_serve, 470.0)
        self.assertAlmostEqual(self.client.strategic_roi, 2.0)
        self.assertEqual(self.client.strategic_roi_label, "2.00x")
        self.assertFalse(self.client.strategic_roi_note)
        self.assertFalse(self.client.strategic_low_return)
        self.company.strategic_min_roi = 3.0
        self.env.invalidate_all()
        self.assertTrue(self.client.strategic_low_return)
        self.assertIn(
            self.client, self.env["res.partner"].search([("strategic_low_return", "=", True)])
        )

    def test_no_cost_to_serve_no_data(self):
        self._invoice(self.client, 0, date(2026, 5, 1), lines=[(self.widget, 1000)])
        self.assertEqual(self.client.strategic_roi_label, "No data")
        self.assertIn("no cost to serve", self.client.strategic_roi_note)
        self.assertFalse(self.client.strategic_low_return)

    def test_no_margin_no_data_and_never_flagged(self):
        """A cost to serve but nothing invoiced: no return to judge, no review flag."""
        self._cost(self.client, 200.0)
        self._cost(self.client, 900.0, when=date(2025, 1, 1))  # before the period
        self.assertAlmostEqual(self.client.strategic_cost_to_serve, 200.0)
        self.assertEqual(self.client.strategic_roi_label, "No data")
        self.assertIn("nothing invoiced", self.client.strategic_roi_note)
        self.assertFalse(self.client.strategic_low_return)
        self.assertNotIn(
            self.client, self.env["res.partner"].search([("strategic_low_return", "=", True)])
        )

    def test_figures_of_many_clients_in_constant_queries(self):
        clients = self.client | self._customer("Second") | self._customer("Third")
        for client in clients:
            self._invoice(client, 0, date(2026, 5, 1), lines=[(self.widget, 1000)])
            self._cost(client, 100.0)
        Partner = self.env["res.partner"]
        Partner._strategic_return_figures(clients)  # warm Odoo's own caches
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        self.assertEqual(len(Partner._strategic_return_figures(clients[:1])), 1)
        one_client = self.cr.sql_log_count - before
        self.env.invalidate_all()
        with self.assertQueryCount(one_client):
            self.assertEqual(len(Partner._strategic_return_figures(clients)), 3)
