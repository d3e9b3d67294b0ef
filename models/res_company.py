# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    strategic_min_score = fields.Float(
        string="Minimum Strategic Score",
        default=50.0,
        help="A customer qualifies as strategic when it meets at least one criterion "
        "and its score (share of the weights of the criteria it meets, 0-100) "
        "reaches this value.",
    )
    strategic_max_clients = fields.Integer(
        string="Maximum Strategic Clients",
        default=10,
        help="At most this many qualified customers are strategic, the best ranked "
        "first (0 = no cap). Too many strategic clients defeats the purpose.",
    )
    strategic_max_days_late = fields.Integer(
        string="Good Payment: Maximum Days Late",
        default=15,
        help="A customer has good payment habits when it pays, on average, at most "
        "this many days after the due date.",
    )
    strategic_overdue_tolerance = fields.Monetary(
        string="Good Payment: Overdue Tolerance",
        currency_field="currency_id",
        default=0.0,
        help="... and its amount overdue today does not exceed this amount.",
    )
    strategic_cash_days = fields.Integer(
        string="Cash Payment Days",
        default=3,
        help="An invoice counts as paid in cash when it is fully paid within this "
        "many days of its invoice date.",
    )

    @api.constrains(
        "strategic_min_score",
        "strategic_max_clients",
        "strategic_max_days_late",
        "strategic_overdue_tolerance",
        "strategic_cash_days",
    )
    def _check_strategic_settings(self):
        for company in self:
            if not 0 <= company.strategic_min_score <= 100:
                raise ValidationError(
                    _(
                        "Minimum Strategic Score must be between 0 and 100 "
                        "(company %(company)s).",
                        company=company.name,
                    )
                )
            if company.strategic_max_clients < 0:
                raise ValidationError(
                    _(
                        "Maximum Strategic Clients cannot be negative: set 0 for no cap "
                        "(company %(company)s).",
                        company=company.name,
                    )
                )
            if company.strategic_max_days_late < 0:
                raise ValidationError(
                    _(
                        "Good Payment: Maximum Days Late cannot be negative "
                        "(company %(company)s).",
                        company=company.name,
                    )
                )
            if company.strategic_overdue_tolerance < 0:
                raise ValidationError(
                    _(
                        "Good Payment: Overdue Tolerance cannot be negative "
                        "(company %(company)s).",
                        company=company.name,
                    )
                )
            if company.strategic_cash_days < 0:
                raise ValidationError(
                    _(
                        "Cash Payment Days cannot be negative (company %(company)s).",
                        company=company.name,
                    )
                )
