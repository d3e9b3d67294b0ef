# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""strategic.certification: a certification of a client (its profile)."""

from odoo import fields, models


class StrategicCertification(models.Model):
    _name = "strategic.certification"
    _description = "Client profile: certification"
    _order = "expiry_date, id"

    partner_id = fields.Many2one("res.partner", required=True, index=True, ondelete="cascade")
    name = fields.Char(string="Certification", required=True)
    issuer = fields.Char()
    expiry_date = fields.Date(string="Expiry")
