# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""strategic.criterion, audited: a chatter on each criterion, tracking every field that
decides who meets it."""

from odoo import fields, models


class StrategicCriterion(models.Model):
    _name = "strategic.criterion"
    _inherit = ["strategic.criterion", "mail.thread"]

    metric = fields.Selection(tracking=True)
    threshold = fields.Float(tracking=True)
    threshold_type = fields.Selection(tracking=True)
    period_months = fields.Integer(tracking=True)
    weight = fields.Float(tracking=True)
    requires_good_payment = fields.Boolean(tracking=True)
    active = fields.Boolean(tracking=True)
    partner_category_ids = fields.Many2many(tracking=True)
    product_category_ids = fields.Many2many(tracking=True)
    industry_ids = fields.Many2many(tracking=True)
    domain = fields.Char(tracking=True)
