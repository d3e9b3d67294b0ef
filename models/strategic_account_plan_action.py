# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""strategic.account.plan.action: an action, promotion or agreement of a joint account
plan, and whether it is shared with the client in its portal (changes told on the plan's
chatter)."""

from odoo import _, api, fields, models


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
    task_id = fields.Many2one(
        "project.task",
        string="Improvement Request",
        index="btree_not_null",
        ondelete="set null",
        domain="[('strategic_request', '=', True)]",
        groups="project.group_project_user",
        help="The client's product improvement request this line is about.",
    )
    portal_shared = fields.Boolean(
        string="Shared with the client",
        help="The client's contacts with portal access see this action in their portal "
        "(My Account > Strategic account) while the plan is current.",
    )

    _dates_in_order = models.Constraint(
        "CHECK(date_end >= date_start)",
        "An action's End must be on or after its Start; correct one of the dates.",
    )

    @api.constrains("task_id", "plan_id")
    def _check_task_id(self):
        self.env["strategic.account.plan"]._check_request_clients(self)

    @api.model_create_multi
    def create(self, vals_list):
        self.env["strategic.account.plan"]._check_lines_may_join(vals_list)
        actions = super().create(vals_list)
        actions.filtered("portal_shared")._strategic_post_sharing(shared=True)
        return actions

    def write(self, vals):
        self.env["strategic.account.plan"]._check_lines_may_join([vals])
        if "portal_shared" not in vals:
            return super().write(vals)
        shared = bool(vals["portal_shared"])
        changed = self.filtered(lambda action: action.portal_shared != shared)
        result = super().write(vals)
        changed._strategic_post_sharing(shared)
        return result

    def _strategic_post_sharing(self, shared):
        """Tell on each plan's chatter which of its actions were shared with the client in
        its portal, or are no longer (actions have no chatter of their own): one message
        per plan."""
        for plan, actions in self.grouped("plan_id").items():
            names = ", ".join(actions.mapped("name"))
            if shared:
                body = _("Shared with the client in its portal: %(actions)s", actions=names)
            else:
                body = _("No longer shared with the client: %(actions)s", actions=names)
            plan.message_post(body=body, subtype_xmlid="mail.mt_note")
