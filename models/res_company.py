# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""res.company: the strategic settings, the default criteria of new companies, and thin
entry points (button, crons) delegating to strategic.ranking and
strategic.consumption.sent."""

import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


class ResCompany(models.Model):
    _inherit = "res.company"

    strategic_min_score = fields.Float(
        string="Minimum Strategic Score (% of points)",
        default=10.0,
        tracking=True,
        help="A customer qualifies as strategic when it meets at least one criterion and "
        "the points of the criteria it meets (their weights) reach this percentage of the "
        "points of all active criteria: with 59 points possible, 10 % needs 5.9 points.",
    )
    strategic_max_clients = fields.Integer(
        string="Maximum Strategic Clients",
        default=10,
        tracking=True,
        help="At most this many qualified customers are strategic, the best ranked "
        "first (0 = no cap). Too many strategic clients defeats the purpose.",
    )
    strategic_max_days_late = fields.Integer(
        string="Good Payment: Maximum Days Late",
        default=15,
        tracking=True,
        help="A customer has good payment habits when it pays, on average, at most "
        "this many days after the due date.",
    )
    strategic_overdue_tolerance = fields.Monetary(
        string="Good Payment: Overdue Tolerance",
        currency_field="currency_id",
        default=0.0,
        tracking=True,
        help="... and its amount overdue today does not exceed this amount.",
    )
    strategic_risk_margin = fields.Float(
        string="Early Warning Margin (%)",
        default=5.0,
        tracking=True,
        help="A strategic client is at risk when a criterion it meets is within this "
        "percentage of its threshold, its payment habits within this percentage of the "
        "limits, its rank among the last places of the cap, or a met figure fell more than "
        "this percentage against the same period a year earlier (0 = no early warning).",
    )
    strategic_cash_days = fields.Integer(
        string="Cash Payment Days",
        default=3,
        tracking=True,
        help="An invoice counts as paid in cash when it is fully paid within this "
        "many days of its invoice date.",
    )

    sale_min_order_amount = fields.Monetary(
        string="Minimum Order Amount",
        currency_field="currency_id",
        help="Untaxed amount, in company currency, that orders of non-strategic clients must "
        "reach to be confirmed (0 = no minimum).",
    )
    strategic_first_pick = fields.Boolean(
        string="Strategic clients take stock reserved for others",
        default=True,
        tracking=True,
        help="When a strategic client's delivery cannot be reserved in full, the stock "
        "reserved for ordinary clients' deliveries of the same products in the same "
        "warehouse that nobody has started is taken back for it; those deliveries are "
        "reserved again with what is left. Off: strategic deliveries only get the star.",
    )
    # --- account management workspace ----------------------------------------------------
    strategic_monitoring_months = fields.Integer(
        string="Monitoring Window (months)",
        default=6,
        help="The counters on a client (visits, calls, quotations, returns...) cover this "
        "many months.",
    )
    strategic_visit_days = fields.Integer(
        string="Visit Every (days)",
        default=30,
        help="A strategic client without a visit for this many days gives its key account "
        "manager a Visit activity.",
    )
    strategic_profile_review_months = fields.Integer(
        string="Review Profiles Every (months)",
        default=12,
        help="A client profile not reviewed for this many months gives its salesperson (or "
        "key account manager) a review activity.",
    )
    strategic_birthday_days = fields.Integer(
        string="Birthday Reminder (days before)",
        default=7,
        help="The key account manager is reminded this many days before the birthday of a "
        "key contact of a strategic client.",
    )
    strategic_roi_months = fields.Integer(
        string="Return Period (months)",
        default=12,
        help="Return on investment = margin of this many months / cost to serve of the same "
        "months.",
    )
    strategic_min_roi = fields.Float(
        string="Minimum Return",
        default=1.0,
        help="Strategic clients whose return on investment is below this are flagged for review.",
    )

    # --- product improvement requests (project tasks) -----------------------------------
    strategic_task_priority = fields.Selection(
        [("0", "Low"), ("1", "Medium"), ("2", "High"), ("3", "Urgent")],
        string="Priority of Strategic Clients' Requests",
        default="2",
        required=True,
        tracking=True,
        help="The priority the product improvement and development requests of strategic "
        "clients take, unless someone sets another by hand.",
    )

    # the settings' ranges, checked by the database; the message names the setting and the fix
    _strategic_min_score_range = models.Constraint(
        "CHECK(strategic_min_score >= 0 AND strategic_min_score <= 100)",
        "Minimum Strategic Score (% of points) must be between 0 and 100.",
    )
    _strategic_max_clients_range = models.Constraint(
        "CHECK(strategic_max_clients >= 0)",
        "Maximum Strategic Clients cannot be negative; set 0 for no cap.",
    )
    _strategic_max_days_late_range = models.Constraint(
        "CHECK(strategic_max_days_late >= 0)",
        "Good Payment: Maximum Days Late cannot be negative; set 0 for payment by the due date.",
    )
    _strategic_overdue_tolerance_range = models.Constraint(
        "CHECK(strategic_overdue_tolerance >= 0)",
        "Good Payment: Overdue Tolerance cannot be negative; set 0 for no amount overdue.",
    )
    _strategic_risk_margin_range = models.Constraint(
        "CHECK(strategic_risk_margin >= 0 AND strategic_risk_margin <= 100)",
        "Early Warning Margin (%) must be between 0 and 100; set 0 for no early warning.",
    )
    _strategic_cash_days_range = models.Constraint(
        "CHECK(strategic_cash_days >= 0)",
        "Cash Payment Days cannot be negative; set 0 for invoices paid on their date.",
    )
    _sale_min_order_amount_range = models.Constraint(
        "CHECK(sale_min_order_amount >= 0)",
        "Minimum Order Amount cannot be negative; set 0 for no minimum.",
    )
    _strategic_monitoring_months_range = models.Constraint(
        "CHECK(strategic_monitoring_months >= 1)",
        "Monitoring Window (months) must be at least 1 month.",
    )
    _strategic_visit_days_range = models.Constraint(
        "CHECK(strategic_visit_days >= 1)",
        "Visit Every (days) must be at least 1 day.",
    )
    _strategic_profile_review_months_range = models.Constraint(
        "CHECK(strategic_profile_review_months >= 1)",
        "Review Profiles Every (months) must be at least 1 month.",
    )
    _strategic_birthday_days_range = models.Constraint(
        "CHECK(strategic_birthday_days >= 0)",
        "Birthday Reminder (days before) cannot be negative; set 0 for a reminder on the day.",
    )
    _strategic_roi_months_range = models.Constraint(
        "CHECK(strategic_roi_months >= 1)",
        "Return Period (months) must be at least 1 month.",
    )
    # a float column also takes NaN and Infinity, which PostgreSQL sorts above every number
    _strategic_min_roi_range = models.Constraint(
        "CHECK(strategic_min_roi >= 0 AND strategic_min_roi < 'Infinity')",
        "Minimum Return must be a number of at least 0.",
    )

    strategic_last_recompute = fields.Datetime(
        string="Last Strategic Recompute", readonly=True, copy=False
    )
    strategic_count = fields.Integer(string="Strategic Clients", compute="_compute_strategic_count")
    strategic_pending_origin = fields.Selection(
        [("criteria", "Criteria"), ("settings", "Settings")],
        string="Rules Changed Since the Last Recompute",
        readonly=True,
        copy=False,
    )
    strategic_batch_last_id = fields.Integer(
        string="Scheduled Recompute: Last Client Done",
        readonly=True,
        copy=False,
        help="A scheduled recompute stopped by its time limit resumes after this client.",
    )

    @api.depends_context("company")
    def _compute_strategic_count(self):
        Partner = self.env["res.partner"]
        for company in self:
            company.strategic_count = Partner.with_company(company).search_count(
                [("is_strategic", "=", True)]
            )

    # ------------------------------------------------------------------------------------
    # Default criteria: for every company, also those created later
    # ------------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._strategic_create_default_criteria()
        return companies

    def _strategic_create_default_criteria(self):
        self.env["strategic.criterion"].sudo()._create_defaults(self)

    # ------------------------------------------------------------------------------------
    # Recompute: thin entry points of the strategic.ranking service
    # ------------------------------------------------------------------------------------
    _strategic_deciding_settings = frozenset(
        {
            "strategic_min_score",
            "strategic_max_clients",
            "strategic_max_days_late",
            "strategic_overdue_tolerance",
            "strategic_cash_days",
        }
    )

    def write(self, vals):
        result = super().write(vals)
        if self._strategic_deciding_settings.intersection(vals):
            self._strategic_rules_changed("settings")
        if "strategic_task_priority" in vals:
            self.env["project.task"].sudo()._strategic_follow_company_priority(self)
        return result

    def _strategic_rules_changed(self, origin):
        """Remember that the criteria or the settings changed since the last recompute:
        the score history of the next one says so (a criteria change wins)."""
        pending = self.filtered(lambda c: c.strategic_pending_origin != "criteria")
        if pending:
            pending.sudo().write({"strategic_pending_origin": origin})

    @api.model
    def _cron_strategic_recompute(self):
        """Every company with criteria (active or archived: archiving them all empties the
        list) or with clients holding a status."""
        Ranking = self.env["strategic.ranking"]
        for company in self._strategic_companies_due():
            if not Ranking._recompute_scheduled(company) and company.strategic_batch_last_id:
                return  # out of time: the next run resumes this company

    @api.model
    def _strategic_companies_due(self):
        """The companies this run of the job recomputes, in order. A large company's round
        takes several runs of the job: the company whose round is under way comes first,
        and, while the job's scheduled round lasts (Odoo moves its next call only once a
        run ends with nothing left), a company recomputed since the round began is done for
        this round, unless its rules changed since or an override waits (saved while
        another recompute ran, and queued). Otherwise each run would start again from the
        first company, and a second large company would never see its round end. A run
        triggered off schedule recomputes every company."""
        companies = self._strategic_companies_to_recompute()
        cron = self.env["ir.cron"].sudo().browse(self.env.context.get("cron_id"))
        round_start = cron.exists().nextcall
        if round_start and round_start <= fields.Datetime.now():
            companies = companies.filtered(
                lambda company: (
                    company.strategic_batch_last_id
                    or company.strategic_pending_origin
                    or not company.strategic_last_recompute
                    or company.strategic_last_recompute < round_start
                    or company._strategic_overrides_waiting()
                )
            )
        return companies.sorted(lambda company: (not company.strategic_batch_last_id, company.id))

    def _strategic_overrides_waiting(self):
        """Whether an override of one of the company's active clients is saved but not
        applied yet: forced in or out without the status that says so, or set back to
        automatic with it."""
        self.ensure_one()
        Partner = self.env["res.partner"].sudo().with_company(self)
        forced = ("forced_in", "forced_out")
        return bool(
            Partner.search_count(
                [
                    "|",
                    "|",
                    "&",
                    ("strategic_override", "=", "force_in"),
                    ("strategic_status_reason", "!=", "forced_in"),
                    "&",
                    ("strategic_override", "=", "force_out"),
                    ("strategic_status_reason", "!=", "forced_out"),
                    "&",
                    ("strategic_override", "not in", ("force_in", "force_out")),
                    ("strategic_status_reason", "in", forced),
                ],
                limit=1,
            )
        )

    @api.model
    def _strategic_companies_to_recompute(self):
        Criterion = self.env["strategic.criterion"].sudo().with_context(active_test=False)
        companies = self.sudo().search([])
        with_criteria = {company.id for (company,) in Criterion._read_group([], ["company_id"])}
        Partner = self.env["res.partner"].sudo()
        return companies.filtered(
            lambda company: (
                company.id in with_criteria
                or Partner.with_company(company).search_count(
                    ["|", ("is_strategic", "=", True), ("strategic_rank", ">", 0)], limit=1
                )
            )
        )

    def action_strategic_recompute(self):
        self.env["res.users"]._strategic_check_group(
            "strategic_client.group_strategic_manager", _("Recompute the strategic clients")
        )
        self.ensure_one()
        if not self._strategic_recompute():
            raise UserError(
                _("A recompute of the strategic clients is already running; try again later.")
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _(
                    "Strategic clients recomputed: %(count)s strategic (cap %(cap)s).",
                    count=self.strategic_count,
                    cap=self.strategic_max_clients or _("none"),
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _strategic_recompute(self, partners=None, rank=True, origin=None):
        """Recompute the strategic clients of this company (see strategic.ranking).

        :return: whether it ran (another recompute of the company may be running)
        """
        self.ensure_one()
        return self.env["strategic.ranking"]._recompute(self, partners, rank=rank, origin=origin)

    def _strategic_customer_domain(self):
        """Commercial partners measured: active customers (or forced in) of the company."""
        return [
            "|",
            ("parent_id", "=", False),
            ("is_company", "=", True),
            ("company_id", "in", (False, self.id)),
            ("id", "not in", self.env["res.company"].sudo().search([]).partner_id.ids),
            "|",
            ("customer_rank", ">", 0),
            ("strategic_override", "=", "force_in"),
        ]

    @api.model
    def _cron_strategic_consumption_reports(self):
        """Every 6 months (1 January and 1 July): the reports of the semester just ended."""
        Report = self.env["report.strategic_client.report_consumption"]
        self.env["strategic.consumption.sent"]._send_semester_reports(
            Report._reference_semester(None)
        )
