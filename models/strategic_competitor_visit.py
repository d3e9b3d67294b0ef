# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""strategic.competitor.visit: a competitor's visit to a client (its profile)."""

from odoo import fields, models


class StrategicCompetitorVisit(models.Model):
    _name = "strategic.competitor.visit"
    _description = "Client profile: competitor's visit"
    _order = "date desc, id desc"

    partner_id = fields.Many2one("res.partner", required=True, index=True, ondelete="cascade")
    date = fields.Date(required=True, default=fields.Date.context_today)
    competitor = fields.Char(required=True)
    notes = fields.Char()
