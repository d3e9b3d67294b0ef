# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""strategic.account.plan.action: an action, promotion or agreement of a joint account
plan."""

from odoo import fields, models


class StrategicAccountPlanAction(models.Model):
    _name = "strategic.account.plan.action"
    _description = "Joint Account Plan Action"
    _order = "plan_id, date_start, id"

    plan_id = fields.Many2one("strategic.account.plan", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    name = fields.Char(string="Description", required=True)
    kind = fields.Selection(
        [
            ("action", "Joint action"),
            ("promotion", "Promotion"),
            ("agreement", "Agreement"),
        ],
        default="action",
        required=True,
    )
    date_start = fields.Date(string="Start")
    date_end = fields.Date(string="End")
    owner_id = fields.Many2one("res.users", string="Owner", domain=[("share", "=", False)])
    owner_side = fields.Selection(
        [("us", "Us"), ("client", "Client"), ("joint", "Joint")], default="joint"
    )
    state = fields.Selection(
        [
            ("todo", "To do"),
            ("in_progress", "In progress"),
            ("done", "Done"),
            ("cancel", "Cancelled"),
        ],
        default="todo",
        required=True,
    )

    _dates_in_order = models.Constraint(
        "CHECK(date_end >= date_start)",
        "An action's End must be on or after its Start; correct one of the dates.",
    )
