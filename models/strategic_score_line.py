# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.tools import float_repr, formatLang

from .strategic_rights import FIGURES_GROUP


class StrategicScoreLine(models.Model):
    _name = "strategic.score.line"
    _description = "Strategic Score Line"
    _order = "partner_id, criterion_sequence, criterion_id"

    # indexed by the (partner, criterion) unique index; the recompute inserts ~10 lines per
    # client at once, so no other index than the criterion's (clients meeting it)
    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade")
    criterion_id = fields.Many2one(
        "strategic.criterion", required=True, index=True, ondelete="cascade"
    )
    criterion_sequence = fields.Integer(related="criterion_id.sequence", store=True)
    company_id = fields.Many2one(related="criterion_id.company_id", store=True, precompute=True)
    # the measured figures come from invoices and orders: for those who may read them all
    value = fields.Float(
        help="The measured value of the criterion for this client.", groups=FIGURES_GROUP
    )
    threshold_value = fields.Float(
        help="The value to reach: the threshold, or the cut-off of the top %.",
        groups=FIGURES_GROUP,
    )
    met = fields.Boolean()
    payment_ok = fields.Boolean(
        help="The client passes the good-payment gate (or the criterion has none)."
    )
    points = fields.Float(help="The criterion's weight if met, else 0.")
    explanation = fields.Char(compute="_compute_explanation", groups=FIGURES_GROUP)

    _partner_criterion_unique = models.Constraint(
        "UNIQUE(partner_id, criterion_id)",
        "A client has one score line per criterion.",
    )

    @api.depends("value", "threshold_value", "met", "payment_ok")
    def _compute_explanation(self):
        for line in self:
            value = line._format_value(line.value)
            if line.threshold_value == float("inf") or line.threshold_value > 1e300:
                threshold = _("no customer")
            else:
                threshold = line._format_value(line.threshold_value)
            if line.met:
                line.explanation = _(
                    "Met: %(value)s reaches %(threshold)s", value=value, threshold=threshold
                )
            elif line.value >= line.threshold_value and not line.payment_ok:
                line.explanation = _(
                    "Not met: %(value)s reaches %(threshold)s but payment habits are not good",
                    value=value,
                    threshold=threshold,
                )
            else:
                line.explanation = _(
                    "Not met: %(value)s is below %(threshold)s", value=value, threshold=threshold
                )

    def _format_value(self, value):
        self.ensure_one()
        unit = self.criterion_id.value_unit
        if unit == "amount":
            return formatLang(self.env, value, currency_obj=self.company_id.currency_id)
        if unit == "percent":
            return f"{formatLang(self.env, value, digits=1)} %"
        if unit == "kg":
            return f"{formatLang(self.env, value, digits=1)} kg"
        if unit == "flag":
            return _("Yes") if value >= 1 else _("No")
        return float_repr(value, 0)
