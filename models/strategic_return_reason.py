# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""strategic.return.reason: why goods came back, and whether the return was justified."""

from odoo import fields, models


class StrategicReturnReason(models.Model):
    _name = "strategic.return.reason"
    _description = "Return reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    unjustified = fields.Boolean(
        help="Returns for this reason count as unjustified in the client's monitoring."
    )
