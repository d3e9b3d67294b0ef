# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class StrategicAccountPlanAction(models.Model):
    _name = "strategic.account.plan.action"
    _inherit = ["strategic.input.guard"]
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

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for action in self.filtered(
            lambda a: a.date_start and a.date_end and a.date_end < a.date_start
        ):
            raise ValidationError(
                _("%(action)s: End must be on or after Start.", action=action.name)
            )
