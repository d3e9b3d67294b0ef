# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""strategic.criterion: a company's rule for strategic clients: configuration, constraints,
the decision of who meets it (_decide, _top_cutoff), units and required configuration per
metric, default criteria."""

import math

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools.safe_eval import safe_eval


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

    @api.model
    def _metric_units(self):
        """How each metric's value reads (a value of the field value_unit), for the
        breakdown and the criteria list. Another addon adding a metric extends it."""
        return {
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

    @api.model
    def _metric_required_fields(self):
        """The configuration field a metric needs to mean anything. Another addon adding
        a metric extends it."""
        return {
            "distributor": "partner_category_ids",
            "low_rotation": "product_category_ids",
            "segment": "industry_ids",
        }

    @api.depends("metric")
    def _compute_value_unit(self):
        units = self._metric_units()
        for criterion in self:
            criterion.value_unit = units.get(criterion.metric, "count")

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
        self.env["res.users"]._strategic_check_group(
            "strategic_client.group_strategic_manager", _("Recompute the strategic clients")
        )
        return self.env.company.action_strategic_recompute()

    def action_strategic_preview_rules(self):
        """Preview changes (criteria list, and the settings' block with the values typed in
        the form as ``default_*`` keys of the context): the preview of a rules change of the
        current company, made here with a line per saved criterion, each linked to its
        criterion on the server (the web client never sends that link back)."""
        self.env["res.users"]._strategic_check_group(
            "strategic_client.group_strategic_manager", _("Preview a change of the rules")
        )
        return self.env["strategic.rules.preview"].create({})._reopen()

    def action_open_partners_meeting(self):
        self.env["res.users"]._strategic_check_group(
            "strategic_client.group_strategic_user", _("List the clients meeting a criterion")
        )
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
            self._check_weights(company, self.search([("company_id", "=", company.id)]))

    @api.model
    def _check_weights(self, company, active):
        """``active``: the company's active criteria (saved, or those of a preview)."""
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
        required = self._metric_required_fields()
        for criterion in self.filtered("active"):
            fname = required.get(criterion.metric)
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
        # read once: the loop runs over every client measured
        without_value_reaches = self.meets_without_value and not top and 0.0 >= threshold_value
        gated = self.requires_good_payment
        result = {}
        for partner_id in partner_ids:
            has_value = partner_id in values
            value = values.get(partner_id, 0.0)
            if is_flag:
                reaches = value >= 1.0
            elif not has_value:
                reaches = without_value_reaches
            elif top:
                reaches = value > 0 and value >= threshold_value
            else:
                reaches = value >= threshold_value
            payment_ok = not gated or partner_id in good_payers
            result[partner_id] = (value, threshold_value, has_value, reaches, payment_ok)
        return result

    def _top_cutoff(self, values):
        """The value a client must reach to be in the top N % of the customers with a
        value, from their measured ``values`` ({partner_id: value}; clients without a
        value are absent and take no place): the value of the last of the
        ceil(N % x clients with a value) places, best first. Only a positive value can be
        among the best (inf: nobody)."""
        self.ensure_one()
        ranked = sorted(values.values(), reverse=True)
        places = math.ceil(len(ranked) * self.threshold / 100.0)
        positives = [value for value in ranked[:places] if value > 0]
        if not positives:
            return math.inf
        return positives[-1]

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
