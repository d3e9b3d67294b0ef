# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""strategic.cost.entry: a cost to serve a client (special services, gifts, discounts), for
its return on investment."""

from odoo import fields, models


class StrategicCostEntry(models.Model):
    """What serving a client costs beyond the goods: the investment of seed 000."""

    _name = "strategic.cost.entry"
    _description = "Cost to serve a client"
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        index=True,
        ondelete="cascade",
        domain="['|', ('parent_id', '=', False), ('is_company', '=', True)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today)
    kind = fields.Selection(
        [
            ("special_service", "Special service"),
            ("gift", "Gift or courtesy"),
            ("discount", "Discount granted"),
            ("dedicated", "Dedicated resources"),
        ],
        required=True,
        default="special_service",
    )
    amount = fields.Monetary(required=True, currency_field="currency_id")
    name = fields.Char(string="Description")

    _amount_positive = models.Constraint(
        "CHECK(amount > 0)",
        "A cost to serve's Amount must be above 0; enter what serving the client cost.",
    )
