# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.fields import Command
from odoo.tests import tagged

from .common import TODAY, StrategicCommon


@tagged("post_install", "-at_install")
class TestMetrics(StrategicCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acme = cls._customer("Acme")
        cls.acme_delivery = cls.env["res.partner"].create(
            {"name": "Acme warehouse", "parent_id": cls.acme.id, "type": "delivery"}
        )
        cls.idle = cls._customer("Idle (no sales at all)")

    def test_purchase_amount(self):
        criterion = self._criterion("purchase_amount", 1000)
        self._invoice(self.acme, 1000, date(2026, 3, 1))
        self._invoice(self.acme, 200, date(2026, 3, 5), move_type="out_refund")
        # an order or invoice on a child address counts for the commercial partner
        self._invoice(self.acme_delivery, 300, date(2026, 4, 1))
        # foreign currency, converted at the invoice's rate (1 company unit = 2 foreign)
        foreign = self.setup_other_currency("EUR", rates=[("2000-01-01", 2.0)])
        self._invoice(self.acme, 200, date(2026, 5, 1), currency=foreign)
        # outside the 12-month period, a draft, a vendor bill: ignored
        self._invoice(self.acme, 5000, date(2025, 6, 30))
        self._invoice(self.acme, 7000, date(2026, 5, 1), post=False)
        self._invoice(self.acme, 9000, date(2026, 5, 1), move_type="in_invoice")
        values = self._measure(criterion, self.acme | self.idle)
        self.assertAlmostEqual(values[self.acme.id], 1000 - 200 + 300 + 100)
        self.assertNotIn(self.idle.id, values)

    def test_distributor_segment_and_flags(self):
        tag = self.env["res.partner.category"].create({"name": "Distributor X"})
        industry = self.env["res.partner.industry"].create({"name": "Food chains"})
        self.acme.write(
            {
                "category_id": [Command.link(tag.id)],
                "industry_id": industry.id,
                "strategic_test_client": True,
                "strategic_prestige": True,
                "strategic_market_influence": "3",
            }
        )
        partners = self.acme | self.idle
        cases = [
            (self._criterion("distributor", 1, partner_category_ids=[Command.set(tag.ids)]), 1.0),
            (self._criterion("segment", 1, industry_ids=[Command.set(industry.ids)]), 1.0),
            (self._criterion("test_client", 1), 1.0),
            (self._criterion("prestige", 1), 1.0),
            (self._criterion("influence", 2), 3.0),
            (self._criterion("domain", 1, domain="[('name', 'ilike', 'acme')]"), 1.0),
        ]
        for criterion, expected in cases:
            with self.subTest(metric=criterion.metric):
                values = self._measure(criterion, partners)
                self.assertEqual(values.get(self.acme.id), expected)
                self.assertFalse(values.get(self.idle.id))

    def test_purchase_weight_counts_deliveries_minus_returns(self):
        product = self.env["product.product"].create(
            {"name": "Cement 25 kg", "is_storable": True, "weight": 25.0, "list_price": 10}
        )
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.company.id)], limit=1
        )
        self.env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 100)
        order = self.env["sale.order"].create(
            {
                "partner_id": self.acme.id,
                "partner_shipping_id": self.acme_delivery.id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 10})],
            }
        )
        order.action_confirm()
        picking = order.picking_ids
        picking.move_ids.quantity = 10
        picking.button_validate()
        # a return of 2 units
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=picking.id, active_model="stock.picking")
            .create({})
        )
        wizard.product_return_moves.quantity = 2
        return_picking = wizard._create_return()
        return_picking.move_ids.quantity = 2
        return_picking.button_validate()
        criterion = self._criterion("purchase_weight", 100)
        values = criterion._measure(self.acme | self.idle, date.today())
        self.assertAlmostEqual(values[self.acme.id], (10 - 2) * 25.0)
        self.assertNotIn(self.idle.id, values)

    def test_margin_of_invoiced_lines(self):
        """Measured like the volume: what was invoiced, at the cost of the order line it
        comes from (or the product's); a confirmed order not yet invoiced does not count."""
        product = self.env["product.product"].create(
            {"name": "Widget", "standard_price": 60.0, "list_price": 100.0}
        )
        for invoice in (True, False):
            order = self.env["sale.order"].create(
                {
                    "partner_id": self.acme.id,
                    "order_line": [
                        Command.create(
                            {"product_id": product.id, "product_uom_qty": 1, "price_unit": 100}
                        )
                    ],
                }
            )
            order.action_confirm()
            if invoice:
                order._create_invoices().action_post()
        criterion = self._criterion("margin", 30)
        values = criterion._measure(self.acme | self.idle, date.today())
        self.assertAlmostEqual(values[self.acme.id], 40.0)
        self.assertNotIn(self.idle.id, values)

    def test_growth_measured_or_estimated(self):
        criterion = self._criterion("growth", 20)
        newcomer = self._customer("Newcomer")
        self._invoice(self.acme, 100, date(2025, 3, 1))  # previous 12 months
        self._invoice(self.acme, 150, date(2026, 3, 1))  # last 12 months
        lost = self._customer("Lost")
        self._invoice(lost, 100, date(2025, 3, 1))
        self._invoice(newcomer, 80, date(2026, 3, 1))
        values = self._measure(criterion, self.acme | newcomer | lost | self.idle)
        self.assertAlmostEqual(values[self.acme.id], 50.0)
        self.assertAlmostEqual(values[lost.id], -100.0)
        self.assertNotIn(newcomer.id, values, "no base to grow from")
        self.assertNotIn(self.idle.id, values)
        self.idle.strategic_growth_potential = 35.0
        values = self._measure(criterion, self.acme | newcomer | self.idle)
        self.assertAlmostEqual(values[self.idle.id], 35.0)

    def test_loyalty_is_share_of_months_with_invoices(self):
        criterion = self._criterion("loyalty", 50)
        for month in (1, 1, 2, 5):  # three distinct months, one with two invoices
            self._invoice(self.acme, 10, date(2026, month, 10))
        values = self._measure(criterion, self.acme | self.idle)
        self.assertAlmostEqual(values[self.acme.id], 100.0 * 3 / 12)

    def test_low_rotation_share_of_amount(self):
        second = self.env["product.category"].create({"name": "Second grade"})
        child = self.env["product.category"].create({"name": "Seconds", "parent_id": second.id})
        seconds = self.env["product.product"].create({"name": "Seconds", "categ_id": child.id})
        criterion = self._criterion(
            "low_rotation", 20, product_category_ids=[Command.set(second.ids)]
        )
        self._invoice(self.acme, 0, date(2026, 2, 1), lines=[(seconds, 300), (self.product_a, 700)])
        values = self._measure(criterion, self.acme | self.idle)
        self.assertAlmostEqual(values[self.acme.id], 30.0)

    def test_multinational_from_addresses_or_flag(self):
        criterion = self._criterion("multinational", 2)
        be, fr = self.env.ref("base.be"), self.env.ref("base.fr")
        self.acme.country_id = be
        self.acme_delivery.country_id = fr
        values = self._measure(criterion, self.acme | self.idle)
        self.assertEqual(values[self.acme.id], 2.0)
        self.assertFalse(values.get(self.idle.id))
        self.idle.strategic_multinational = True
        self.assertGreaterEqual(self._measure(criterion, self.idle)[self.idle.id], 2.0)

    def test_cash_payment_share_of_invoices_paid_within_days(self):
        criterion = self._criterion("cash_payment", 50)
        quick = self._invoice(self.acme, 100, date(2026, 4, 1))
        slow = self._invoice(self.acme, 100, date(2026, 4, 1))
        self._invoice(self.acme, 100, date(2026, 4, 1))  # unpaid
        self._pay(quick, date(2026, 4, 3))
        self._pay(slow, date(2026, 4, 20))
        values = self._measure(criterion, self.acme | self.idle)
        self.assertAlmostEqual(values[self.acme.id], 100.0 / 3)

    def test_payment_habits(self):
        late = self._invoice(self.acme, 100, date(2026, 3, 1), payment_days=30)
        self._pay(late, date(2026, 4, 20))  # due March 31: 20 days late
        # an open invoice overdue on TODAY
        self._invoice(self.acme, 50, date(2026, 5, 1), payment_days=30)
        habits = self.Criterion._measure_payment_habits(
            self.company, self.acme | self.idle, date(2025, 7, 1), TODAY
        )
        days_late, overdue = habits[self.acme.id]
        # 100 paid 20 days late, 50 still open 30 days after its due date (May 31)
        self.assertAlmostEqual(days_late, (100 * 20 + 50 * 30) / 150)
        self.assertAlmostEqual(overdue, 50.0)
        self.assertEqual(habits[self.idle.id], (0.0, 0.0))

    def test_archived_partners_are_not_measured(self):
        criterion = self._criterion("purchase_amount", 10)
        self._invoice(self.acme, 100, date(2026, 3, 1))
        self.acme.action_archive()
        self._recompute()
        self.assertFalse(self._line(self.acme, criterion))
        self.assertFalse(self.acme.with_context(active_test=False).is_strategic)

    # --- what the README says the code decides -------------------------------------------
    def test_loyalty_months_counted_back_from_today_never_above_100(self):
        """A 12-month period up to June 15 touches 13 calendar months (June 16 2025 to June
        15 2026): the months are counted back from today, so an invoice in each of the 13
        calendar months makes 12 months of 12, 100 %, not 108.33 %."""
        criterion = self._criterion("loyalty", 75)
        today = date(2026, 6, 15)
        for months in range(12, -1, -1):
            day = today - relativedelta(months=months) + relativedelta(days=1 if months else 0)
            self._invoice(self.acme, 10, day)  # 2025-06-16, 2025-07-16, ..., 2026-06-15
        self._invoice(self.idle, 10, date(2025, 6, 15))  # the day before the period
        values = criterion._measure(self.acme | self.idle, today)
        self.assertAlmostEqual(values[self.acme.id], 100.0)
        self.assertNotIn(self.idle.id, values)
        # May 20 and June 10: two calendar months, but one month back from today (May 16 to
        # June 15)
        recent = self._customer("Recent")
        self._invoice(recent, 10, date(2026, 5, 20))
        self._invoice(recent, 10, date(2026, 6, 10))
        self.assertAlmostEqual(criterion._measure(recent, today)[recent.id], 100.0 / 12)

    def test_period_is_the_last_months_up_to_today_included(self):
        criterion = self._criterion("purchase_amount", 1000)
        self._invoice(self.acme, 100, TODAY)
        self._invoice(self.acme, 40, date(2025, 7, 1))  # first day of the period
        self._invoice(self.acme, 7, date(2025, 6, 30))  # a day too early
        self.assertAlmostEqual(self._measure(criterion, self.acme)[self.acme.id], 140.0)

    def test_growth_and_margin_need_a_positive_base(self):
        """Credit notes above invoices: no value (not a huge or negative %)."""
        growth = self._criterion("growth", 20)
        margin = self._criterion("margin", 30)
        refunded = self._customer("Refunded")
        self._invoice(refunded, 100, date(2025, 3, 1))
        self._invoice(refunded, 300, date(2025, 3, 2), move_type="out_refund")
        self._invoice(refunded, 50, date(2026, 3, 1))
        self._invoice(refunded, 80, date(2026, 3, 2), move_type="out_refund")
        self.assertNotIn(refunded.id, self._measure(growth, refunded), "previous period < 0")
        self.assertNotIn(refunded.id, self._measure(margin, refunded), "revenue < 0")

    def test_early_payment_is_0_days_late_and_overdue_is_net_of_open_credit_notes(self):
        early = self._invoice(self.acme, 100, date(2026, 3, 1), payment_days=30)
        self._pay(early, date(2026, 3, 11))  # 20 days before its due date
        habits = self.Criterion._measure_payment_habits(
            self.company, self.acme, date(2025, 7, 1), TODAY
        )
        self.assertEqual(habits[self.acme.id], (0.0, 0.0), "early is not negative days late")
        self._invoice(self.acme, 50, date(2026, 5, 1), payment_days=30)  # overdue since May 31
        # open credit notes: due before today it nets the overdue amount; due today, not yet
        self._invoice(self.acme, 20, date(2026, 6, 20), move_type="out_refund", payment_days=0)
        self._invoice(self.acme, 5, TODAY, move_type="out_refund", payment_days=0)
        habits = self.Criterion._measure_payment_habits(
            self.company, self.acme, date(2025, 7, 1), TODAY
        )
        self.assertAlmostEqual(habits[self.acme.id][1], 30.0)

    def test_low_rotation_of_a_client_who_bought_none(self):
        """Bought, but no second-grade stock: 0 %, and the sentence says so (not "no
        purchases")."""
        second = self.env["product.category"].create({"name": "Second grade"})
        criterion = self._criterion(
            "low_rotation", 20, product_category_ids=[Command.set(second.ids)]
        )
        self._invoice(self.acme, 108000, date(2026, 2, 1))
        self.assertEqual(self._measure(criterion, self.acme | self.idle), {self.acme.id: 0.0})
        self._recompute()
        self.assertEqual(
            self._line(self.acme, criterion).explanation,
            "No second-grade or slow-moving stock among its purchases of 12 months, needs 20 %.",
        )
        self.assertEqual(
            self._line(self.idle, criterion).explanation, "No purchases in 12 months, needs 20 %."
        )
