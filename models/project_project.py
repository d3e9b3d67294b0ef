# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""project.project: the projects that take the clients' product improvement and development
requests (their tasks are the requests)."""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ProjectProject(models.Model):
    _inherit = "project.project"

    strategic_requests = fields.Boolean(
        string="Product Improvement Requests",
        copy=False,
        tracking=True,
        help="The tasks of this project are clients' requests to improve or develop "
        "products: the client is the customer, the products concerned are named, strategic "
        "clients' requests take the priority chosen in the settings and come first, and the "
        "clients' contacts submit and follow them from their portal.",
    )

    @api.constrains("strategic_requests", "company_id")
    def _check_strategic_requests_company(self):
        for project in self:
            if project.strategic_requests and not project.company_id:
                raise ValidationError(
                    _(
                        "Project %(project)s takes product improvement requests: set its "
                        "Company, for a client is strategic for a company, or untick Product "
                        "Improvement Requests.",
                        project=project.display_name,
                    )
                )

    def write(self, vals):
        result = super().write(vals)
        if vals.get("strategic_requests"):
            # the open tasks become requests: those of strategic clients go first
            self.env["project.task"].search(
                [
                    ("project_id", "in", self.ids),
                    ("priority_set_by_hand", "=", False),
                    *self.env["project.task"]._strategic_open_domain(),
                ]
            )._strategic_apply_priority()
        return result
