# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

OVERRIDE_FIELDS = ("strategic_override", "strategic_override_reason", "strategic_override_until")


class ResPartner(models.Model):
    _inherit = "res.partner"

    # --- status, per company (company-dependent: every user sees their company's) -------
    is_strategic = fields.Boolean(
        string="Strategic",
        company_dependent=True,
        readonly=True,
        help="A strategic client of the current company: the whole company gives it "
        "priority (see the benefit).",
    )
    strategic_qualified = fields.Boolean(
        string="Qualified",
        company_dependent=True,
        readonly=True,
        help="Meets at least one criterion and the minimum score; strategic if its rank "
        "is within the cap.",
    )
    strategic_score = fields.Float(
        company_dependent=True,
        readonly=True,
        help="100 x weights of the criteria met / weights of all active criteria.",
    )
    strategic_rank = fields.Integer(
        company_dependent=True,
        readonly=True,
        help="Place among the qualified clients (1 = first); 0 when not qualified.",
    )
    strategic_criterion_id = fields.Many2one(
        "strategic.criterion",
        string="Main Criterion",
        company_dependent=True,
        readonly=True,
        help="The most important criterion the client meets.",
    )
    strategic_benefit = fields.Char(
        compute="_compute_strategic_benefit",
        help="What the company gains from this client (benefit of its main criterion).",
    )
    strategic_invoiced_amount = fields.Float(
        string="Invoiced (12 months)",
        company_dependent=True,
        readonly=True,
        help="Untaxed amount invoiced over the last 12 months, in company currency; "
        "breaks ties in the ranking.",
    )
    strategic_days_late = fields.Float(
        string="Average Days Late",
        company_dependent=True,
        readonly=True,
        help="Average days paid after the due date over the last 12 months.",
    )
    strategic_overdue_amount = fields.Float(
        string="Overdue Amount",
        company_dependent=True,
        readonly=True,
    )
    strategic_good_payment = fields.Boolean(
        string="Good Payment Habits",
        company_dependent=True,
        readonly=True,
    )
    strategic_score_line_ids = fields.One2many(
        "strategic.score.line",
        "partner_id",
        string="Score Breakdown",
        readonly=True,
        domain=lambda self: [("company_id", "=", self.env.company.id)],
    )
    strategic_history_ids = fields.One2many(
        "strategic.score.history",
        "partner_id",
        string="Score History",
        readonly=True,
        domain=lambda self: [("company_id", "=", self.env.company.id)],
    )

    # --- manual override, per company ---------------------------------------------------
    strategic_override = fields.Selection(
        [
            ("auto", "Automatic"),
            ("force_in", "Forced strategic"),
            ("force_out", "Forced out"),
        ],
        string="Override",
        company_dependent=True,
        help="Automatic: the criteria decide. Forced strategic takes a place under the cap; "
        "forced out is never strategic.",
    )
    strategic_override_reason = fields.Char(string="Override Reason", company_dependent=True)
    strategic_override_until = fields.Date(
        string="Override Until",
        company_dependent=True,
        help="After this date the override lapses by itself.",
    )
    strategic_override_user_id = fields.Many2one(
        "res.users", string="Override Set By", company_dependent=True, readonly=True
    )

    key_account_manager_id = fields.Many2one(
        "res.users",
        string="Key Account Manager",
        domain=[("share", "=", False)],
        help="Handles and personally collects this client's account; follows its invoices "
        "and gets a collection activity for each overdue one while it is strategic.",
    )

    # --- manual facts about the client (same in every company) ---------------------------
    strategic_test_client = fields.Boolean(
        string="Test Client",
        help="A small client we use for tests, product trials and knowledge.",
    )
    strategic_prestige = fields.Boolean(
        string="Prestige Client", help="A reference client we may name publicly."
    )
    strategic_multinational = fields.Boolean(
        string="Multinational",
        help="Of high interest in other cities or countries, even if small here.",
    )
    strategic_growth_potential = fields.Float(
        string="Growth Potential (%)",
        help="Expected growth of this client's purchases, estimated by its salesperson; "
        "where set (not 0) it replaces the measured growth.",
    )
    strategic_market_influence = fields.Selection(
        [("0", "None"), ("1", "Low"), ("2", "Medium"), ("3", "High")],
        string="Market Influence",
        help="Influence this client has on the market in general.",
    )

    user_is_strategic_manager = fields.Boolean(compute="_compute_user_is_strategic_manager")

    @api.depends_context("uid")
    def _compute_user_is_strategic_manager(self):
        self.user_is_strategic_manager = self.env.user.has_group(
            "strategic_client.group_strategic_manager"
        )

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + ["key_account_manager_id"]

    @api.depends_context("company")
    @api.depends("strategic_criterion_id")
    def _compute_strategic_benefit(self):
        for partner in self:
            partner.strategic_benefit = partner.strategic_criterion_id.benefit or False

    # ------------------------------------------------------------------------------------
    # Override
    # ------------------------------------------------------------------------------------
    @api.constrains(*OVERRIDE_FIELDS)
    def _check_strategic_override(self):
        for partner in self:
            if (
                partner.strategic_override in ("force_in", "force_out")
                and not (partner.strategic_override_reason or "").strip()
            ):
                raise ValidationError(
                    _(
                        "%(partner)s: an Override other than Automatic needs an Override "
                        "Reason; write why the client is forced in or out.",
                        partner=partner.display_name,
                    )
                )

    def write(self, vals):
        override_changed = any(fname in vals for fname in OVERRIDE_FIELDS)
        if override_changed:
            if not self.env.su and not self.env.user.has_group(
                "strategic_client.group_strategic_manager"
            ):
                raise AccessError(
                    _("Only Strategic Clients administrators can override a client's status.")
                )
            vals = dict(vals, strategic_override_user_id=self.env.uid)
            if vals.get("strategic_override") == "auto":
                vals.update(strategic_override_reason=False, strategic_override_until=False)
        result = super().write(vals)
        if override_changed and not self.env.context.get("strategic_recompute"):
            self.action_strategic_recompute()
        return result

    # ------------------------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------------------------
    def action_strategic_recompute(self):
        """Recompute these partners' scores (their commercial partners) and the ranking of
        the current company."""
        self.env.company._strategic_recompute(self.commercial_partner_id)
        return True

    def action_strategic_open_history(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "strategic_client.action_strategic_score_history"
        )
        action["domain"] = [
            ("partner_id", "=", self.commercial_partner_id.id),
            ("company_id", "=", self.env.company.id),
        ]
        action["context"] = {"graph_mode": "line"}
        return action

    # ------------------------------------------------------------------------------------
    # Everyone must know: a chatter message (followers notified) on every change of status
    # ------------------------------------------------------------------------------------
    def _strategic_post_status_change(self):
        self.ensure_one()
        company = self.env.company
        self.message_post(
            body=self._strategic_status_message(company),
            subtype_xmlid="strategic_client.mt_strategic_status",
            author_id=self.env.ref("base.partner_root").id,
        )

    def _strategic_status_message(self, company):
        override_by = self.strategic_override_user_id.name or _("an administrator")
        if self.is_strategic:
            if self.strategic_override == "force_in":
                reason = _(
                    "forced in by %(user)s: %(reason)s",
                    user=override_by,
                    reason=self.strategic_override_reason,
                )
            else:
                met = self.strategic_score_line_ids.filtered("met").criterion_id
                reason = _("criteria met: %(criteria)s", criteria=", ".join(met.mapped("name")))
            return _(
                "Now a strategic client of %(company)s (rank %(rank)s, score %(score)s), "
                "%(reason)s.",
                company=company.name,
                rank=self.strategic_rank,
                score=round(self.strategic_score, 1),
                reason=reason,
            )
        if self.strategic_override == "force_out":
            reason = _(
                "forced out by %(user)s: %(reason)s",
                user=override_by,
                reason=self.strategic_override_reason,
            )
        elif self.strategic_qualified:
            reason = _(
                "over the cap (rank %(rank)s, %(cap)s places)",
                rank=self.strategic_rank,
                cap=company.strategic_max_clients,
            )
        elif self.strategic_criterion_id:
            reason = _(
                "score %(score)s below the minimum %(minimum)s",
                score=round(self.strategic_score, 1),
                minimum=company.strategic_min_score,
            )
        else:
            reason = _("no criterion met")
        return _(
            "No longer a strategic client of %(company)s: %(reason)s.",
            company=company.name,
            reason=reason,
        )

    # ------------------------------------------------------------------------------------
    # Consumption report: sent every semester (res.company cron) or on demand
    # ------------------------------------------------------------------------------------
    def action_strategic_print_consumption(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Consumption Report"),
            "res_model": "strategic.consumption.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": self.commercial_partner_id.ids},
        }

    def action_strategic_send_consumption_report(self):
        """Send the report of the last complete semester to these clients now."""
        report = self.env["report.strategic_client.report_consumption"]
        semester = report._reference_semester(None)
        skipped = self.commercial_partner_id._strategic_send_consumption_report(semester)
        if skipped:
            raise UserError(
                _(
                    "%(partners)s: no email. Fill in the email of the client or of its invoice "
                    "address, then send again.",
                    partners=", ".join(skipped.mapped("display_name")),
                )
            )
        return True

    def _strategic_report_recipient(self):
        """The invoice address's email, or the client's own."""
        self.ensure_one()
        invoice = self.browse(self.address_get(["invoice"])["invoice"])
        return invoice if invoice.email else (self if self.email else self.browse())

    def _strategic_send_consumption_report(self, semester):
        """Mail each client (commercial partners) its consumption report of ``semester``
        for the current company, PDF attached, key account manager in copy; record it.

        :return: the clients skipped for want of an email (recorded as skipped)
        """
        company = self.env.company
        report = self.env.ref("strategic_client.action_report_consumption")
        template = self.env.ref("strategic_client.mail_template_consumption_report")
        Report = self.env["report.strategic_client.report_consumption"]
        Sent = self.env["strategic.consumption.sent"].sudo()
        year, half = divmod(semester, 2)
        skipped = self.browse()
        for partner in self:
            label = Report.with_context(lang=partner.lang)._semester_label(semester)
            recipient = partner._strategic_report_recipient()
            existing = Sent.search(
                [
                    ("partner_id", "=", partner.id),
                    ("company_id", "=", company.id),
                    ("semester", "=", semester),
                ]
            )
            values = {
                "partner_id": partner.id,
                "company_id": company.id,
                "semester": semester,
                "semester_label": label,
            }
            if not recipient:
                skipped |= partner
                values["state"] = "skipped"
            else:
                content, kind = report._render_qweb_pdf(
                    report.report_name, partner.ids, data={"year": year, "half": half + 1}
                )
                attachment = self.env["ir.attachment"].create(
                    {
                        "name": _("Consumption %(semester)s - %(partner)s.%(ext)s",
                                  semester=label, partner=partner.name, ext=kind),
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
            if existing:
                existing.write(values)
            else:
                Sent.create(values)
        return skipped
