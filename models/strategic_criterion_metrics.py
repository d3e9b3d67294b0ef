# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""strategic.criterion, measuring: one method ``_measure_<metric>(partners, date_from,
date_to)`` per metric, each one grouped query for all the clients at once returning
{commercial_partner_id: value}, and the payment habits that gate criteria. The recompute,
the breakdown and the consumption report share them: one number, one place."""

from dateutil.relativedelta import relativedelta

from odoo import api, models
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

LB_IN_KG = 0.45359237


class StrategicCriterion(models.Model):
    _inherit = "strategic.criterion"

    # ------------------------------------------------------------------------------------
    # Metrics: one method per metric, one grouped query for all partners.
    # Each returns {commercial_partner_id: value}.
    # ------------------------------------------------------------------------------------
    @api.model
    def _invoice_line_domain(self, company, partners, date_from, date_to):
        """What a client bought: the product lines of the posted customer invoices and credit
        notes of ``partners`` (commercial partners: the lines' partner) in ``company``, by
        invoice date. Shared by the metrics and the consumption report."""
        return [
            ("company_id", "=", company.id),
            ("parent_state", "=", "posted"),
            ("move_id.move_type", "in", ("out_invoice", "out_refund")),
            ("display_type", "=", "product"),
            ("partner_id", "in", partners.ids),
            ("invoice_date", ">=", date_from),
            ("invoice_date", "<=", date_to),
        ]

    def _sum_invoiced(self, domain):
        groups = self.env["account.move.line"]._read_group(domain, ["partner_id"], ["balance:sum"])
        # sales are credits: the untaxed amount in company currency is -balance
        return {partner.id: -balance for partner, balance in groups}

    @api.model
    def _invoiced_amounts(self, company, partners, date_from, date_to):
        """Untaxed amount invoiced to ``partners`` (invoices minus credit notes, company
        currency) from ``date_from`` to ``date_to``: {partner_id: amount}. Measured once per
        recompute (volume, growth and the ranking's tie-break share it)."""
        memo = self.env.cr.cache.get("strategic_invoiced")
        key = (company.id, date_from, date_to, tuple(partners.ids))
        if memo is not None and key in memo:
            return memo[key]
        amounts = self._sum_invoiced(
            self._invoice_line_domain(company, partners, date_from, date_to)
        )
        if memo is not None:
            memo[key] = amounts
        return amounts

    def _measure_purchase_amount(self, partners, date_from, date_to):
        return self._invoiced_amounts(self.company_id, partners, date_from, date_to)

    def _measure_distributor(self, partners, date_from, date_to):
        return self._partners_matching(
            partners, [("category_id", "in", self.partner_category_ids.ids)]
        )

    def _measure_purchase_weight(self, partners, date_from, date_to):
        self.env["stock.move"].flush_model(
            ["state", "quantity", "product_uom", "date", "picking_id", "company_id"]
        )
        self.env["stock.picking"].flush_model(["partner_id"])
        self.env["product.product"].flush_model(["weight"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT partner.commercial_partner_id,
                       SUM(CASE WHEN dest.usage = 'customer' THEN 1 ELSE -1 END
                           * move.quantity * move_uom.factor / product_uom.factor
                           * COALESCE(product.weight, 0))
                  FROM stock_move move
                  JOIN stock_location src ON src.id = move.location_id
                  JOIN stock_location dest ON dest.id = move.location_dest_id
                  JOIN stock_picking picking ON picking.id = move.picking_id
                  JOIN res_partner partner ON partner.id = picking.partner_id
                  JOIN product_product product ON product.id = move.product_id
                  JOIN product_template template ON template.id = product.product_tmpl_id
                  JOIN uom_uom move_uom ON move_uom.id = move.product_uom
                  JOIN uom_uom product_uom ON product_uom.id = template.uom_id
                 WHERE move.state = 'done'
                   AND move.company_id = %(company)s
                   AND (dest.usage = 'customer') <> (src.usage = 'customer')
                   AND move.date >= %(date_from)s
                   AND move.date < %(date_to)s
                   AND partner.commercial_partner_id = ANY(%(partners)s)
              GROUP BY partner.commercial_partner_id
                """,
                company=self.company_id.id,
                date_from=date_from,
                date_to=date_to + relativedelta(days=1),
                partners=partners.ids,
            )
        )
        factor = self._weight_to_kg_factor()
        return {partner_id: (weight or 0.0) * factor for partner_id, weight in rows}

    @api.model
    def _weight_to_kg_factor(self):
        lbs = self.env["ir.config_parameter"].sudo().get_param("product.weight_in_lbs")
        return LB_IN_KG if lbs == "1" else 1.0

    def _measure_margin(self, partners, date_from, date_to):
        totals = self._margin_totals(self.company_id, partners, date_from, date_to)
        return {
            partner_id: 100.0 * margin / revenue
            for partner_id, (margin, revenue) in totals.items()
            if revenue > 0
        }

    @api.model
    def _margin_totals(self, company, partners, date_from, date_to):
        """Margin and revenue of what ``partners`` were invoiced, on the basis of the purchase
        volume (the product lines of `_invoice_line_domain`: posted invoices minus credit
        notes), in company currency. The one place the margin is measured: the ``margin``
        metric and the return on investment read it.

        Odoo keeps no cost on invoice lines: a line costs what the sale order line it was
        invoiced from cost (sale_margin's Cost, in the order's currency, converted at the
        invoice's rate like the amount), else its product's cost on the day of the measure.
        Lines with neither (no order line, no product) have no known cost and are left out.

        :return: {partner_id: (margin, revenue)}; partners without any measured line are
                 absent (no data)
        """
        lines = self.env["account.move.line"]._search(
            self._invoice_line_domain(company, partners, date_from, date_to)
        )
        self.env["account.move.line"].flush_model(
            ["partner_id", "product_id", "product_uom_id", "balance", "quantity", "move_id"]
        )
        self.env["account.move"].flush_model(["move_type", "currency_id", "invoice_currency_rate"])
        self.env["sale.order.line"].flush_model(["purchase_price", "product_uom_id", "order_id"])
        self.env["sale.order"].flush_model(["currency_id", "currency_rate"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT line.partner_id, line.product_id, line.product_uom_id,
                       SUM(-line.balance) FILTER (WHERE sold.unit_cost IS NOT NULL),
                       SUM(%(sign)s * line.quantity * sold.unit_cost),
                       SUM(-line.balance) FILTER (WHERE sold.unit_cost IS NULL),
                       SUM(%(sign)s * line.quantity) FILTER (WHERE sold.unit_cost IS NULL)
                  FROM account_move_line line
                  JOIN account_move move ON move.id = line.move_id
             LEFT JOIN uom_uom line_uom ON line_uom.id = line.product_uom_id
             LEFT JOIN LATERAL (
                       -- the order lines' cost of one unit of the invoice line, in company
                       -- currency (the order's currency is the invoice's: its rate)
                       SELECT AVG(
                                  order_line.purchase_price
                                  * COALESCE(line_uom.factor / NULLIF(order_uom.factor, 0), 1)
                                  / COALESCE(NULLIF(
                                      CASE WHEN so.currency_id = move.currency_id
                                           THEN move.invoice_currency_rate
                                           ELSE so.currency_rate END, 0), 1)
                              ) AS unit_cost
                         FROM sale_order_line_invoice_rel rel
                         JOIN sale_order_line order_line ON order_line.id = rel.order_line_id
                         JOIN sale_order so ON so.id = order_line.order_id
                    LEFT JOIN uom_uom order_uom ON order_uom.id = order_line.product_uom_id
                        WHERE rel.invoice_line_id = line.id
                       ) sold ON TRUE
                 WHERE line.id IN %(lines)s
              GROUP BY line.partner_id, line.product_id, line.product_uom_id
                """,
                lines=lines.subselect(),
                # credit notes give the cost back
                sign=SQL("CASE WHEN move.move_type = 'out_refund' THEN -1 ELSE 1 END"),
            )
        )
        products = (
            self.env["product.product"]
            .with_company(company)
            .browse({row[1] for row in rows if row[1]})
        )
        # each product's cost and unit read once (one prefetch for all), not once per row
        costs = {product.id: (product.standard_price, product.uom_id) for product in products}
        uoms = self.env["uom.uom"].browse({row[2] for row in rows if row[2]})
        uoms = {uom.id: uom for uom in uoms}
        totals = {}
        for partner_id, product_id, uom_id, revenue, cost, other_revenue, other_qty in rows:
            if revenue is None and not (other_revenue is not None and product_id):
                continue  # no line of a known cost
            revenue, cost = revenue or 0.0, cost or 0.0
            if other_revenue is not None and product_id:
                unit_cost, product_uom = costs[product_id]
                if uom_id and uom_id != product_uom.id:
                    unit_cost = product_uom._compute_price(unit_cost, uoms[uom_id])
                revenue += other_revenue
                cost += (other_qty or 0.0) * unit_cost
            margin, total = totals.get(partner_id, (0.0, 0.0))
            totals[partner_id] = (margin + revenue - cost, total + revenue)
        return totals

    def _measure_growth(self, partners, date_from, date_to):
        current = self._measure_purchase_amount(partners, date_from, date_to)
        previous = self._measure_purchase_amount(
            partners, *self._period(date_from - relativedelta(days=1))
        )
        # growth needs a base: a client new in the period has none (its salesperson may
        # estimate its growth potential instead)
        values = {
            partner_id: 100.0 * (current.get(partner_id, 0.0) - before) / before
            for partner_id, before in previous.items()
            if before > 0
        }
        # the salesperson's estimate of the growth potential wins where set
        estimates = self.env["res.partner"].search_read(
            [("id", "in", partners.ids), ("strategic_growth_potential", "!=", 0)],
            ["strategic_growth_potential"],
        )
        values.update({row["id"]: row["strategic_growth_potential"] for row in estimates})
        return values

    def _measure_loyalty(self, partners, date_from, date_to):
        """% of the months of the period with at least one invoice. The months are counted
        back from ``date_to``: the first is the month up to ``date_to`` (day included), the
        next the month before it, and so on, so a period of N months holds exactly N of them
        (calendar months would be N + 1 for a period not starting on the 1st) and the share
        never exceeds 100 %."""
        self.env["account.move.line"].flush_model(["partner_id", "invoice_date"])
        lines = self.env["account.move.line"]._search(
            self._invoice_line_domain(self.company_id, partners, date_from, date_to)
            + [("move_id.move_type", "=", "out_invoice")]
        )
        months = self.env.execute_query(
            SQL(
                """
                SELECT line.partner_id,
                       COUNT(DISTINCT LEAST(
                           EXTRACT(YEAR FROM age(%(date_to)s::date, line.invoice_date)) * 12
                           + EXTRACT(MONTH FROM age(%(date_to)s::date, line.invoice_date)),
                           %(last)s))
                  FROM account_move_line line
                 WHERE line.id IN %(lines)s
              GROUP BY line.partner_id
                """,
                date_to=date_to,
                last=self.period_months - 1,
                lines=lines.subselect(),
            )
        )
        return {partner_id: 100.0 * count / self.period_months for partner_id, count in months}

    def _measure_test_client(self, partners, date_from, date_to):
        return self._partners_matching(partners, [("strategic_test_client", "=", True)])

    def _measure_low_rotation(self, partners, date_from, date_to):
        domain = self._invoice_line_domain(self.company_id, partners, date_from, date_to)
        total = self._sum_invoiced(domain)
        low = self._sum_invoiced(
            domain + [("product_id.categ_id", "child_of", self.product_category_ids.ids)]
        )
        # a client who bought, but none of these categories, has a value: 0 %
        return {
            partner_id: 100.0 * low.get(partner_id, 0.0) / amount
            for partner_id, amount in total.items()
            if amount > 0
        }

    def _measure_prestige(self, partners, date_from, date_to):
        return self._partners_matching(partners, [("strategic_prestige", "=", True)])

    def _measure_multinational(self, partners, date_from, date_to):
        groups = self.env["res.partner"]._read_group(
            [("commercial_partner_id", "in", partners.ids), ("country_id", "!=", False)],
            ["commercial_partner_id"],
            ["country_id:count_distinct"],
        )
        values = {partner.id: float(count) for partner, count in groups}
        # flagged by hand: counts as present in enough countries
        flagged = self._partners_matching(partners, [("strategic_multinational", "=", True)])
        for partner_id in flagged:
            values[partner_id] = max(values.get(partner_id, 0.0), self.threshold, 2.0)
        return values

    def _measure_cash_payment(self, partners, date_from, date_to):
        self.env["account.move"].flush_model(
            [
                "move_type",
                "state",
                "company_id",
                "invoice_date",
                "commercial_partner_id",
                "payment_state",
            ]
        )
        self.env["account.move.line"].flush_model(["move_id", "display_type"])
        self.env["account.partial.reconcile"].flush_model(["debit_move_id", "max_date"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT inv.commercial_partner_id,
                       100.0 * COUNT(*) FILTER (
                           WHERE inv.payment_state IN ('paid', 'in_payment')
                             AND paid.last_date <= inv.invoice_date + %(days)s
                       ) / COUNT(*)
                  FROM account_move inv
             LEFT JOIN LATERAL (
                       SELECT MAX(partial.max_date) AS last_date
                         FROM account_move_line term
                         JOIN account_partial_reconcile partial
                           ON partial.debit_move_id = term.id
                        WHERE term.move_id = inv.id
                          AND term.display_type = 'payment_term'
                       ) paid ON TRUE
                 WHERE inv.move_type = 'out_invoice'
                   AND inv.state = 'posted'
                   AND inv.company_id = %(company)s
                   AND inv.invoice_date BETWEEN %(date_from)s AND %(date_to)s
                   AND inv.commercial_partner_id = ANY(%(partners)s)
              GROUP BY inv.commercial_partner_id
                """,
                # a preview of a rules change measures with its pending value
                days=self.env.context.get(
                    "strategic_cash_days", self.company_id.strategic_cash_days
                ),
                company=self.company_id.id,
                date_from=date_from,
                date_to=date_to,
                partners=partners.ids,
            )
        )
        return dict(rows)

    def _measure_segment(self, partners, date_from, date_to):
        return self._partners_matching(partners, [("industry_id", "in", self.industry_ids.ids)])

    def _measure_influence(self, partners, date_from, date_to):
        rows = self.env["res.partner"].search_read(
            [("id", "in", partners.ids), ("strategic_market_influence", "not in", (False, "0"))],
            ["strategic_market_influence"],
        )
        return {row["id"]: float(row["strategic_market_influence"]) for row in rows}

    def _measure_domain(self, partners, date_from, date_to):
        return self._partners_matching(partners, safe_eval(self.domain or "[]"))

    def _partners_matching(self, partners, domain):
        """Flag metrics: 1.0 for the partners matching ``domain``."""
        matching = (
            self.env["res.partner"]
            .with_context(active_test=False)
            ._search(Domain("id", "in", partners.ids) & Domain(domain))
        )
        return dict.fromkeys(matching, 1.0)

    # ------------------------------------------------------------------------------------
    # Payment habits (the gate of criteria with requires_good_payment)
    # ------------------------------------------------------------------------------------
    @api.model
    def _measure_payment_habits(self, company, partners, date_from, date_to):
        """Average days paid after due date (invoices of the period, amount-weighted, what
        is still open counting as late until ``date_to``; paid early counts as 0 days) and
        amount overdue on ``date_to`` (due before it, net of the open credit notes and
        unmatched payments also due before it; never below 0).

        :return: {partner_id: (avg_days_late, overdue_amount)}
        """
        self.env["account.move.line"].flush_model(
            [
                "move_id",
                "display_type",
                "date_maturity",
                "amount_residual",
                "partner_id",
                "parent_state",
                "invoice_date",
                "company_id",
                "reconciled",
                "account_type",
            ]
        )
        self.env["account.move"].flush_model(["move_type"])
        self.env["account.partial.reconcile"].flush_model(
            ["debit_move_id", "credit_move_id", "amount", "max_date"]
        )
        rows = self.env.execute_query(
            SQL(
                """
                WITH terms AS (
                    SELECT term.id, term.partner_id, term.date_maturity, term.amount_residual
                      FROM account_move_line term
                      JOIN account_move inv ON inv.id = term.move_id
                     WHERE inv.move_type = 'out_invoice'
                       AND term.parent_state = 'posted'
                       AND term.display_type = 'payment_term'
                       AND term.company_id = %(company)s
                       AND term.invoice_date BETWEEN %(date_from)s AND %(date_to)s
                       AND term.partner_id = ANY(%(partners)s)
                ), paid AS (
                    SELECT terms.partner_id, partial.amount,
                           GREATEST(partial.max_date - terms.date_maturity, 0) AS days
                      FROM terms
                      JOIN account_partial_reconcile partial ON partial.debit_move_id = terms.id
                      JOIN account_move_line counterpart ON counterpart.id = partial.credit_move_id
                      JOIN account_move credit_move ON credit_move.id = counterpart.move_id
                     WHERE credit_move.move_type != 'out_refund'
                     UNION ALL
                    SELECT partner_id, amount_residual,
                           GREATEST(%(date_to)s::date - date_maturity, 0)
                      FROM terms
                     WHERE amount_residual > 0
                )
                SELECT partner_id, SUM(amount * days) / NULLIF(SUM(amount), 0)
                  FROM paid
              GROUP BY partner_id
                """,
                company=company.id,
                date_from=date_from,
                date_to=date_to,
                partners=partners.ids,
            )
        )
        days_late = {partner_id: float(days or 0.0) for partner_id, days in rows}
        overdue_groups = self.env["account.move.line"]._read_group(
            [
                ("company_id", "=", company.id),
                ("parent_state", "=", "posted"),
                ("account_type", "=", "asset_receivable"),
                ("reconciled", "=", False),
                # open debits and credits (credit notes, payments not matched yet) due
                # before the day: the credits net the overdue amount
                ("date_maturity", "<", date_to),
                ("partner_id", "in", partners.ids),
            ],
            ["partner_id"],
            ["amount_residual:sum"],
        )
        overdue = {partner.id: amount for partner, amount in overdue_groups}
        return {
            partner_id: (days_late.get(partner_id, 0.0), max(overdue.get(partner_id, 0.0), 0.0))
            for partner_id in partners.ids
        }
