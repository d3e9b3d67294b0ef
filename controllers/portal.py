# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The strategic client's own page in the portal (/my/strategic): the consumption reports
sent to it, each semester's PDF to download, and the actions of its current joint account
plans shared with it. A portal user reads its own client's documents only, under the
addon's record rules; nothing is shown once the client is archived or no longer strategic
for the documents' company."""

from werkzeug.exceptions import NotFound

from odoo import _, http
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
                if companies
                else 0
            )
        return values

    # ------------------------------------------------------------------------------------
    # The page and the PDFs
    # ------------------------------------------------------------------------------------
    @http.route(["/my/strategic"], type="http", auth="user", website=True, readonly=True)
    def portal_my_strategic(self, **kw):
        companies = self._strategic_companies()
        if not companies:
            raise NotFound()
        reports = self._strategic_reports(companies)
        actions = self._strategic_shared_actions(companies)
        values = self._prepare_portal_layout_values()
        values.update(
            {
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
