# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""res.partner, for account management: the monitoring counters (visits, calls, special
services, quotations, returns), the client profile, joint account plans, and the daily
reminders (visits, profile reviews, birthdays of key contacts)."""

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class ResPartner(models.Model):
    _inherit = "res.partner"

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
        groups="strategic_client.group_strategic_figures",
    )
    strategic_return_count = fields.Integer(
        string="Returns",
        compute="_compute_strategic_monitoring",
        groups="strategic_client.group_strategic_figures",
    )
    strategic_unjustified_return_count = fields.Integer(
        string="Unjustified Returns",
        compute="_compute_strategic_monitoring",
        groups="strategic_client.group_strategic_figures",
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
        self.env["res.users"]._strategic_check_group(
            "strategic_client.group_strategic_user", _("Open the records behind a counter")
        )
        self.ensure_one()
        fname = self.env.context.get("strategic_counter")
        domains = self._strategic_monitoring_domains()
        if fname not in domains:
            raise UserError(
                _(
                    "Context key strategic_counter: %(value)r is not a counter; use one of "
                    "%(counters)s.",
                    value=fname,
                    counters=", ".join(sorted(domains)),
                )
            )
        model, domain = domains[fname]
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
        self.env["res.users"]._strategic_check_group(
            "strategic_client.group_strategic_user", _("Mark the client profile reviewed")
        )
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
        self.env["res.users"]._strategic_check_group(
            "strategic_client.group_strategic_user", _("Open the joint account plans")
        )
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "strategic_client.action_strategic_account_plan"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    # --- daily jobs -----------------------------------------------------------------------
    @api.model
    def _strategic_schedule(self, partners, activity_xmlid, summary, deadline=None):
        """One activity of the given type per partner, unless one is already open, for the
        partner's responsible (``_strategic_activity_user``): one ``activity_schedule`` per
        responsible, summary and deadline.

        :param summary: partner -> summary; :param deadline: partner -> date (default today)
        """
        activity_type = self.env.ref(activity_xmlid)
        open_on = {
            res_id
            for (res_id,) in self.env["mail.activity"]._read_group(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", partners.ids),
                    ("activity_type_id", "=", activity_type.id),
                ],
                ["res_id"],
            )
        }
        todo = partners.filtered(lambda p: p.id not in open_on)
        today = fields.Date.context_today(self)
        groups = todo.grouped(
            lambda p: (p._strategic_activity_user(), summary(p), deadline(p) if deadline else today)
        )
        for (user, text, date), group in groups.items():
            group.activity_schedule(
                activity_xmlid, date_deadline=date, summary=text, user_id=user.id
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
            deadline=lambda c: due[c],
        )
        for contact, upcoming in due.items():
            contact.strategic_birthday_reminded_year = upcoming.year
        return contacts
