# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""res.partner: the return on investment of a client over the company's Return Period:
its margin (measured like its purchase volume, on invoices) against its cost to serve,
"No data" where either is missing, and the review flag of strategic clients below the
minimum."""

from odoo import _, api, fields, models
from odoo.tools.misc import formatLang


class ResPartner(models.Model):
    _inherit = "res.partner"

    strategic_cost_entry_ids = fields.One2many(
        "strategic.cost.entry",
        "partner_id",
        string="Cost to Serve",
        domain=lambda self: [("company_id", "=", self.env.company.id)],
        # a figure: read by those who read all the figures, kept by the administrators
        groups="strategic_client.group_strategic_figures,strategic_client.group_strategic_manager",
    )
    strategic_currency_id = fields.Many2one(
        "res.currency",
        string="Company Currency",
        compute="_compute_strategic_currency",
        groups="base.group_user",
    )
    strategic_margin_amount = fields.Monetary(
        string="Margin (period)",
        currency_field="strategic_currency_id",
        compute="_compute_strategic_return",
        help="Invoiced products of the Return Period minus their cost, credit notes deducted, "
        "in company currency (the basis of the invoiced amount).",
        groups="strategic_client.group_strategic_figures",
    )
    strategic_cost_to_serve = fields.Monetary(
        string="Cost to Serve (period)",
        currency_field="strategic_currency_id",
        compute="_compute_strategic_return",
        help="Costs to serve recorded for the client over the Return Period, in company currency.",
        groups="strategic_client.group_strategic_figures",
    )
    strategic_roi = fields.Float(
        string="Return on Investment (ratio)",
        compute="_compute_strategic_return",
        help="Margin of the period / cost to serve of the period; 0 where either is missing "
        "(Return on Investment then says No data).",
        groups="strategic_client.group_strategic_figures",
    )
    strategic_roi_label = fields.Char(
        string="Return on Investment",
        compute="_compute_strategic_return",
        help="Margin of the period / cost to serve of the period (Settings: Return Period): "
        "2.00 means the margin is twice the cost. No data: no margin or no cost to serve was "
        "recorded in the period.",
        groups="strategic_client.group_strategic_figures",
    )
    strategic_roi_note = fields.Char(
        string="Why No Return",
        compute="_compute_strategic_return",
        groups="strategic_client.group_strategic_figures",
    )
    strategic_low_return = fields.Boolean(
        string="Low Return",
        compute="_compute_strategic_return",
        search="_search_strategic_low_return",
        help="A strategic client whose return on investment is below the company's minimum: "
        "review it. Never set without both a margin and a cost to serve.",
        groups="strategic_client.group_strategic_figures",
    )

    @api.depends_context("company")
    def _compute_strategic_currency(self):
        self.strategic_currency_id = self.env.company.currency_id

    @api.model
    def _strategic_return_figures(self, partners):
        """Margin, cost to serve and return of ``partners`` (commercial partners) over the
        current company's Return Period, None where there is no data: no invoiced product of
        a known cost (margin), no cost recorded (cost), either of them (return).

        :return: {partner_id: (margin, cost, roi)}
        """
        company = self.env.company
        today = fields.Date.context_today(self)
        Criterion = self.env["strategic.criterion"].sudo()
        date_from, date_to = Criterion._period(today, company.strategic_roi_months)
        # the company's figures, whatever invoices the user may read
        margins = Criterion._margin_totals(company, partners, date_from, date_to)
        costs = dict(
            self.env["strategic.cost.entry"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", partners.ids),
                    ("company_id", "=", company.id),
                    ("date", ">=", date_from),
                    ("date", "<=", date_to),
                ],
                ["partner_id"],
                ["amount:sum"],
            )
        )
        figures = {}
        for partner in partners:
            margin = margins[partner.id][0] if partner.id in margins else None
            cost = costs.get(partner) or None  # entries are positive: a sum is never 0
            roi = margin / cost if margin is not None and cost is not None else None
            figures[partner.id] = (margin, cost, roi)
        return figures

    @api.model
    def _strategic_is_low_return(self, roi):
        return roi is not None and roi < self.env.company.strategic_min_roi

    @api.depends_context("company")
    def _compute_strategic_return(self):
        figures = self._strategic_return_figures(self.commercial_partner_id)
        months = self.env.company.strategic_roi_months
        for partner in self:
            client = partner.commercial_partner_id
            margin, cost, roi = figures[client.id]
            partner.strategic_margin_amount = margin or 0.0
            partner.strategic_cost_to_serve = cost or 0.0
            partner.strategic_roi = roi or 0.0
            partner.strategic_roi_label = (
                _("No data")
                if roi is None
                else _("%(ratio)sx", ratio=formatLang(self.env, roi, digits=2))
            )
            if margin is None and cost is None:
                note = _(
                    "No data: nothing invoiced with a known cost and no cost to serve recorded "
                    "in the last %(months)s months.",
                    months=months,
                )
            elif margin is None:
                note = _(
                    "No data: nothing invoiced with a known cost in the last %(months)s months.",
                    months=months,
                )
            elif cost is None:
                note = _(
                    "No data: no cost to serve recorded in the last %(months)s months.",
                    months=months,
                )
            else:
                note = False
            partner.strategic_roi_note = note
            partner.strategic_low_return = client.is_strategic and self._strategic_is_low_return(
                roi
            )

    def _search_strategic_low_return(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        strategic = self.search([("is_strategic", "=", True)])
        low = [
            partner_id
            for partner_id, (_margin, _cost, roi) in self._strategic_return_figures(
                strategic
            ).items()
            if self._strategic_is_low_return(roi)
        ]
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", low)]
