# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StrategicScoreHistory(models.Model):
    _name = "strategic.score.history"
    _description = "Strategic Score History"
    _order = "date desc, id desc"

    partner_id = fields.Many2one("res.partner", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, index=True, ondelete="cascade")
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    score = fields.Float(aggregator="avg")
    rank = fields.Integer(aggregator="min")
    is_strategic = fields.Boolean(string="Strategic")
    qualified = fields.Boolean()
    status_changed = fields.Boolean(
        help="The client entered (Strategic) or left the list at this date."
    )
