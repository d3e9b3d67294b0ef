# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""project.task: a client's product improvement or development request is a task of a project
that takes requests, with the client as customer and the products it concerns. Strategic
clients' requests take the company's priority while open, as deliveries do
(strategic.priority.mixin); the clients' contacts submit them from their portal."""

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tools import plaintext2html

from odoo.addons.project.models.project_task import CLOSED_STATES


class ProjectTask(models.Model):
    _name = "project.task"
    _inherit = ["project.task", "strategic.priority.mixin"]

    strategic_request = fields.Boolean(
        string="Improvement Request",
        related="project_id.strategic_requests",
        store=True,
        help="A client's product improvement or development request: its project takes them.",
    )
    strategic_product_ids = fields.Many2many(
        "product.product",
        "project_task_strategic_product_rel",
        "task_id",
        "product_id",
        string="Products Concerned",
        help="The products the client asks to improve or develop (requests only).",
    )

    @property
    def TASK_PORTAL_READABLE_FIELDS(self):
        # the client's contacts read their requests' products in their portal
        return super().TASK_PORTAL_READABLE_FIELDS | {"strategic_request", "strategic_product_ids"}

    # --- the strategic flag: requests only -------------------------------------------------
    def _strategic_applies(self):
        self.ensure_one()
        return self.strategic_request

    @api.depends("strategic_request")
    def _compute_strategic_client(self):
        return super()._compute_strategic_client()

    # --- the priority (strategic.priority.mixin) ---------------------------------------------
    @api.model
    def _strategic_open_domain(self):
        """Open requests follow their client's status."""
        return [("strategic_request", "=", True), ("state", "not in", list(CLOSED_STATES))]

    @api.model
    def _strategic_priority(self, is_strategic, company):
        return company.strategic_task_priority if is_strategic else "0"

    @api.model
    def _strategic_priority_note(self, is_strategic, priority):
        # the labels of the setting (Low, Medium, High, Urgent)
        selection = self.env["res.company"]._fields["strategic_task_priority"]
        label = dict(selection._description_selection(self.env))[priority]
        if is_strategic:
            return _(
                "Request of a strategic client: its priority is now %(priority)s.",
                priority=label,
            )
        return _(
            "The client is no longer strategic: this request is back to %(priority)s.",
            priority=label,
        )

    @api.model
    def _strategic_follow_company_priority(self, companies):
        """The priority of strategic clients' requests changed in ``companies``: their open
        requests take it (except where it was set by hand)."""
        self.search(
            [
                ("company_id", "in", companies.ids),
                ("strategic_client", "=", True),
                ("priority_set_by_hand", "=", False),
                *self._strategic_open_domain(),
            ]
        )._strategic_apply_priority()

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get("strategic_priority"):
            # a priority chosen at creation is a priority set by hand
            vals_list = [
                dict(vals, priority_set_by_hand=True) if vals.get("priority", "0") != "0" else vals
                for vals in vals_list
            ]
        tasks = super().create(vals_list)
        tasks.filtered(
            lambda task: task.strategic_client and not task.priority_set_by_hand
        )._strategic_apply_priority()
        return tasks

    def write(self, vals):
        # a request marked done outside a folded stage (which dates it): its end is now, for
        # the time from request to done on the client's form
        undated = (
            self.filtered(lambda task: task.strategic_request and not task.date_end)
            if vals.get("state") == "1_done" and "date_end" not in vals
            else self.browse()
        )
        result = super().write(vals)
        if undated:
            undated.write({"date_end": fields.Datetime.now()})
        if {"project_id", "partner_id"}.intersection(vals):
            # moved into a project taking requests, or another client's: follow its status
            self.filtered_domain(
                [("priority_set_by_hand", "=", False), *self._strategic_open_domain()]
            )._strategic_apply_priority()
        return result

    # --- the products concerned ------------------------------------------------------------
    @api.constrains("strategic_product_ids", "project_id")
    def _check_strategic_products(self):
        for task in self:
            if task.strategic_product_ids and not task.project_id.strategic_requests:
                raise ValidationError(
                    _(
                        "Products Concerned: only product improvement requests name products, "
                        "and project %(project)s does not take requests. Move the task %(task)s "
                        "to a project that takes them, or clear its products.",
                        project=task.project_id.display_name or _("(none)"),
                        task=task.display_name,
                    )
                )

    @api.model
    def _strategic_products_bought(self, client, companies):
        """The products ``client`` (a commercial partner) bought from ``companies``: on its
        posted invoices and its confirmed orders (two grouped queries)."""
        invoiced = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("move_id.commercial_partner_id", "=", client.id),
                    ("move_id.move_type", "=", "out_invoice"),
                    ("parent_state", "=", "posted"),
                    ("company_id", "in", companies.ids),
                    ("display_type", "=", "product"),
                    ("product_id", "!=", False),
                ],
                ["product_id"],
            )
        )
        ordered = (
            self.env["sale.order.line"]
            .sudo()
            ._read_group(
                [
                    ("order_id.partner_id", "child_of", client.ids),
                    ("state", "=", "sale"),
                    ("company_id", "in", companies.ids),
                    ("display_type", "=", False),
                    ("product_id", "!=", False),
                ],
                ["product_id"],
            )
        )
        products = self.env["product.product"]
        for (product,) in invoiced + ordered:
            products |= product
        return products.sudo(False)

    # --- requests from the portal ----------------------------------------------------------
    @api.model
    def _strategic_create_portal_request(self, contact, project, name, description, products):
        """The request ``contact`` (a client's contact with portal access) submits from its
        portal: checked first (title, project, products among those the client bought),
        then created at once as superuser (portal users may not create tasks), followed by
        the contact, prioritised as any request, and given to the client's key account
        manager as an activity. Bad input raises a ValidationError naming the field, and
        nothing is saved."""
        client = contact.commercial_partner_id
        name = (name or "").strip()
        if not name:
            raise ValidationError(
                _("Title: say in a few words what to improve or develop, then send it again.")
            )
        if not project.sudo().strategic_requests:
            raise ValidationError(
                _(
                    "Project: %(project)s does not take product improvement requests; send the "
                    "request to a project that takes them.",
                    project=project.sudo().display_name,
                )
            )
        unsold = products - self._strategic_products_bought(client, project.sudo().company_id)
        if unsold:
            # not named: a crafted id must not reveal a product the client never saw
            raise ValidationError(
                _(
                    "Products Concerned: %(count)s of the products named were never sold to "
                    "%(client)s; choose among the products it bought, or leave the products "
                    "empty.",
                    count=len(unsold),
                    client=client.name,
                )
            )
        task = (
            self.sudo()
            .with_company(project.sudo().company_id)
            .create(
                {
                    "name": name,
                    "description": plaintext2html(description.strip()) if description else False,
                    "project_id": project.id,
                    "partner_id": contact.id,
                    "strategic_product_ids": [Command.set(products.ids)],
                    "user_ids": [],
                }
            )
        )
        task.message_subscribe(partner_ids=contact.ids)
        task._strategic_notify_account_manager()
        return task

    def _strategic_notify_account_manager(self):
        """An activity for each request's key account manager (else its salesperson, else
        the administrator) to answer it."""
        for task in self:
            client = task.partner_id.commercial_partner_id
            products = task.strategic_product_ids.mapped("display_name")
            note = Markup("<p>%s</p>") % _(
                "%(client)s asks: %(request)s",
                client=client.name,
                request=task.name,
            )
            if products:
                note += Markup("<p>%s</p>") % _(
                    "Products concerned: %(products)s", products=", ".join(products)
                )
            task.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=_("Answer the improvement request of %(client)s", client=client.name),
                note=note,
                user_id=client.sudo()._strategic_activity_user().id,
            )
