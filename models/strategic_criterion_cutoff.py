# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""strategic.criterion: the cut-off of a Top % criterion as the last full measure of the
whole population found it. A full recompute (the button, the scheduled job) stores it; the
actions on one client (an override saved, its Recompute) decide that client against it
instead of measuring every client again. A change of what the criterion measures forgets
it: the next action measures it once for the whole population."""

import math

from odoo import _, api, fields, models


class StrategicCriterion(models.Model):
    _inherit = "strategic.criterion"

    top_cutoff = fields.Float(
        string="Top % Cut-off",
        readonly=True,
        copy=False,
        help="Top %: the value a client had to reach at the last full measure of every "
        "client (infinite: nobody had a positive value).",
    )
    top_cutoff_date = fields.Datetime(
        string="Top % Cut-off Measured On",
        readonly=True,
        copy=False,
        help="When the scheduled job or Recompute now last measured every client for this "
        "Top % criterion. Empty: not measured since its rule changed.",
    )

    top_cutoff_display = fields.Char(
        string="Top % Starts At",
        compute="_compute_top_cutoff_display",
        help="Top %: the value a client had to reach at the last full measure of every "
        "client, with its unit.",
    )

    # the fields whose change changes the cut-off of a Top %
    _cutoff_fields = frozenset(
        {
            "metric",
            "threshold",
            "threshold_type",
            "period_months",
            "partner_category_ids",
            "product_category_ids",
            "industry_ids",
            "domain",
            "company_id",
        }
    )

    @staticmethod
    def _nobody_makes_top(threshold):
        """Whether a Top % threshold is the one nobody reaches: no client had a positive
        value (infinite, or the largest float where a column cannot hold infinity)."""
        return math.isinf(threshold) or threshold > 1e300

    @api.depends(
        "top_cutoff", "top_cutoff_date", "threshold_type", "metric", "company_id.currency_id"
    )
    @api.depends_context("lang")
    def _compute_top_cutoff_display(self):
        for criterion in self:
            if criterion.threshold_type != "top_percent" or criterion.value_unit == "flag":
                criterion.top_cutoff_display = False
            elif not criterion.top_cutoff_date:
                criterion.top_cutoff_display = _(
                    "Not measured yet: the next full recompute measures it."
                )
            elif criterion._nobody_makes_top(criterion.top_cutoff):
                criterion.top_cutoff_display = _("Nobody: no client has a positive value.")
            else:
                criterion.top_cutoff_display = criterion._format_value(criterion.top_cutoff)

    def write(self, vals):
        if self._cutoff_fields.intersection(vals):
            vals = dict(vals, top_cutoff=0.0, top_cutoff_date=False)
        return super().write(vals)

    def _store_top_cutoffs(self, cutoffs):
        """Store the cut-offs measured now for the whole population.

        :param cutoffs: {criterion_id: cut-off value}
        """
        now = fields.Datetime.now()
        for criterion in self.filtered(lambda c: c.id in cutoffs):
            criterion.write({"top_cutoff": cutoffs[criterion.id], "top_cutoff_date": now})

    def _stored_top_cutoffs(self):
        """The stored cut-offs of these Top % criteria: {criterion_id: value}; those never
        measured or changed since are absent."""
        return {
            criterion.id: criterion.top_cutoff
            for criterion in self
            if criterion.threshold_type == "top_percent" and criterion.top_cutoff_date
        }

    @api.model
    def _cutoffs_measured_on(self, company):
        """When the oldest stored cut-off of the company's active Top % criteria was
        measured (False: none stored, or no Top % criterion)."""
        criteria = self.sudo().search(
            [("company_id", "=", company.id), ("threshold_type", "=", "top_percent")]
        )
        dates = criteria.mapped("top_cutoff_date")
        return min(dates) if dates and all(dates) else False
