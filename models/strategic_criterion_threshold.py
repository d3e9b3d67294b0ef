# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""strategic.criterion: the threshold proposed for each metric, set when the metric is
chosen in the form, or on create when no threshold is given; another addon adding a
metric extends _proposed_threshold."""

from odoo import api, models

# (threshold type, threshold) that makes sense for each metric: the seed's defaults
PROPOSED_THRESHOLDS = {
    "purchase_amount": ("top_percent", 20.0),
    "distributor": ("absolute", 1.0),
    "purchase_weight": ("top_percent", 20.0),
    "margin": ("absolute", 30.0),
    "growth": ("absolute", 20.0),
    "loyalty": ("absolute", 75.0),
    "test_client": ("absolute", 1.0),
    "low_rotation": ("absolute", 20.0),
    "prestige": ("absolute", 1.0),
    "multinational": ("absolute", 2.0),
    "cash_payment": ("absolute", 80.0),
    "segment": ("absolute", 1.0),
    "influence": ("absolute", 2.0),
    "domain": ("absolute", 1.0),
}


class StrategicCriterion(models.Model):
    _inherit = "strategic.criterion"

    @api.model
    def _proposed_threshold(self, metric):
        """The threshold that makes sense for ``metric``: (threshold type, threshold), or
        None to propose nothing. Another addon adding a metric extends it."""
        return PROPOSED_THRESHOLDS.get(metric)

    @api.onchange("metric")
    def _onchange_metric_propose_threshold(self):
        for criterion in self:
            proposal = criterion._proposed_threshold(criterion.metric)
            if proposal:
                criterion.threshold_type, criterion.threshold = proposal

    @api.model_create_multi
    def create(self, vals_list):
        if isinstance(vals_list, list) and "default_threshold" not in self.env.context:
            default_metric = self._fields["metric"].default(self)
            vals_list = [
                self._with_proposed_threshold(vals, default_metric)
                if isinstance(vals, dict) and "threshold" not in vals
                else vals
                for vals in vals_list
            ]
        return super().create(vals_list)

    @api.model
    def _with_proposed_threshold(self, vals, default_metric):
        """``vals`` of a criterion created without a threshold, with the one proposed for
        its metric, unless they name another threshold type than the proposal's."""
        metric = vals.get("metric", self.env.context.get("default_metric", default_metric))
        proposal = isinstance(metric, str) and self._proposed_threshold(metric)
        if not proposal:
            return vals
        threshold_type, threshold = proposal
        chosen_type = vals.get(
            "threshold_type", self.env.context.get("default_threshold_type", threshold_type)
        )
        if chosen_type != threshold_type:
            return vals
        return dict(vals, threshold_type=threshold_type, threshold=threshold)
