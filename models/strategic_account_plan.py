# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""strategic.account.plan: a joint account plan with a client (objectives, actions,
promotions and agreements)."""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class StrategicAccountPlan(models.Model):
    """A joint account plan: objectives, joint actions, promotions and agreements agreed
    with a strategic client for a period."""

    _name = "strategic.account.plan"
    _description = "Joint Account Plan"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_from desc, id desc"

    name = fields.Char(required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        index=True,
        tracking=True,
        domain="['|', ('parent_id', '=', False), ('is_company', '=', True)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(
        "res.users",
        string="Key Account Manager",
        tracking=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
    )
    date_from = fields.Date(string="From", required=True, default=fields.Date.context_today)
    date_to = fields.Date(string="To", required=True)
    next_review_date = fields.Date(tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("agreed", "Agreed with the client"),
            ("review", "In review"),
            ("closed", "Closed"),
        ],
        default="draft",
        required=True,
        tracking=True,
        group_expand=True,
    )
    objective_ids = fields.One2many("strategic.account.plan.objective", "plan_id")
    action_ids = fields.One2many(
        "strategic.account.plan.action", "plan_id", string="Actions, promotions and agreements"
    )
    notes = fields.Html()
    objective_count = fields.Integer(compute="_compute_progress")
    objective_done_count = fields.Integer(compute="_compute_progress")
    is_current = fields.Boolean(compute="_compute_is_current")

    @api.depends("objective_ids.status")
    def _compute_progress(self):
        for plan in self:
            plan.objective_count = len(plan.objective_ids)
            plan.objective_done_count = len(
                plan.objective_ids.filtered(lambda o: o.status == "achieved")
            )

    @api.depends("date_from", "date_to", "state")
    def _compute_is_current(self):
        today = fields.Date.context_today(self)
        for plan in self:
            plan.is_current = plan.state != "closed" and plan.date_from <= today <= (
                plan.date_to or today
            )

    _dates_in_order = models.Constraint(
        "CHECK(date_to >= date_from)",
        "A joint account plan's To must be on or after its From; correct one of the dates.",
    )

    @api.model
    def _check_lines_may_join(self, vals_list):
        """Objectives and actions go only into plans the user may write: not into another
        company's plan, whatever id is sent."""
        plan_ids = {vals["plan_id"] for vals in vals_list if vals.get("plan_id")}
        self.browse(plan_ids).check_access("write")

    @api.model
    def _check_request_clients(self, lines):
        """Plan objectives and actions link only improvement requests of the plan's client."""
        for line in lines.sudo().filtered("task_id"):
            task, client = line.task_id, line.plan_id.partner_id.commercial_partner_id
            if not task.strategic_request or task.partner_id.commercial_partner_id != client:
                raise ValidationError(
                    _(
                        "Improvement Request: %(task)s is not a product improvement request of "
                        "%(client)s; link one of its own requests, or none.",
                        task=task.display_name,
                        client=client.display_name,
                    )
                )
