# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

from .strategic_rights import STRATEGIC_MANAGER, STRATEGIC_USER, check_group

LB_IN_KG = 0.45359237

# How each metric's value reads: used by the breakdown and the criteria list.
METRIC_UNITS = {
    "purchase_amount": "amount",
    "distributor": "flag",
    "purchase_weight": "kg",
    "margin": "percent",
    "growth": "percent",
    "loyalty": "percent",
    "test_client": "flag",
    "low_rotation": "percent",
    "prestige": "flag",
    "multinational": "count",
    "cash_payment": "percent",
    "segment": "flag",
    "influence": "rating",
    "domain": "flag",
}

# Metrics that need a configuration field to mean anything.
METRIC_REQUIRED_FIELDS = {
    "distributor": "partner_category_ids",
    "low_rotation": "product_category_ids",
    "segment": "industry_ids",
}


class StrategicCriterion(models.Model):
    _name = "strategic.criterion"
    _inherit = ["mail.thread"]
    _description = "Strategic Client Criterion"
    _order = "company_id, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(
        default=10, help="Importance: the lower, the more important the criterion."
    )
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    metric = fields.Selection(
        [
            ("purchase_amount", "Purchase volume (amount)"),
            ("distributor", "Distributor or representative"),
            ("purchase_weight", "Purchase volume (kg)"),
            ("margin", "Profitability (margin %)"),
            ("growth", "Growth (%)"),
            ("loyalty", "Loyalty (% of months with invoices)"),
            ("test_client", "Test client"),
            ("low_rotation", "Buys second-grade or slow stock (%)"),
            ("prestige", "Prestige"),
            ("multinational", "Multinational (countries)"),
            ("cash_payment", "Cash payer (% of invoices)"),
            ("segment", "Presence in a segment"),
            ("influence", "Market influence (rating)"),
            ("domain", "Custom rule (domain)"),
        ],
        required=True,
        default="purchase_amount",
        help="What is measured for every customer. Other addons add metrics with "
        "selection_add and a method _measure_<metric>.",
        tracking=True,
    )
    threshold = fields.Float(
        help="Absolute: the value the customer must reach. Top %: the share of the "
        "company's customers, best first, that meet the criterion (0-100].",
        tracking=True,
    )
    threshold_type = fields.Selection(
        [("absolute", "Absolute value"), ("top_percent", "Top % of customers")],
        required=True,
        default="absolute",
        tracking=True,
    )
    period_months = fields.Integer(
        string="Period (months)",
        default=12,
        help="Measured over this many months up to today.",
        tracking=True,
    )
    weight = fields.Float(default=1.0, help="Share of this criterion in the score.", tracking=True)
    meets_without_value = fields.Boolean(
        string="Clients Without a Value Meet It",
        help="Off (the default): a client with nothing measured for this criterion (no "
        "invoice, no delivery...) never meets it, whatever the threshold. On: such clients "
        "count as 0 against an absolute threshold.",
        tracking=True,
    )
    requires_good_payment = fields.Boolean(
        help="Only customers with good payment habits (see Settings) meet this criterion.",
        tracking=True,
    )
    benefit = fields.Char(
        translate=True,
        help="What the company gains from clients meeting this criterion; shown to every "
        "user beside the Strategic flag.",
    )
    description = fields.Text(translate=True)
    partner_category_ids = fields.Many2many(
        "res.partner.category",
        string="Partner Tags",
        help="Distributor metric: customers with one of these tags meet it.",
        tracking=True,
    )
    product_category_ids = fields.Many2many(
        "product.category",
        string="Product Categories",
        help="Second-grade/slow stock metric: share of the invoiced amount on products "
        "of these categories (and their subcategories).",
        tracking=True,
    )
    industry_ids = fields.Many2many(
        "res.partner.industry",
        string="Industries",
        help="Segment metric: customers of these industries meet it.",
        tracking=True,
    )
    domain = fields.Char(
        default="[]",
        help="Custom rule: customers matching this domain meet the criterion.",
        tracking=True,
    )
    value_unit = fields.Selection(
        [
            ("amount", "Amount"),
            ("kg", "kg"),
            ("percent", "%"),
            ("flag", "Yes/No"),
            ("count", "Count"),
            ("rating", "Rating"),
        ],
        compute="_compute_value_unit",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    met_count = fields.Integer(
        string="Clients Meeting",
        compute="_compute_met_count",
        help="Customers meeting this criterion at the last recompute.",
    )

    # the fields whose change changes who meets the criterion (see the score history)
    _deciding_fields = frozenset(
        {
            "metric",
            "threshold",
            "threshold_type",
            "period_months",
            "weight",
            "requires_good_payment",
            "meets_without_value",
            "active",
            "partner_category_ids",
            "product_category_ids",
            "industry_ids",
            "domain",
            "sequence",
            "company_id",
        }
    )

    @api.model_create_multi
    def create(self, vals_list):
        criteria = super().create(vals_list)
        criteria.company_id._strategic_rules_changed("criteria")
        return criteria

    def write(self, vals):
        moved_from = self.company_id if "company_id" in vals else self.env["res.company"]
        result = super().write(vals)
        if self._deciding_fields.intersection(vals):
            (moved_from | self.company_id)._strategic_rules_changed("criteria")
        return result

    def unlink(self):
        companies = self.company_id
        result = super().unlink()
        companies._strategic_rules_changed("criteria")
        return result

    @api.depends("metric")
    def _compute_value_unit(self):
        for criterion in self:
            criterion.value_unit = METRIC_UNITS.get(criterion.metric, "count")

    def _compute_met_count(self):
        groups = self.env["strategic.score.line"]._read_group(
            [("criterion_id", "in", self.ids), ("met", "=", True)],
            ["criterion_id"],
            ["__count"],
        )
        counts = {criterion.id: count for criterion, count in groups}
        for criterion in self:
            criterion.met_count = counts.get(criterion.id, 0)

    def action_strategic_recompute_company(self):
        check_group(self.env, STRATEGIC_MANAGER, _("Recompute the strategic clients"))
        return self.env.company.action_strategic_recompute()

    def action_open_partners_meeting(self):
        check_group(self.env, STRATEGIC_USER, _("List the clients meeting a criterion"))
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "strategic_client.action_strategic_clients"
        )
        partners = (
            self.env["strategic.score.line"]
            .search([("criterion_id", "=", self.id), ("met", "=", True)])
            .partner_id
        )
        action["domain"] = [("id", "in", partners.ids)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------------------------
    # Bad input
    # ------------------------------------------------------------------------------------
    # a float column also takes NaN and Infinity, which PostgreSQL sorts above every number
    _weight_range = models.Constraint(
        "CHECK(weight >= 0 AND weight < 'Infinity')",
        "A criterion's Weight must be a number of at least 0; set 0 to ignore it in the score.",
    )
    _threshold_finite = models.Constraint(
        "CHECK(threshold > '-Infinity' AND threshold < 'Infinity')",
        "A criterion's Threshold must be a number.",
    )
    _period_months_range = models.Constraint(
        "CHECK(period_months >= 1)",
        "A criterion's Period (months) must be at least 1 month.",
    )

    @api.constrains("weight", "active", "company_id")
    def _check_weight(self):
        for company in self.company_id:
            active = self.search([("company_id", "=", company.id)])  # active ones
            if active and not any(active.mapped("weight")):
                raise ValidationError(
                    _(
                        "Company %(company)s: the Weight of at least one active criterion "
                        "must be above 0, otherwise no score can be computed.",
                        company=company.name,
                    )
                )

    @api.constrains("threshold", "threshold_type")
    def _check_threshold(self):
        for criterion in self:
            if criterion.threshold_type == "top_percent" and not (0 < criterion.threshold <= 100):
                raise ValidationError(
                    _(
                        "Criterion %(name)s: with Threshold Type 'Top %% of customers', "
                        "Threshold must be above 0 and at most 100.",
                        name=criterion.name,
                    )
                )

    @api.constrains(
        "metric", "domain", "partner_category_ids", "product_category_ids", "industry_ids"
    )
    def _check_metric_configuration(self):
        for criterion in self.filtered("active"):
            fname = METRIC_REQUIRED_FIELDS.get(criterion.metric)
            if fname and not criterion[fname]:
                raise ValidationError(
                    _(
                        "Criterion %(name)s: the metric '%(metric)s' needs %(field)s; fill it in.",
                        name=criterion.name,
                        metric=criterion._metric_label(),
                        field=self._fields[fname]._description_string(self.env),
                    )
                )
            if criterion.metric == "domain":
                criterion._check_domain_is_valid()

    def _check_domain_is_valid(self):
        self.ensure_one()
        try:
            domain = safe_eval(self.domain or "[]")
            self.env["res.partner"].sudo()._search(Domain(domain))
        except Exception as error:
            raise ValidationError(
                _(
                    "Criterion %(name)s: Domain is not a valid filter on contacts "
                    "(%(error)s); edit it with the domain editor.",
                    name=self.name,
                    error=error,
                )
            ) from error

    def _metric_label(self):
        self.ensure_one()
        return dict(self._fields["metric"]._description_selection(self.env))[self.metric]

    # ------------------------------------------------------------------------------------
    # Evaluation: measure every partner at once, compare with the threshold
    # ------------------------------------------------------------------------------------
    def _period(self, date_to, months=None):
        """Return (date_from, date_to) of the criterion's period ending on ``date_to``."""
        months = months or self.period_months
        return date_to - relativedelta(months=months) + relativedelta(days=1), date_to

    def _measure(self, partners, date_to):
        """Measure this criterion for ``partners`` (commercial partners) over its period.

        :return: {partner_id: value}, partners without any activity are absent (value 0)
        """
        self.ensure_one()
        date_from, date_to = self._period(date_to)
        return getattr(self, f"_measure_{self.metric}")(partners, date_from, date_to)

    def _decide(self, partner_ids, values, threshold_value, good_payers):
        """Who meets this criterion, from the measured ``values`` and the value to reach
        (the threshold, or the cut-off of a Top %). The rule, in one place:

        - a yes/no metric is met only where the answer is yes, whatever the threshold;
        - a client without any value (nothing measured) never reaches a threshold, unless
          the criterion says that clients without a value meet it (then they count as 0);
        - in a Top %, only clients with a positive value can be among the best;
        - the payment gate, where the criterion has it, needs good payment habits.

        :return: {partner_id: (value, threshold_value, has_value, reaches, payment_ok)};
            the criterion is met where it reaches and the payment is ok
        """
        self.ensure_one()
        is_flag = self.value_unit == "flag"
        top = self.threshold_type == "top_percent"
        if is_flag:
            threshold_value = 1.0
        result = {}
        for partner_id in partner_ids:
            has_value = partner_id in values
            value = values.get(partner_id, 0.0)
            if is_flag:
                reaches = value >= 1.0
            elif not has_value:
                reaches = self.meets_without_value and not top and 0.0 >= threshold_value
            elif top:
                reaches = value > 0 and value >= threshold_value
            else:
                reaches = value >= threshold_value
            payment_ok = not self.requires_good_payment or partner_id in good_payers
            result[partner_id] = (value, threshold_value, has_value, reaches, payment_ok)
        return result

    def _top_cutoff(self, values, population_size):
        """The value a client must reach to be in the top N % of a population of
        ``population_size`` clients, from their measured ``values`` (inf: nobody)."""
        self.ensure_one()
        positives = sorted((v for v in values.values() if v > 0), reverse=True)
        places = math.ceil(population_size * self.threshold / 100.0)
        if not positives or not places:
            return math.inf
        return positives[min(places, len(positives)) - 1]

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
        products = {product.id: product for product in products}  # one prefetch for all
        uoms = self.env["uom.uom"].browse({row[2] for row in rows if row[2]})
        uoms = {uom.id: uom for uom in uoms}
        totals = {}
        for partner_id, product_id, uom_id, revenue, cost, other_revenue, other_qty in rows:
            if revenue is None and not (other_revenue is not None and product_id):
                continue  # no line of a known cost
            revenue, cost = revenue or 0.0, cost or 0.0
            if other_revenue is not None and product_id:
                product = products[product_id]
                unit_cost = product.standard_price
                if uom_id and uom_id != product.uom_id.id:
                    unit_cost = product.uom_id._compute_price(unit_cost, uoms[uom_id])
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
        groups = self.env["account.move.line"]._read_group(
            self._invoice_line_domain(self.company_id, partners, date_from, date_to)
            + [("move_id.move_type", "=", "out_invoice")],
            ["partner_id", "invoice_date:month"],
        )
        months = {}
        for partner, _month in groups:
            months[partner.id] = months.get(partner.id, 0) + 1
        return {
            partner_id: 100.0 * count / self.period_months for partner_id, count in months.items()
        }

    def _measure_test_client(self, partners, date_from, date_to):
        return self._partners_matching(partners, [("strategic_test_client", "=", True)])

    def _measure_low_rotation(self, partners, date_from, date_to):
        domain = self._invoice_line_domain(self.company_id, partners, date_from, date_to)
        total = self._sum_invoiced(domain)
        low = self._sum_invoiced(
            domain + [("product_id.categ_id", "child_of", self.product_category_ids.ids)]
        )
        return {
            partner_id: 100.0 * amount / total[partner_id]
            for partner_id, amount in low.items()
            if total.get(partner_id, 0) > 0
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
                days=self.company_id.strategic_cash_days,
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
        is still open counting as late until ``date_to``) and amount overdue on ``date_to``.

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

    # ------------------------------------------------------------------------------------
    # Default criteria: the seed's list, installed as data for the main company and copied
    # (with their translations) to every other company, also those created later.
    # ------------------------------------------------------------------------------------
    @api.model
    def _default_templates(self):
        templates = self.browse()
        for xmlid in (
            self.env["ir.model.data"]
            .sudo()
            .search([("module", "=", "strategic_client"), ("model", "=", self._name)])
        ):
            templates |= self.browse(xmlid.res_id).exists()
        return templates.with_context(active_test=False)

    @api.model
    def _create_defaults(self, companies):
        templates = self._default_templates()
        if not templates:
            return
        have = self.with_context(active_test=False)._read_group(
            [("company_id", "in", companies.ids)], ["company_id"]
        )
        have = {company for (company,) in have}
        for company in companies - self.env["res.company"].union(*have):
            for template in templates:
                template.copy({"company_id": company.id})
