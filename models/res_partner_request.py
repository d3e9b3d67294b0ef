# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""res.partner, for product improvement and development requests (project tasks): the
counters of the client's Strategic tab (open, done over the monitoring window, days from
request to done) and the actions listing and creating its requests."""

from odoo import _, api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    strategic_request_open_count = fields.Integer(
        string="Open Requests",
        compute="_compute_strategic_requests",
        help="The client's product improvement requests still open, whenever they were made.",
        groups="base.group_user",
    )
    strategic_request_done_count = fields.Integer(
        string="Requests Done",
        compute="_compute_strategic_requests",
        help="The client's product improvement requests done within the monitoring window.",
        groups="base.group_user",
    )
    strategic_request_days = fields.Float(
        string="Days from Request to Done",
        compute="_compute_strategic_requests",
        digits=(16, 1),
        help="Average number of days from request to done, of the requests done within the "
        "monitoring window.",
        groups="base.group_user",
    )

    def _strategic_requests_domain(self):
        """The requests of these clients (any of their contacts) in the current company."""
        return [
            ("partner_id", "child_of", self.commercial_partner_id.ids),
            ("strategic_request", "=", True),
            ("company_id", "=", self.env.company.id),
        ]

    def _strategic_request_figures(self):
        """{commercial partner id: (open, done in the window, average days to done)}, from
        two queries over the requests of these clients (counted as superuser, like the
        other counters of the Strategic tab)."""
        Task = self.env["project.task"].sudo().with_context(active_test=True)
        domain = self._strategic_requests_domain()
        family = self._strategic_family()
        figures = {}
        for partner, count in Task._read_group(
            domain + Task._strategic_open_domain(), ["partner_id"], ["__count"]
        ):
            client = family.get(partner.id)
            open_count, _done, _days = figures.get(client, (0, 0, 0.0))
            figures[client] = (open_count + count, 0, 0.0)
        since = fields.Datetime.to_datetime(self._strategic_window_start())
        done = Task.search_read(
            domain + [("state", "=", "1_done"), ("date_end", ">=", since)],
            ["partner_id", "create_date", "date_end"],
        )
        durations = {}
        for row in done:
            client = family.get(row["partner_id"][0])
            days = (row["date_end"] - row["create_date"]).total_seconds() / 86400
            durations.setdefault(client, []).append(days)
        for client, days in durations.items():
            open_count = figures.get(client, (0, 0, 0.0))[0]
            figures[client] = (open_count, len(days), sum(days) / len(days))
        return figures

    @api.depends_context("company")
    def _compute_strategic_requests(self):
        figures = self._strategic_request_figures()
        for partner in self:
            open_count, done, days = figures.get(partner.commercial_partner_id.id, (0, 0, 0.0))
            partner.strategic_request_open_count = open_count
            partner.strategic_request_done_count = done
            partner.strategic_request_days = days

    def action_strategic_open_requests(self):
        """The client's improvement requests (kanban of the request project's stages), where
        a new one gets the client and, if the company has one such project, that project."""
        self.env["res.users"]._strategic_check_group(
            "project.group_project_user", _("Open the improvement requests")
        )
        self.ensure_one()
        client = self.commercial_partner_id
        projects = self.env["project.project"].search(
            [("strategic_requests", "=", True), ("company_id", "=", self.env.company.id)]
        )
        context = {"default_partner_id": client.id}
        if len(projects) == 1:
            context["default_project_id"] = projects.id
        return {
            "type": "ir.actions.act_window",
            "name": _("Improvement requests of %(client)s", client=client.display_name),
            "res_model": "project.task",
            "view_mode": "kanban,list,form",
            "views": [(False, "kanban"), (False, "list"), (False, "form")],
            "domain": self._strategic_requests_domain(),
            "context": context,
        }

    def action_strategic_new_request(self):
        """A new improvement request of the client, in a form."""
        action = self.action_strategic_open_requests()
        return dict(
            action,
            name=_("New improvement request"),
            view_mode="form",
            views=[(False, "form")],
            target="current",
        )
