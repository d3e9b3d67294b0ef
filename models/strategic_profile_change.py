# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""strategic.profile.change: a dated note of a notable change of a client (its profile)."""

from odoo import fields, models


class StrategicProfileChange(models.Model):
    _name = "strategic.profile.change"
    _description = "Client profile: notable change"
    _order = "date desc, id desc"

    partner_id = fields.Many2one("res.partner", required=True, index=True, ondelete="cascade")
    date = fields.Date(required=True, default=fields.Date.context_today)
    name = fields.Char(string="Change", required=True)
