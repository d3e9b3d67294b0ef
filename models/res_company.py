# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

from .strategic_rights import STRATEGIC_MANAGER, check_group

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
        for company in self._strategic_companies_to_recompute():
            if not Ranking._recompute_scheduled(company) and company.strategic_batch_last_id:
                return  # out of time: the next run resumes this company

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
        check_group(self.env, STRATEGIC_MANAGER, _("Recompute the strategic clients"))
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

    # ------------------------------------------------------------------------------------
    # Demo: the sales and payment history behind demo/strategic_client_demo.xml
    # ------------------------------------------------------------------------------------
    def _strategic_load_demo(self):
        self.ensure_one()
        company = self.with_company(self)
        ref = company.env.ref
        today = fields.Date.context_today(company)
        product = ref("strategic_client.product_premium_service")
        supply = ref("strategic_client.product_standard_supply")

        def months_ago(months, day=5):
            return (today - relativedelta(months=months)).replace(day=day)

        plan = [
            # partner, [(months ago, amount, days to pay or None = unpaid)]
            ("partner_andes", [(m, 9000, 10) for m in range(11)]),
            ("partner_pacific", [(2, 1500, 5), (6, 1500, 5)]),
            ("partner_horizon", [(14, 1000, 5), (3, 3200, 5)]),
            ("partner_global", [(4, 400, 5)]),
            ("partner_caribe", [(m, 700, 5) for m in range(10)]),
            ("partner_valle", [(m, 300, 5) for m in range(10)]),
            ("partner_metro", [(m, 12000, 20) for m in (1, 3, 5, 7)]),
            ("partner_tardy", [(5, 40000, None), (4, 30000, None)]),
        ]
        invoices_to_pay = []
        for xmlid, invoices in plan:
            partner = ref(f"strategic_client.{xmlid}")
            for months, amount, pay_days in invoices:
                invoice_date = months_ago(months)
                invoice = company.env["account.move"].create(
                    {
                        "move_type": "out_invoice",
                        "partner_id": partner.id,
                        "invoice_date": invoice_date,
                        "invoice_date_due": invoice_date + relativedelta(days=30),
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "product_id": supply.id,
                                    "quantity": amount / supply.list_price,
                                    "price_unit": supply.list_price,
                                    "tax_ids": [],
                                }
                            )
                        ],
                    }
                )
                invoice.action_post()
                if pay_days is not None and invoice_date + relativedelta(days=pay_days) <= today:
                    invoices_to_pay.append((invoice, invoice_date + relativedelta(days=pay_days)))
        # high margin: a service sold far above its cost, ordered, invoiced and paid
        order = company.env["sale.order"].create(
            {
                "partner_id": ref("strategic_client.partner_sierra").id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 5})],
            }
        )
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.action_post()
        invoices_to_pay.append((invoice, today))
        for invoice, payment_date in invoices_to_pay:
            company.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create({"payment_date": payment_date})._create_payments()
        company.env["res.partner"].browse(ref("strategic_client.partner_metro").id).write(
            {
                "strategic_override": "force_out",
                "strategic_override_reason": "Big, but its conditions cost more than they "
                "bring: not a good alliance for us.",
            }
        )
        company._strategic_recompute()

    # ------------------------------------------------------------------------------------
    # Consumption reports, every 6 months (1 January and 1 July)
    # ------------------------------------------------------------------------------------
    @api.model
    def _cron_strategic_consumption_reports(self):
        """Send every strategic client of every company its report of the semester just
        ended; never twice (what was done is recorded and committed client by client)."""
        Report = self.env["report.strategic_client.report_consumption"]
        semester = Report._reference_semester(None)
        for company in self.sudo().search([]):
            company.with_company(company)._strategic_send_consumption_reports(semester)

    def _strategic_send_consumption_reports(self, semester):
        self.ensure_one()
        partners = self.env["res.partner"].search([("is_strategic", "=", True)])
        done = (
            self.env["strategic.consumption.sent"]
            .sudo()
            .search([("company_id", "=", self.id), ("semester", "=", semester)])
            .partner_id
        )
        todo = partners - done
        skipped = self.env["res.partner"]
        for index, partner in enumerate(todo, start=1):
            skipped |= partner._strategic_send_consumption_report(semester)
            self._strategic_commit_progress(1, remaining=len(todo) - index)
        if skipped:
            self._strategic_activity_for_skipped(skipped, semester)
        return skipped

    def _strategic_activity_for_skipped(self, partners, semester):
        """One activity per key account manager (or the administrator) listing the clients
        whose report could not be sent."""
        label = self.env["report.strategic_client.report_consumption"]._semester_label(semester)
        admin = self.env.ref("base.user_admin")
        for manager, clients in partners.grouped(
            lambda p: p.key_account_manager_id or admin
        ).items():
            self.env["mail.activity"].create(
                {
                    # on the company's own contact: it has activities, and is everyone's
                    "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                    "res_id": self.partner_id.id,
                    "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
                    "user_id": manager.id,
                    "summary": _("Consumption reports %(semester)s not sent", semester=label),
                    "note": _(
                        "These strategic clients have no email (neither on their invoice "
                        "address): %(clients)s. Fill it in, then use Send consumption report "
                        "on each.",
                        clients=", ".join(clients.mapped("display_name")),
                    ),
                }
            )
        self._strategic_commit_progress(0)

    def _strategic_commit_progress(self, processed, remaining=None):
        """Commit what is done so far when running as a scheduled job (a crash then
        resumes where it stopped); elsewhere the caller's transaction decides."""
        if self.env.context.get("ir_cron_progress_id"):
            self.env["ir.cron"]._commit_progress(processed, remaining=remaining)
