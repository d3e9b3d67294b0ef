# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The strategic client's own page in the portal (/my/strategic): the consumption reports
sent to it, each semester's PDF to download, the actions of its current joint account
plans shared with it, and its product improvement requests (a form submits new ones). A
portal user reads its own client's documents only, under the addon's record rules; nothing
is shown once the client is archived or no longer strategic for the documents' company."""

from werkzeug.exceptions import NotFound

from odoo import _, http
from odoo.exceptions import ValidationError
from odoo.http import content_disposition, request

from odoo.addons.portal.controllers.portal import CustomerPortal

CONSUMPTION_REPORT = "strategic_client.action_report_consumption"


class StrategicClientPortal(CustomerPortal):
    # ------------------------------------------------------------------------------------
    # Whose page: the user's client, for the companies it is strategic in
    # ------------------------------------------------------------------------------------
    def _strategic_companies(self):
        """The companies of the user for which its commercial partner is an active strategic
        client (the status is read as superuser: it is the user's own client, and portal
        users may not read the addon's fields)."""
        user = request.env.user
        client = user.commercial_partner_id.sudo()
        if user._is_internal() or user._is_public() or not client.active:
            return request.env["res.company"]
        return user.company_ids.filtered(lambda company: client.with_company(company).is_strategic)

    def _strategic_reports(self, companies):
        """The consumption reports sent to the user's client by ``companies``, read with the
        user's own rights (the record rule keeps them to its client), newest first."""
        client = request.env.user.commercial_partner_id
        return request.env["strategic.consumption.sent"].search(
            [
                ("partner_id", "child_of", client.ids),
                ("company_id", "in", companies.ids),
                ("state", "=", "sent"),
            ]
        )

    def _strategic_shared_actions(self, companies):
        """The actions shared with the user's client (read with its own rights) of the
        plans current today (the plans themselves stay hidden from portal users: their name
        and dates are read as superuser, after the rule let the actions through)."""
        client = request.env.user.commercial_partner_id
        actions = request.env["strategic.account.plan.action"].search(
            [("company_id", "in", companies.ids), ("portal_shared", "=", True)]
        )
        return actions.filtered(
            lambda action: (
                action.plan_id.sudo().is_current
                and action.plan_id.sudo().partner_id.commercial_partner_id == client
            )
        )

    def _strategic_requests(self, companies):
        """The product improvement requests of the user's client in ``companies``, read with
        the user's own rights (the record rule keeps them to its client), newest first."""
        client = request.env.user.commercial_partner_id
        return request.env["project.task"].search(
            [
                ("strategic_request", "=", True),
                ("company_id", "in", companies.ids),
                ("partner_id", "child_of", client.ids),
            ],
            order="create_date desc, id desc",
        )

    def _strategic_request_projects(self, companies):
        """The projects of ``companies`` taking requests (read as superuser: portal users do
        not read projects; only their names are shown)."""
        return (
            request.env["project.project"]
            .sudo()
            .search([("strategic_requests", "=", True), ("company_id", "in", companies.ids)])
        )

    # ------------------------------------------------------------------------------------
    # The portal home's card
    # ------------------------------------------------------------------------------------
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "strategic_count" in counters:
            companies = self._strategic_companies()
            values["strategic_count"] = (
                len(self._strategic_reports(companies))
                + len(self._strategic_shared_actions(companies))
                + len(self._strategic_requests(companies))
                if companies
                else 0
            )
        return values

    # ------------------------------------------------------------------------------------
    # The page and the PDFs
    # ------------------------------------------------------------------------------------
    @http.route(["/my/strategic"], type="http", auth="user", website=True, readonly=True)
    def portal_my_strategic(self, request_error=None, request_values=None, **kw):
        companies = self._strategic_companies()
        if not companies:
            raise NotFound()
        reports = self._strategic_reports(companies)
        actions = self._strategic_shared_actions(companies)
        client = request.env.user.commercial_partner_id
        requests = self._strategic_requests(companies)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "requests": requests,
                # stages and products are read as superuser once the rule let the requests
                # through (portal users read neither)
                "request_details": {
                    task.id: (task.sudo().stage_id.name, task.sudo().strategic_product_ids)
                    for task in requests
                },
                "request_projects": self._strategic_request_projects(companies),
                "request_products": request.env["project.task"]
                ._strategic_products_bought(client, companies)
                .sudo(),
                "request_error": request_error,
                "request_values": request_values or {},
                "request_sent": kw.get("request_sent"),
                "page_name": "strategic",
                "reports": reports,
                "sent_dates": {
                    sent.id: (sent.sudo().message_id.date or sent.write_date).date()
                    for sent in reports
                },
                "plans": [
                    (plan.sudo(), plan_actions)
                    for plan, plan_actions in actions.grouped("plan_id").items()
                ],
                "owner_sides": {
                    "us": _("Us"),
                    "client": _("You"),
                    "joint": _("Together"),
                },
            }
        )
        return request.render("strategic_client.portal_my_strategic", values)

    @http.route(["/my/strategic/request"], type="http", auth="user", methods=["POST"], website=True)
    def portal_my_strategic_request(self, project_id=None, partner_id=None, **post):
        """A product improvement request submitted by the user for its own client, in a
        project taking requests of a company it is strategic for: any other client's or
        project's id is not found. Bad input shows the page again with the error and what
        was typed, and saves nothing."""
        companies = self._strategic_companies()
        if not companies:
            raise NotFound()
        contact = request.env.user.partner_id
        if partner_id and partner_id not in (
            str(contact.id),
            str(contact.commercial_partner_id.id),
        ):
            raise NotFound()
        projects = self._strategic_request_projects(companies)
        project = (
            projects.filtered(lambda p: str(p.id) == str(project_id))
            if project_id
            else projects[:1]
        )
        if not project:
            raise NotFound()
        product_ids = [
            int(pid) for pid in request.httprequest.form.getlist("product_ids") if pid.isdigit()
        ]
        products = request.env["product.product"].browse(product_ids).sudo().exists().sudo(False)
        try:
            task = request.env["project.task"]._strategic_create_portal_request(
                contact, project, post.get("name"), post.get("description"), products
            )
        except ValidationError as error:
            return self.portal_my_strategic(
                request_error=error.args[0],
                request_values={
                    "name": post.get("name") or "",
                    "description": post.get("description") or "",
                    "product_ids": product_ids,
                    "project_id": project.id,
                },
            )
        return request.redirect(f"/my/strategic?request_sent={task.id}#strategic_requests")

    @http.route(
        ["/my/strategic/report/<int:sent_id>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_strategic_report(self, sent_id, **kw):
        """The PDF of a report sent to the user's client: the one attached to the mail, or,
        when that mail is gone, the report rendered again for the same semester. Anything
        else (another client's, an archived or no longer strategic client's, another
        company's) is not found, whether it exists or not."""
        companies = self._strategic_companies()
        sent = self._strategic_reports(companies).filtered(lambda s: s.id == sent_id)
        if not sent:
            raise NotFound()
        sent_sudo = sent.sudo()  # the access was checked just above
        attachment = sent_sudo.message_id.attachment_ids.filtered(
            lambda a: a.mimetype == "application/pdf"
        )[:1]
        if attachment:
            content, mimetype, name = attachment.raw, attachment.mimetype, attachment.name
        else:
            client = sent_sudo.partner_id
            year, half = divmod(sent_sudo.semester, 2)
            Report = (
                request.env["ir.actions.report"]
                .sudo()
                .with_company(sent_sudo.company_id)
                .with_context(lang=client.lang or request.env.lang)
            )
            content, kind = Report._render_qweb_pdf(
                CONSUMPTION_REPORT, client.ids, data={"year": year, "half": half + 1}
            )
            mimetype = "application/pdf" if kind == "pdf" else "text/html"
            name = _(
                "Consumption %(semester)s - %(partner)s.%(ext)s",
                semester=sent_sudo.semester_label,
                partner=client.name,
                ext=kind,
            )
        return request.make_response(
            content,
            headers=[
                ("Content-Type", mimetype),
                ("Content-Length", len(content)),
                ("Content-Disposition", content_disposition(name)),
            ],
        )
