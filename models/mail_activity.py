# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""mail.activity: the code of the early-warning reason an "At risk" activity is about, so
that the daily recompute never opens two for the same client and reason."""

from odoo import fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    strategic_risk_key = fields.Char(
        string="Risk Reason Code",
        readonly=True,
        copy=False,
        help="Which reason of a strategic client at risk this activity is about: "
        "'threshold-<criterion id>', 'payment-<company id>', 'rank-<company id>' or "
        "'fall-<criterion id>'.",
    )
