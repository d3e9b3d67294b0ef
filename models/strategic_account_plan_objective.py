# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""strategic.account.plan.objective: an objective of a joint account plan."""

from odoo import api, fields, models


class StrategicAccountPlanObjective(models.Model):
    _name = "strategic.account.plan.objective"
    _description = "Joint Account Plan Objective"
    _order = "plan_id, sequence, id"

    plan_id = fields.Many2one("strategic.account.plan", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Objective", required=True)
    target = fields.Char(help="e.g. 120 t of cement, +15 % in sales")
    measure = fields.Char(help="How the objective is measured, e.g. invoiced kg per quarter")
    task_id = fields.Many2one(
        "project.task",
        string="Improvement Request",
        index="btree_not_null",
        ondelete="set null",
        domain="[('strategic_request', '=', True)]",
        groups="project.group_project_user",
        help="The client's product improvement request this line is about.",
    )
    status = fields.Selection(
        [
            ("planned", "Planned"),
            ("on_track", "On track"),
            ("at_risk", "At risk"),
            ("achieved", "Achieved"),
            ("missed", "Missed"),
        ],
        default="planned",
        required=True,
    )

    @api.constrains("task_id", "plan_id")
    def _check_task_id(self):
        self.env["strategic.account.plan"]._check_request_clients(self)

    @api.model_create_multi
    def create(self, vals_list):
        self.env["strategic.account.plan"]._check_lines_may_join(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self.env["strategic.account.plan"]._check_lines_may_join([vals])
        return super().write(vals)
