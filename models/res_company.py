# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import math

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tools import SQL, split_every
from odoo.tools.translate import LazyTranslate

from .strategic_rights import STRATEGIC_MANAGER, check_group

_lt = LazyTranslate(__name__)
_logger = logging.getLogger(__name__)

# advisory lock class of the recompute (the second key is the company)
RECOMPUTE_LOCK = 7_410_155
# clients measured per batch (and committed) by the scheduled recompute
RECOMPUTE_BATCH = 2000

# The partner's status fields written by the recompute, with their SQL element types.
STATUS_TYPES = {
    "is_strategic": "bool",
    "strategic_qualified": "bool",
    "strategic_score": "float8",
    "strategic_rank": "int4",
    "strategic_criterion_id": "int4",
    "strategic_invoiced_amount": "float8",
    "strategic_days_late": "float8",
    "strategic_overdue_amount": "float8",
    "strategic_good_payment": "bool",
}
STATUS_FIELDS = list(STATUS_TYPES)


class ResCompany(models.Model):
    _name = "res.company"
    _inherit = ["res.company", "strategic.input.guard"]

    strategic_min_score = fields.Float(
        string="Minimum Strategic Score",
        default=10.0,
        help="A customer qualifies as strategic when it meets at least one criterion "
        "and its score (share of the weights of the criteria it meets, 0-100) "
        "reaches this value.",
    )
    strategic_max_clients = fields.Integer(
        string="Maximum Strategic Clients",
        default=10,
        help="At most this many qualified customers are strategic, the best ranked "
        "first (0 = no cap). Too many strategic clients defeats the purpose.",
    )
    strategic_max_days_late = fields.Integer(
        string="Good Payment: Maximum Days Late",
        default=15,
        help="A customer has good payment habits when it pays, on average, at most "
        "this many days after the due date.",
    )
    strategic_overdue_tolerance = fields.Monetary(
        string="Good Payment: Overdue Tolerance",
        currency_field="currency_id",
        default=0.0,
        help="... and its amount overdue today does not exceed this amount.",
    )
    strategic_cash_days = fields.Integer(
        string="Cash Payment Days",
        default=3,
        help="An invoice counts as paid in cash when it is fully paid within this "
        "many days of its invoice date.",
    )

    # setting: (smallest value allowed, largest or None, what to do instead)
    _STRATEGIC_SETTING_RANGES = {
        "strategic_min_score": (0, 100, ""),
        "strategic_max_clients": (0, None, _lt("Set 0 for no cap.")),
        "strategic_max_days_late": (0, None, ""),
        "strategic_overdue_tolerance": (0, None, ""),
        "strategic_cash_days": (0, None, ""),
        "sale_min_order_amount": (0, None, _lt("Set 0 for no minimum.")),
        "strategic_monitoring_months": (1, None, ""),
        "strategic_visit_days": (1, None, ""),
        "strategic_profile_review_months": (1, None, ""),
        "strategic_birthday_days": (0, None, ""),
        "strategic_roi_months": (1, None, ""),
        "strategic_min_roi": (0, None, ""),
    }
    _strategic_checked_fields = tuple(_STRATEGIC_SETTING_RANGES)

    @api.constrains(*_STRATEGIC_SETTING_RANGES)
    def _check_strategic_settings(self):
        for company in self:
            for fname, (low, high, hint) in self._STRATEGIC_SETTING_RANGES.items():
                value = company[fname]
                if math.isfinite(value) and value >= low and (high is None or value <= high):
                    continue
                setting = self._fields[fname]._description_string(self.env)
                if high is None:
                    message = _(
                        "%(setting)s must be at least %(low)s (company %(company)s).",
                        setting=setting,
                        low=low,
                        company=company.name,
                    )
                else:
                    message = _(
                        "%(setting)s must be between %(low)s and %(high)s (company %(company)s).",
                        setting=setting,
                        low=low,
                        high=high,
                        company=company.name,
                    )
                if hint:
                    message = f"{message} {hint}"
                raise ValidationError(message)

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
    strategic_last_recompute = fields.Datetime(
        string="Last Strategic Recompute", readonly=True, copy=False
    )
    strategic_count = fields.Integer(string="Strategic Clients", compute="_compute_strategic_count")

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
    # Recompute: measure -> decide -> rank -> persist (only what changed)
    # ------------------------------------------------------------------------------------
    @api.model
    def _cron_strategic_recompute(self):
        companies = self.env["strategic.criterion"].sudo().search([])  # active criteria
        for company in companies.company_id:
            company._strategic_recompute_in_batches()

    def _strategic_recompute_in_batches(self, batch_size=None):
        """The scheduled recompute of a large company: clients are measured batch by batch,
        each batch committed as it ends (within the cron's time limit, and a crash resumes
        with consistent data: each client's lines and figures are written together), then
        the list is ranked once from the stored figures, so no client flips in and out of
        the list while the batches run.

        :return: whether it ran (another recompute of the company may be running)
        """
        self.ensure_one()
        batch_size = batch_size or RECOMPUTE_BATCH
        Partner = self.env["res.partner"].with_context(active_test=True)
        customers = Partner.sudo().search(self._strategic_customer_domain())
        if len(customers) <= batch_size:
            return self._strategic_recompute()
        done = 0
        for batch in split_every(batch_size, customers.ids):
            if not self._strategic_recompute(Partner.browse(batch), rank=False):
                return False
            done += len(batch)
            self._strategic_commit_progress(len(batch), remaining=len(customers) - done)
        return self._strategic_recompute(Partner.browse())

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

    def _strategic_recompute(self, partners=None, rank=True):
        """Recompute the strategic scores of ``partners`` (commercial partners; default:
        every customer) and the company's ranking. Atomic: on failure nothing changes.
        One recompute per company at a time: another one started meanwhile is skipped.

        :return: whether it ran
        """
        self.ensure_one()
        if not self._strategic_try_lock():
            _logger.info("Strategic recompute of %s skipped: another one is running.", self.name)
            return False
        company = self.sudo().with_company(self)
        self.env.cr.cache["strategic_sum_invoiced"] = {}
        try:
            with self.env.cr.savepoint():
                company._strategic_recompute_run(partners, rank=rank)
        finally:
            self.env.cr.cache.pop("strategic_sum_invoiced", None)
        return True

    def _strategic_try_lock(self):
        """Take the company's recompute lock until the end of the transaction."""
        self.env.cr.execute(
            SQL("SELECT pg_try_advisory_xact_lock(%s, %s)", RECOMPUTE_LOCK, self.id)
        )
        return self.env.cr.fetchone()[0]

    def _strategic_recompute_run(self, partners, rank=True):
        today = self.env.context.get("strategic_date") or fields.Date.context_today(self)
        Partner = self.env["res.partner"].with_context(active_test=True, strategic_recompute=True)
        self._strategic_lapse_overrides(today)
        customers = Partner.search(self._strategic_customer_domain())
        scope = customers & partners if partners is not None else customers
        criteria = self.env["strategic.criterion"].search([("company_id", "=", self.id)])

        habits = self.env["strategic.criterion"]._measure_payment_habits(
            self, scope, today - relativedelta(months=12) + relativedelta(days=1), today
        )
        good_payers = {
            partner_id
            for partner_id, (days, overdue) in habits.items()
            if days <= self.strategic_max_days_late and overdue <= self.strategic_overdue_tolerance
        }
        evaluations = {
            criterion: criterion._evaluate(scope, customers, today, good_payers) if scope else {}
            for criterion in criteria
        }
        self._strategic_write_score_lines(scope, criteria, evaluations)

        invoiced = (
            self.env["strategic.criterion"]
            .new({"company_id": self.id, "metric": "purchase_amount", "period_months": 12})
            ._measure(scope, today)
        )
        total_weight = sum(criteria.mapped("weight"))
        # plain data from here on: 10,000 clients x N criteria in Python, no recordsets
        ordered = [
            (criterion.id, criterion.weight, evaluations[criterion]) for criterion in criteria
        ]
        measured = {}
        for partner_id in scope.ids:
            met = [(cid, weight) for cid, weight, results in ordered if results[partner_id][2]]
            points = sum(weight for _cid, weight in met)
            days_late, overdue = habits[partner_id]
            measured[partner_id] = {
                "strategic_score": round(100.0 * points / total_weight, 2) if total_weight else 0.0,
                "strategic_criterion_id": met[0][0] if met else False,
                "strategic_invoiced_amount": invoiced.get(partner_id, 0.0),
                "strategic_days_late": round(days_late, 2),
                "strategic_overdue_amount": overdue,
                "strategic_good_payment": partner_id in good_payers,
            }
        self._strategic_rank_and_save(customers if rank else scope, measured, rank=rank)
        if rank:
            self.strategic_last_recompute = fields.Datetime.now()

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

    def _strategic_lapse_overrides(self, today):
        expired = self.env["res.partner"].search(
            [
                ("strategic_override", "in", ("force_in", "force_out")),
                ("strategic_override_until", "!=", False),
                ("strategic_override_until", "<", today),
            ]
        )
        if not expired:
            return
        expired.with_context(strategic_recompute=True).write({"strategic_override": "auto"})
        for partner in expired:
            partner.message_post(
                body=_("The override of the strategic status lapsed; the criteria decide again."),
                subtype_xmlid="mail.mt_note",
            )

    def _strategic_write_score_lines(self, partners, criteria, evaluations):
        """Write the score lines of ``partners``: one read of the current lines, then one
        upsert of those that are new or changed, one delete of those of criteria archived
        or deleted since."""
        Line = self.env["strategic.score.line"]
        Line.flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT partner_id, criterion_id, value, threshold_value, met, payment_ok, points,
                       criterion_sequence
                  FROM strategic_score_line
                 WHERE company_id = %s AND partner_id = ANY(%s)
                """,
                self.id,
                partners.ids,
            )
        )
        current = {(row[0], row[1]): row[2:] for row in self.env.cr.fetchall()}
        rows = []
        for criterion in criteria:
            for partner_id, (value, threshold, met, payment_ok) in evaluations[criterion].items():
                figures = (
                    value,
                    threshold,
                    met,
                    payment_ok,
                    criterion.weight if met else 0.0,
                    criterion.sequence,
                )
                if current.pop((partner_id, criterion.id), None) != figures:
                    rows.append((partner_id, criterion.id, *figures))
        if rows:
            columns = list(zip(*rows, strict=True))
            self.env.execute_query(
                SQL(
                    """
                    INSERT INTO strategic_score_line
                           (partner_id, criterion_id, value, threshold_value, met, payment_ok,
                            points, criterion_sequence, company_id,
                            create_uid, create_date, write_uid, write_date)
                    SELECT line.*, %(company)s, %(uid)s, %(now)s, %(uid)s, %(now)s
                      FROM unnest(%(partners)s::int[], %(criteria)s::int[],
                                  %(values)s::float8[], %(thresholds)s::float8[],
                                  %(met)s::bool[], %(payment)s::bool[], %(points)s::float8[],
                                  %(sequences)s::int[]) AS line
                    ON CONFLICT (partner_id, criterion_id) DO UPDATE
                       SET value = EXCLUDED.value,
                           threshold_value = EXCLUDED.threshold_value,
                           met = EXCLUDED.met,
                           payment_ok = EXCLUDED.payment_ok,
                           points = EXCLUDED.points,
                           criterion_sequence = EXCLUDED.criterion_sequence,
                           write_uid = EXCLUDED.write_uid,
                           write_date = EXCLUDED.write_date
                    """,
                    company=self.id,
                    uid=self.env.uid,
                    now=self.env.cr.now(),
                    partners=list(columns[0]),
                    criteria=list(columns[1]),
                    values=list(columns[2]),
                    thresholds=list(columns[3]),
                    met=list(columns[4]),
                    payment=list(columns[5]),
                    points=list(columns[6]),
                    sequences=list(columns[7]),
                )
            )
        if current:  # lines of criteria no longer active
            obsolete_partners, obsolete_criteria = zip(*current, strict=True)
            self.env.execute_query(
                SQL(
                    """
                    DELETE FROM strategic_score_line line
                     USING unnest(%s::int[], %s::int[]) AS obsolete(partner_id, criterion_id)
                     WHERE line.partner_id = obsolete.partner_id
                       AND line.criterion_id = obsolete.criterion_id
                    """,
                    list(obsolete_partners),
                    list(obsolete_criteria),
                )
            )
        Line.invalidate_model()

    def _strategic_current_status(self, partners):
        """The company's stored status of ``partners``, read in one query.

        :return: {partner_id: ({status field: value}, override)}
        """
        self.env["res.partner"].flush_model([*STATUS_FIELDS, "strategic_override"])
        key = str(self.id)
        self.env.cr.execute(
            SQL(
                "SELECT id, %s, COALESCE(strategic_override->>%s, 'auto')"
                "  FROM res_partner WHERE id = ANY(%s)",
                SQL(", ").join(
                    SQL("(%s->>%s)::%s", SQL.identifier(fname), key, SQL(STATUS_TYPES[fname]))
                    for fname in STATUS_FIELDS
                ),
                key,
                partners.ids,
            )
        )
        empty = {"bool": False, "float8": 0.0, "int4": 0}
        status = {}
        for partner_id, *values, override in self.env.cr.fetchall():
            status[partner_id] = (
                {
                    fname: (
                        value
                        if value is not None
                        else (False if fname == "strategic_criterion_id" else empty[kind])
                    )
                    for (fname, kind), value in zip(STATUS_TYPES.items(), values, strict=True)
                },
                override,
            )
        return status

    def _strategic_rank_and_save(self, customers, measured, rank=True):
        """Rank all qualified customers, apply the cap and the overrides, and write what
        changed, with history and a chatter message on every change of status. With
        ``rank=False`` (a batch of a large recompute), only the measured figures of
        ``customers`` are written; rank and status stay until the final ranking."""
        current = self._strategic_current_status(customers)
        state, ranking = {}, []
        for partner_id in customers.ids:
            old, override = current[partner_id]
            new = dict(old, **measured.get(partner_id, {}))
            qualified = bool(new["strategic_criterion_id"]) and (
                new["strategic_score"] >= self.strategic_min_score
            )
            state[partner_id] = (old, new, override, qualified)
            if override == "force_in" or (qualified and override != "force_out"):
                ranking.append(partner_id)
        ranking.sort(
            key=lambda pid: (
                state[pid][2] != "force_in",
                -state[pid][1]["strategic_score"],
                -state[pid][1]["strategic_invoiced_amount"],
                pid,
            )
        )
        ranks = {partner_id: index for index, partner_id in enumerate(ranking, start=1)}
        cap = self.strategic_max_clients
        history, changed_status, changes = [], [], {}
        for partner_id, (old, new, override, qualified) in state.items():
            if rank:
                place = ranks.get(partner_id, 0)
                is_strategic = bool(place) and (override == "force_in" or not cap or place <= cap)
                new.update(
                    strategic_rank=place, strategic_qualified=qualified, is_strategic=is_strategic
                )
            else:
                place, is_strategic = old["strategic_rank"], old["is_strategic"]
                qualified = old["strategic_qualified"]
            if new == old:
                continue
            changes[partner_id] = new
            status_changed = old["is_strategic"] != is_strategic
            if status_changed or old["strategic_score"] != new["strategic_score"]:
                history.append(
                    (
                        partner_id,
                        new["strategic_score"],
                        place,
                        is_strategic,
                        qualified,
                        status_changed,
                    )
                )
            if status_changed:
                changed_status.append(partner_id)
        self._strategic_save_partner_status(changes)
        self._strategic_save_history(history)
        if changed_status:
            partners = self.env["res.partner"].browse(changed_status)
            partners._strategic_post_status_changes()
            self._strategic_on_status_change(partners)

    def _strategic_save_history(self, rows):
        """Snapshot the score and status of the partners whose score or status changed."""
        if not rows:
            return
        columns = list(zip(*rows, strict=True))
        self.env["strategic.score.history"].flush_model()
        self.env.execute_query(
            SQL(
                """
                INSERT INTO strategic_score_history
                       (partner_id, score, rank, is_strategic, qualified, status_changed,
                        company_id, date, create_uid, create_date, write_uid, write_date)
                SELECT snapshot.*, %(company)s, %(now)s, %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM unnest(%(partners)s::int[], %(scores)s::float8[], %(ranks)s::int[],
                              %(flags)s::bool[], %(qualified)s::bool[], %(changed)s::bool[])
                       AS snapshot
                """,
                company=self.id,
                now=self.env.cr.now(),
                uid=self.env.uid,
                partners=list(columns[0]),
                scores=list(columns[1]),
                ranks=list(columns[2]),
                flags=list(columns[3]),
                qualified=list(columns[4]),
                changed=list(columns[5]),
            )
        )
        self.env["strategic.score.history"].invalidate_model()

    def _strategic_on_status_change(self, partners):
        """The treatment follows the list: documents show the new status, open deliveries
        take (or leave) the urgent priority."""
        for model in ("sale.order", "stock.picking", "account.move"):
            self.env[model]._strategic_refresh(partners, self)
        self.env["stock.picking"]._strategic_follow_status(partners, self)

    def _strategic_save_partner_status(self, changes):
        """Write the company's values of the status fields of the partners that changed, in
        one statement (company-dependent fields are jsonb columns keyed by company)."""
        if not changes:
            return
        Partner = self.env["res.partner"]
        Partner.flush_model(STATUS_FIELDS)
        ids = list(changes)
        columns = {
            fname: [changes[partner_id][fname] or None for partner_id in ids]
            if fname == "strategic_criterion_id"
            else [changes[partner_id][fname] for partner_id in ids]
            for fname in STATUS_FIELDS
        }
        key = str(self.id)
        self.env.execute_query(
            SQL(
                """
                UPDATE res_partner partner
                   SET %(assignments)s
                  FROM unnest(%(ids)s::int[], %(arrays)s) AS status(id, %(names)s)
                 WHERE partner.id = status.id
                """,
                assignments=SQL(", ").join(
                    SQL(
                        "%(column)s = COALESCE(partner.%(column)s, '{}'::jsonb)"
                        " || jsonb_build_object(%(key)s::text, status.%(column)s)",
                        column=SQL.identifier(fname),
                        key=key,
                    )
                    for fname in STATUS_FIELDS
                ),
                ids=ids,
                arrays=SQL(", ").join(
                    SQL("%s::%s[]", columns[fname], SQL(STATUS_TYPES[fname]))
                    for fname in STATUS_FIELDS
                ),
                names=SQL(", ").join(SQL.identifier(fname) for fname in STATUS_FIELDS),
            )
        )
        Partner.invalidate_model(STATUS_FIELDS)

    # ------------------------------------------------------------------------------------
    # Demo: the sales and payment history behind demo/strategic_client_demo.xml
    # ------------------------------------------------------------------------------------
    def _strategic_load_demo(self):
        self.ensure_one()
        company = self.with_company(self)
        ref = company.env.ref
        today = fields.Date.context_today(company)
        product = ref("strategic_client.product_premium_service")

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
                                    "product_id": product.id,
                                    "quantity": 1,
                                    "price_unit": amount,
                                    "tax_ids": [],
                                }
                            )
                        ],
                    }
                )
                invoice.action_post()
                if pay_days is not None and invoice_date + relativedelta(days=pay_days) <= today:
                    invoices_to_pay.append((invoice, invoice_date + relativedelta(days=pay_days)))
        for invoice, payment_date in invoices_to_pay:
            company.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create({"payment_date": payment_date})._create_payments()
        # high margin: a confirmed order of a service sold far above its cost
        order = company.env["sale.order"].create(
            {
                "partner_id": ref("strategic_client.partner_sierra").id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 5})],
            }
        )
        order.action_confirm()
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
