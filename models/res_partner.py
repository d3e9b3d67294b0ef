# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .strategic_rights import FIGURES_GROUP, STRATEGIC_MANAGER, STRATEGIC_USER, check_group

OVERRIDE_FIELDS = ("strategic_override", "strategic_override_reason", "strategic_override_until")


class ResPartner(models.Model):
    _inherit = "res.partner"

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
        tracking=True,
        groups="base.group_user",
    )
    strategic_override_reason = fields.Char(
        string="Override Reason",
        company_dependent=True,
        tracking=True,
        groups="base.group_user",
    )
    strategic_override_until = fields.Date(
        string="Override Until",
        company_dependent=True,
        help="After this date the override lapses by itself.",
        tracking=True,
        groups="base.group_user",
    )
    strategic_override_user_id = fields.Many2one(
        "res.users",
        string="Override Set By",
        company_dependent=True,
        readonly=True,
        groups="base.group_user",
    )
    strategic_override_date = fields.Date(
        string="Override Set On",
        company_dependent=True,
        readonly=True,
        groups="base.group_user",
    )

    key_account_manager_id = fields.Many2one(
        "res.users",
        string="Key Account Manager",
        domain=[("share", "=", False)],
        help="Handles and personally collects this client's account; follows its invoices "
        "and gets a collection activity for each overdue one while it is strategic.",
        tracking=True,
        groups="base.group_user",
    )

    # --- manual facts about the client (same in every company) ---------------------------
    strategic_test_client = fields.Boolean(
        string="Test Client",
        help="A small client we use for tests, product trials and knowledge.",
        tracking=True,
        groups="base.group_user",
    )
    strategic_prestige = fields.Boolean(
        string="Prestige Client",
        help="A reference client we may name publicly.",
        tracking=True,
        groups="base.group_user",
    )
    strategic_multinational = fields.Boolean(
        string="Multinational",
        help="Of high interest in other cities or countries, even if small here.",
        tracking=True,
        groups="base.group_user",
    )
    strategic_growth_potential = fields.Float(
        string="Growth Potential (%)",
        help="Expected growth of this client's purchases, estimated by its salesperson; "
        "where set (not 0) it replaces the measured growth.",
        tracking=True,
        groups="base.group_user",
    )
    strategic_market_influence = fields.Selection(
        [("0", "None"), ("1", "Low"), ("2", "Medium"), ("3", "High")],
        string="Market Influence",
        help="Influence this client has on the market in general.",
        tracking=True,
        groups="base.group_user",
    )

    user_is_strategic_manager = fields.Boolean(
        compute="_compute_user_is_strategic_manager",
        groups="base.group_user",
    )

    @api.depends_context("uid")
    def _compute_user_is_strategic_manager(self):
        self.user_is_strategic_manager = self.env.user.has_group(
            "strategic_client.group_strategic_manager"
        )

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + ["key_account_manager_id"]

    # ------------------------------------------------------------------------------------
    # Override
    # ------------------------------------------------------------------------------------
    @api.constrains(*OVERRIDE_FIELDS)
    def _check_strategic_override(self):
        today = self.env.context.get("strategic_date") or fields.Date.context_today(self)
        for partner in self:
            if partner.strategic_override not in ("force_in", "force_out"):
                continue
            if not (partner.strategic_override_reason or "").strip():
                raise ValidationError(
                    _(
                        "%(partner)s: an Override other than Automatic needs an Override "
                        "Reason; write why the client is forced in or out.",
                        partner=partner.display_name,
                    )
                )
            if partner.strategic_override_until and partner.strategic_override_until < today:
                raise ValidationError(
                    _(
                        "%(partner)s: Override Until %(date)s is in the past; set today or a "
                        "later date, or leave it empty for an override without end.",
                        partner=partner.display_name,
                        date=partner.strategic_override_until,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._strategic_check_status_not_written(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._strategic_check_status_not_written([vals])
        override_changed = bool(self._strategic_changed_fields([vals], OVERRIDE_FIELDS))
        if override_changed:
            # who may override is checked with the values (res_partner_rights.py)
            vals = dict(
                vals,
                strategic_override_user_id=self.env.uid,
                strategic_override_date=self.env.context.get("strategic_date")
                or fields.Date.context_today(self),
            )
            if vals.get("strategic_override") == "auto":
                vals.update(strategic_override_reason=False, strategic_override_until=False)
        result = super().write(vals)
        if override_changed and not self.env.context.get("strategic_recompute"):
            self._strategic_recompute_for_override()
        return result

    def _strategic_recompute_for_override(self):
        """Apply a change of override at once; while another recompute of the company runs,
        queue one (the scheduled job, triggered now) and tell the user."""
        company = self.env.company
        if company._strategic_recompute(self.commercial_partner_id, origin="override"):
            return
        self.env.ref("strategic_client.ir_cron_strategic_recompute").sudo()._trigger()
        self.env.user._bus_send(
            "simple_notification",
            {
                "type": "warning",
                "sticky": True,
                "title": _("Strategic clients: recompute queued"),
                "message": _(
                    "Another recompute of %(company)s is running: the override of %(clients)s "
                    "is saved and applies when the recompute queued now has run (in a few "
                    "minutes).",
                    company=company.name,
                    clients=", ".join(self.mapped("display_name")),
                ),
            },
        )

    def _strategic_check_status_not_written(self, vals_list):
        """The status is the outcome of the rules: only the recompute sets it (in SQL)."""
        written = [
            fname
            for fname in self._strategic_status_types
            if any(fname in vals for vals in vals_list)
        ]
        if written and not self.env.su:
            raise UserError(
                _(
                    "%(fields)s: set by the recompute of the strategic clients, not by hand. "
                    "Change the criteria, or override the client's status (Strategic tab).",
                    fields=", ".join(
                        self._fields[fname]._description_string(self.env) for fname in written
                    ),
                )
            )

    # ------------------------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------------------------
    def action_strategic_recompute(self):
        """Recompute these partners' scores (their commercial partners) and the ranking of
        the current company."""
        check_group(self.env, STRATEGIC_MANAGER, _("Recompute the strategic clients"))
        self.env.company._strategic_recompute(self.commercial_partner_id)
        return True

    def action_strategic_open_history(self):
        check_group(self.env, STRATEGIC_USER, _("Open the score history"))
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
    # Consumption report: sent every semester (res.company cron) or on demand
    # ------------------------------------------------------------------------------------
    def action_strategic_print_consumption(self):
        report = self.env["report.strategic_client.report_consumption"]
        report._check_access(self.commercial_partner_id, report._reference_semester(None))
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
        report._check_access(self.commercial_partner_id, semester)
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
            if existing:
                existing.write(values)
            else:
                Sent.create(values)
        return skipped

    # ------------------------------------------------------------------------------------
    # Account management workspace: monitoring, profile, plans, courtesy, return
    # ------------------------------------------------------------------------------------
    strategic_visit_count = fields.Integer(
        string="Visits",
        compute="_compute_strategic_monitoring",
        groups="base.group_user",
    )
    strategic_call_count = fields.Integer(
        string="Calls",
        compute="_compute_strategic_monitoring",
        groups="base.group_user",
    )
    strategic_service_count = fields.Integer(
        string="Special Services",
        compute="_compute_strategic_monitoring",
        groups="base.group_user",
    )
    strategic_courtesy_count = fields.Integer(
        string="Courtesies",
        compute="_compute_strategic_monitoring",
        groups="base.group_user",
    )
    strategic_quotation_count = fields.Integer(
        string="Quotations Sent",
        compute="_compute_strategic_monitoring",
        groups=FIGURES_GROUP,
    )
    strategic_return_count = fields.Integer(
        string="Returns",
        compute="_compute_strategic_monitoring",
        groups=FIGURES_GROUP,
    )
    strategic_unjustified_return_count = fields.Integer(
        string="Unjustified Returns",
        compute="_compute_strategic_monitoring",
        groups=FIGURES_GROUP,
    )

    # the client profile (all clients)
    profile_annual_sales = fields.Float(
        string="Client's Annual Sales",
        help="The client's own yearly turnover.",
        groups="base.group_user",
    )
    profile_employees = fields.Integer(
        string="Employees",
        groups="base.group_user",
    )
    profile_projections = fields.Text(
        string="Projections",
        groups="base.group_user",
    )
    profile_achievements = fields.Text(
        string="Achievements and Projects",
        groups="base.group_user",
    )
    profile_change_ids = fields.One2many(
        "strategic.profile.change",
        "partner_id",
        string="Notable Changes",
        groups="base.group_user",
    )
    profile_competitor_visit_ids = fields.One2many(
        "strategic.competitor.visit",
        "partner_id",
        string="Competitors' Visits",
        groups="base.group_user",
    )
    profile_certification_ids = fields.One2many(
        "strategic.certification",
        "partner_id",
        string="Certifications",
        groups="base.group_user",
    )
    profile_reviewed_on = fields.Date(
        string="Profile Reviewed On",
        help="When the client profile was last reviewed.",
        groups="base.group_user",
    )
    profile_completeness = fields.Integer(
        string="Profile Completeness (%)",
        compute="_compute_profile_completeness",
        groups="base.group_user",
    )
    # on each contact
    decision_influence = fields.Selection(
        [
            ("decision_maker", "Decision maker"),
            ("influencer", "Influencer"),
            ("user", "User"),
            ("detractor", "Detractor"),
        ],
        string="Influence on Decisions",
        groups="base.group_user",
    )
    strategic_birthday = fields.Date(
        string="Birthday",
        groups="base.group_user",
    )
    strategic_birthday_reminded_year = fields.Integer(
        copy=False,
        groups="base.group_user",
    )

    # joint account plans and cost to serve
    strategic_plan_ids = fields.One2many(
        "strategic.account.plan",
        "partner_id",
        string="Plans",
        groups="base.group_user",
    )
    strategic_current_plan_id = fields.Many2one(
        "strategic.account.plan",
        string="Current Plan",
        compute="_compute_strategic_plan",
        groups="base.group_user",
    )
    strategic_plan_count = fields.Integer(
        compute="_compute_strategic_plan",
        groups="base.group_user",
    )
    MONITORED_ACTIVITIES = {
        "strategic_visit_count": "strategic_client.mail_activity_type_visit",
        "strategic_call_count": "strategic_client.mail_activity_type_call",
        "strategic_service_count": "strategic_client.mail_activity_type_special_service",
        "strategic_courtesy_count": "strategic_client.mail_activity_type_courtesy",
    }
    PROFILE_ITEMS = (
        "profile_annual_sales",
        "profile_employees",
        "profile_projections",
        "profile_achievements",
        "profile_change_ids",
        "profile_competitor_visit_ids",
        "profile_certification_ids",
    )

    def _strategic_window_start(self):
        months = self.env.company.strategic_monitoring_months
        return fields.Date.context_today(self) - relativedelta(months=months)

    def _strategic_family(self):
        """{partner_id: commercial_partner_id} of these clients and all their contacts."""
        family = self.with_context(active_test=False).search_read(
            [("commercial_partner_id", "in", self.commercial_partner_id.ids)],
            ["commercial_partner_id"],
        )
        return {row["id"]: row["commercial_partner_id"][0] for row in family}

    def _strategic_monitoring_domains(self):
        """The records behind each counter, for these clients, in the window."""
        since = self._strategic_window_start()
        family = list(self._strategic_family())
        company = self.env.company
        domains = {}
        for fname, xmlid in self.MONITORED_ACTIVITIES.items():
            domains[fname] = (
                "mail.message",
                [
                    ("model", "=", "res.partner"),
                    ("res_id", "in", family),
                    ("mail_activity_type_id", "=", self.env.ref(xmlid).id),
                    ("date", ">=", since),
                ],
            )
        domains["strategic_quotation_count"] = (
            "sale.order",
            [
                ("partner_id", "in", family),
                ("company_id", "=", company.id),
                ("state", "in", ("sent", "sale")),
                ("date_order", ">=", since),
            ],
        )
        returns = [
            ("partner_id", "in", family),
            ("company_id", "=", company.id),
            ("return_id", "!=", False),
            ("picking_type_code", "=", "incoming"),
            ("state", "=", "done"),
            ("date_done", ">=", since),
        ]
        domains["strategic_return_count"] = ("stock.picking", returns)
        domains["strategic_unjustified_return_count"] = (
            "stock.picking",
            returns + [("strategic_return_reason_id.unjustified", "=", True)],
        )
        return domains

    @api.depends_context("company")
    def _compute_strategic_monitoring(self):
        family = self._strategic_family()
        totals = {}
        for fname, (model, domain) in self._strategic_monitoring_domains().items():
            partner_field = "res_id" if model == "mail.message" else "partner_id"
            if model == "mail.message":
                groups = self.env[model].sudo()._read_group(domain, ["res_id"], ["__count"])
                rows = [(res_id, count) for res_id, count in groups]
            else:
                groups = self.env[model].sudo()._read_group(domain, [partner_field], ["__count"])
                rows = [(partner.id, count) for partner, count in groups]
            per_client = {}
            for partner_id, count in rows:
                client = family.get(partner_id)
                per_client[client] = per_client.get(client, 0) + count
            totals[fname] = per_client
        for partner in self:
            client = partner.commercial_partner_id.id
            for fname, per_client in totals.items():
                partner[fname] = per_client.get(client, 0)

    def action_strategic_open_monitoring(self):
        """Smart buttons: the records behind a counter (context key strategic_counter)."""
        check_group(self.env, STRATEGIC_USER, _("Open the records behind a counter"))
        self.ensure_one()
        fname = self.env.context.get("strategic_counter")
        model, domain = self._strategic_monitoring_domains()[fname]
        return {
            "type": "ir.actions.act_window",
            "name": self._fields[fname]._description_string(self.env),
            "res_model": model,
            "view_mode": "list,form",
            "domain": domain,
            "context": {"create": False},
        }

    @api.depends(*PROFILE_ITEMS, "child_ids.decision_influence")
    def _compute_profile_completeness(self):
        items = len(self.PROFILE_ITEMS) + 1  # + key contacts with their influence
        for partner in self:
            filled = sum(1 for fname in self.PROFILE_ITEMS if partner[fname])
            filled += bool(partner.child_ids.filtered("decision_influence"))
            partner.profile_completeness = round(100.0 * filled / items)

    def action_profile_reviewed(self):
        check_group(self.env, STRATEGIC_USER, _("Mark the client profile reviewed"))
        self.write({"profile_reviewed_on": fields.Date.context_today(self)})
        activity_type = self.env.ref("strategic_client.mail_activity_type_profile_review")
        self.activity_ids.filtered(lambda a: a.activity_type_id == activity_type).action_done()
        return True

    @api.depends("strategic_plan_ids.is_current")
    @api.depends_context("company")
    def _compute_strategic_plan(self):
        plans = self.env["strategic.account.plan"].search(
            [
                ("partner_id", "in", self.commercial_partner_id.ids),
                ("company_id", "=", self.env.company.id),
            ]
        )
        for partner in self:
            own = plans.filtered(lambda p, c=partner.commercial_partner_id: p.partner_id == c)
            partner.strategic_plan_count = len(own)
            partner.strategic_current_plan_id = own.filtered("is_current")[:1]

    def action_strategic_open_plans(self):
        check_group(self.env, STRATEGIC_USER, _("Open the joint account plans"))
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "strategic_client.action_strategic_account_plan"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    # --- daily jobs -----------------------------------------------------------------------
    @api.model
    def _strategic_responsible(self, partner):
        return partner.key_account_manager_id or partner.user_id or self.env.ref("base.user_admin")

    @api.model
    def _strategic_schedule(self, partners, activity_xmlid, summary, user_of, deadline=None):
        """One activity of the given type per partner, unless one is already open."""
        activity_type = self.env.ref(activity_xmlid)
        open_on = set(
            self.env["mail.activity"]
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", partners.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
            .mapped("res_id")
        )
        todo = partners.filtered(lambda p: p.id not in open_on)
        model = self.env["ir.model"]._get_id("res.partner")
        self.env["mail.activity"].create(
            [
                {
                    "res_model_id": model,
                    "res_id": partner.id,
                    "activity_type_id": activity_type.id,
                    "user_id": user_of(partner).id,
                    "summary": summary(partner),
                    "date_deadline": deadline(partner)
                    if deadline
                    else fields.Date.context_today(self),
                }
                for partner in todo
            ]
        )
        return todo

    @api.model
    def _cron_strategic_workspace(self):
        for company in self.env["res.company"].sudo().search([]):
            partners = self.with_company(company).sudo()
            partners._strategic_visit_reminders()
            partners._strategic_profile_reviews()
            partners._strategic_birthday_reminders()

    @api.model
    def _strategic_visit_reminders(self):
        """A Visit activity for strategic clients not visited for the set number of days."""
        company = self.env.company
        strategic = self.search([("is_strategic", "=", True)])
        since = fields.Date.context_today(self) - relativedelta(days=company.strategic_visit_days)
        family = strategic._strategic_family()
        visited = (
            self.env["mail.message"]
            .sudo()
            ._read_group(
                [
                    ("model", "=", "res.partner"),
                    ("res_id", "in", list(family)),
                    (
                        "mail_activity_type_id",
                        "=",
                        self.env.ref("strategic_client.mail_activity_type_visit").id,
                    ),
                    ("date", ">=", since),
                ],
                ["res_id"],
            )
        )
        recent = {family[res_id] for (res_id,) in visited}
        return self._strategic_schedule(
            strategic.filtered(lambda p: p.id not in recent),
            "strategic_client.mail_activity_type_visit",
            lambda p: _("No visit for %(days)s days", days=company.strategic_visit_days),
            self._strategic_responsible,
        )

    @api.model
    def _strategic_profile_reviews(self):
        """A review activity for client profiles not reviewed for the set number of months."""
        company = self.env.company
        limit = fields.Date.context_today(self) - relativedelta(
            months=company.strategic_profile_review_months
        )
        stale = self.search(
            [
                ("customer_rank", ">", 0),
                "|",
                ("parent_id", "=", False),
                ("is_company", "=", True),
                "|",
                ("profile_reviewed_on", "=", False),
                ("profile_reviewed_on", "<", limit),
            ]
        )
        return self._strategic_schedule(
            stale,
            "strategic_client.mail_activity_type_profile_review",
            lambda p: _("Review the client profile"),
            lambda p: p.user_id or p.key_account_manager_id or self.env.ref("base.user_admin"),
        )

    @api.model
    def _strategic_birthday_reminders(self):
        """A Courtesy activity N days before the birthday of each key contact of a strategic
        client, once a year."""
        company = self.env.company
        today = fields.Date.context_today(self)
        clients = self.search([("is_strategic", "=", True)])
        contacts = self.search(
            [
                ("parent_id", "in", clients.ids),
                ("decision_influence", "!=", False),
                ("strategic_birthday", "!=", False),
            ]
        )
        due = {}
        for contact in contacts:
            birthday = contact.strategic_birthday
            try:
                upcoming = birthday.replace(year=today.year)
            except ValueError:  # 29 February
                upcoming = birthday.replace(year=today.year, day=28)
            if upcoming < today:
                upcoming = upcoming.replace(year=today.year + 1)
            in_window = (upcoming - today).days <= company.strategic_birthday_days
            if in_window and contact.strategic_birthday_reminded_year != upcoming.year:
                due[contact] = upcoming
        if not due:
            return self.browse()
        contacts = self.union(*due)
        self._strategic_schedule(
            contacts,
            "strategic_client.mail_activity_type_courtesy",
            lambda c: _(
                "Birthday of %(contact)s on %(date)s", contact=c.name, date=due[c].strftime("%d/%m")
            ),
            lambda c: self._strategic_responsible(c.commercial_partner_id),
            deadline=lambda c: due[c],
        )
        for contact, upcoming in due.items():
            contact.strategic_birthday_reminded_year = upcoming.year
        return contacts

    @api.model
    def _strategic_load_demo_activities(self):
        """Demo: visits, calls and a courtesy done with a strategic client."""
        andes = self.env.ref("strategic_client.partner_andes")
        for xmlid, summary in (
            ("strategic_client.mail_activity_type_visit", "Quarterly visit"),
            ("strategic_client.mail_activity_type_call", "Follow-up call"),
            ("strategic_client.mail_activity_type_call", "Promotion results"),
            ("strategic_client.mail_activity_type_courtesy", "Year-end gift"),
        ):
            andes.activity_schedule(xmlid, summary=summary).action_feedback(feedback=summary)
