# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""strategic.consumption.sent: what was done with a client's consumption report of a
semester (sent, or skipped for want of an email), and the one sending loop that the
semester job and the client's *Send consumption report* button share."""

from odoo import _, api, fields, models


class StrategicConsumptionSent(models.Model):
    """What the semester job did for a client and semester: sent (the message) or skipped
    (no email). The job never does it twice, even when run again or after a crash."""

    _name = "strategic.consumption.sent"
    _description = "Consumption report sent"
    _order = "semester desc, id desc"

    partner_id = fields.Many2one("res.partner", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, index=True, ondelete="cascade")
    semester = fields.Integer(
        string="Semester Number",
        required=True,
        help="2 x year + 0 for January-June, + 1 for July-December.",
    )
    semester_label = fields.Char(string="Semester")
    state = fields.Selection([("sent", "Sent"), ("skipped", "Skipped: no email")], required=True)
    message_id = fields.Many2one("mail.message", ondelete="set null")

    _partner_semester_unique = models.Constraint(
        "UNIQUE(partner_id, company_id, semester)",
        "The consumption report of a semester is sent once to a client.",
    )

    # ------------------------------------------------------------------------------------
    # The semester job: every strategic client of every company, never twice
    # ------------------------------------------------------------------------------------
    @api.model
    def _send_semester_reports(self, semester):
        """Send every strategic client of every company its report of ``semester``, those
        not done yet (what was done is recorded and committed client by client); one
        activity per responsible lists the clients skipped for want of an email."""
        for company in self.env["res.company"].sudo().search([]):
            Sent = self.sudo().with_company(company)
            clients = Sent.env["res.partner"].search([("is_strategic", "=", True)])
            done = Sent.search(
                [("company_id", "=", company.id), ("semester", "=", semester)]
            ).partner_id
            skipped = Sent._send(clients - done, semester, commit=True)
            if skipped:
                Sent._schedule_missing_email(skipped, semester)

    def _schedule_missing_email(self, partners, semester):
        """One activity per responsible (see res.partner._strategic_activity_user) on the
        company's own contact, listing the clients whose report could not be sent."""
        company = self.env.company
        label = self.env["report.strategic_client.report_consumption"]._semester_label(semester)
        for user, clients in partners.grouped(lambda p: p._strategic_activity_user()).items():
            company.partner_id.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=user.id,
                summary=_("Consumption reports %(semester)s not sent", semester=label),
                note=_(
                    "These strategic clients have no email (neither on their invoice address): "
                    "%(clients)s. Fill it in, then use Send consumption report on each.",
                    clients=", ".join(clients.mapped("display_name")),
                ),
            )
        self._commit_progress(0)

    # ------------------------------------------------------------------------------------
    # The one sending loop (the job and the button)
    # ------------------------------------------------------------------------------------
    @api.model
    def _send(self, partners, semester, commit=False):
        """Mail each client (commercial partners) its consumption report of ``semester``
        for the current company, PDF attached, key account manager in copy; record it.
        With ``commit`` (the job), each client is committed as it is done.

        :return: the clients skipped for want of an email (recorded as skipped)
        """
        company = self.env.company
        report = self.env.ref("strategic_client.action_report_consumption")
        template = self.env.ref("strategic_client.mail_template_consumption_report")
        Report = self.env["report.strategic_client.report_consumption"]
        Sent = self.sudo()
        existing = {
            record.partner_id: record
            for record in Sent.search(
                [
                    ("partner_id", "in", partners.ids),
                    ("company_id", "=", company.id),
                    ("semester", "=", semester),
                ]
            )
        }
        year, half = divmod(semester, 2)
        skipped = partners.browse()
        for index, partner in enumerate(partners, start=1):
            label = Report.with_context(lang=partner.lang)._semester_label(semester)
            recipient = partner._strategic_report_recipient()
            values = {
                "partner_id": partner.id,
                "company_id": company.id,
                "semester": semester,
                "semester_label": label,
                "state": "skipped",
            }
            if not recipient:
                skipped |= partner
            else:
                content, kind = report._render_qweb_pdf(
                    report.report_name, partner.ids, data={"year": year, "half": half + 1}
                )
                attachment = self.env["ir.attachment"].create(
                    {
                        "name": _(
                            "Consumption %(semester)s - %(partner)s.%(ext)s",
                            semester=label,
                            partner=partner.name,
                            ext=kind,
                        ),
                        "raw": content,
                        "res_model": "res.partner",
                        "res_id": partner.id,
                    }
                )
                copy = partner.key_account_manager_id.partner_id
                message = partner.with_context(
                    strategic_semester_label=label
                ).message_post_with_source(
                    template,
                    subtype_xmlid="mail.mt_comment",
                    partner_ids=(recipient | copy).ids,
                    attachment_ids=attachment.ids,
                )
                values.update(state="sent", message_id=message[:1].id)
            if partner in existing:
                existing[partner].write(values)
            else:
                Sent.create(values)
            if commit:
                self._commit_progress(1, remaining=len(partners) - index)
        return skipped

    def _commit_progress(self, processed, remaining=None):
        """Commit what is done so far when running as a scheduled job (a crash then
        resumes where it stopped); elsewhere the caller's transaction decides."""
        if self.env.context.get("ir_cron_progress_id"):
            self.env["ir.cron"]._commit_progress(processed, remaining=remaining)
