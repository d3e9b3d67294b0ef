# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""res.partner: the strategic status of a client, per company, as the recompute
(strategic.ranking) decides it: the status columns and their SQL reader and writer, the
decision's reason, and the sentences that explain it (status section, chatter)."""

from odoo import _, api, fields, models
from odoo.tools import SQL, format_date, format_datetime, formatLang

STATUS_REASONS = [
    ("strategic", "Strategic"),
    ("forced_in", "Forced strategic"),
    ("over_cap", "Qualified, over the cap"),
    ("payment", "Kept out by payment habits"),
    ("forced_out", "Forced out"),
    ("below_minimum", "Below the minimum score"),
    ("no_criterion", "Meets no criterion"),
    ("not_customer", "No longer a customer"),
    ("archived", "Archived"),
]
# the reasons decided by the criteria (not by an override, nor unmeasured)
DECIDED_BY_CRITERIA = ("strategic", "over_cap", "payment", "below_minimum", "no_criterion")


class ResPartner(models.Model):
    _inherit = "res.partner"

    # The status columns written by the recompute (in SQL, one statement for all clients),
    # with their SQL element types: company-dependent fields are jsonb keyed by company.
    _strategic_status_types = {
        "is_strategic": "bool",
        "strategic_qualified": "bool",
        "strategic_status_reason": "text",
        "strategic_points": "float8",
        "strategic_points_possible": "float8",
        "strategic_points_reached": "float8",
        "strategic_score": "float8",
        "strategic_rank": "int4",
        "strategic_criterion_id": "int4",
        "strategic_invoiced_amount": "float8",
        "strategic_days_late": "float8",
        "strategic_overdue_amount": "float8",
        "strategic_good_payment": "bool",
    }

    def init(self):
        super().init()
        # Odoo indexes a company-dependent column by default (IS NOT NULL). The figures
        # every measured client has opt out (index=False): such an index never selects, and
        # each is written again with each client's row a recompute or a moved place
        # rewrites. Versions before 19.0.1.1.0 made them: dropped here.
        for name in self._strategic_status_types:
            if not self._fields[name].index:
                self.env.cr.execute(
                    SQL("DROP INDEX IF EXISTS %s", SQL.identifier(f"res_partner__{name}_index"))
                )

    # --- status, per company (company-dependent: every user sees their company's) -------
    is_strategic = fields.Boolean(
        string="Strategic",
        company_dependent=True,
        copy=False,
        readonly=True,
        help="A strategic client of the current company: the whole company gives it "
        "priority (see the benefit).",
        groups="base.group_user",
    )
    strategic_qualified = fields.Boolean(
        string="Qualified",
        company_dependent=True,
        index=False,
        copy=False,
        readonly=True,
        help="Meets at least one criterion and the minimum score; strategic if its rank "
        "is within the cap.",
        groups="base.group_user",
    )
    strategic_status_reason = fields.Selection(
        STATUS_REASONS,
        string="Why",
        company_dependent=True,
        index=False,
        copy=False,
        readonly=True,
        help="Why the client is strategic or not, as the last recompute decided.",
        groups="base.group_user",
    )
    strategic_points = fields.Float(
        string="Points",
        company_dependent=True,
        index=False,
        copy=False,
        readonly=True,
        help="Weights of the criteria the client meets.",
        groups="base.group_user",
    )
    strategic_points_possible = fields.Float(
        string="Points Possible",
        company_dependent=True,
        index=False,
        copy=False,
        readonly=True,
        help="Weights of all active criteria.",
        groups="base.group_user",
    )
    strategic_points_reached = fields.Float(
        string="Points With Good Payment",
        company_dependent=True,
        index=False,
        copy=False,
        readonly=True,
        help="Weights of the criteria whose value the client reaches, payment habits aside.",
        groups="base.group_user",
    )
    strategic_score = fields.Float(
        string="Score (%)",
        company_dependent=True,
        index=False,
        copy=False,
        readonly=True,
        help="Points met out of the points possible, in %.",
        groups="base.group_user",
    )
    strategic_score_display = fields.Char(
        string="Score",
        compute="_compute_strategic_status_texts",
        help="Points of the criteria met out of the points of all active criteria.",
        groups="base.group_user",
    )
    strategic_status_message = fields.Text(
        string="Strategic Status",
        compute="_compute_strategic_status_texts",
        help="Why the client is strategic or not, in a sentence.",
        groups="base.group_user",
    )
    strategic_rank = fields.Integer(
        company_dependent=True,
        index=False,
        copy=False,
        readonly=True,
        help="Place among the qualified clients (1 = first); 0 when not qualified.",
        groups="base.group_user",
    )
    strategic_criterion_id = fields.Many2one(
        "strategic.criterion",
        string="Main Criterion",
        company_dependent=True,
        copy=False,
        readonly=True,
        help="The most important criterion a strategic (or qualified) client meets.",
        groups="base.group_user",
    )
    strategic_benefit = fields.Char(
        compute="_compute_strategic_benefit",
        help="What the company gains from this strategic client (benefit of its main criterion).",
        groups="base.group_user",
    )
    strategic_invoiced_amount = fields.Float(
        string="Invoiced (12 months)",
        company_dependent=True,
        index=False,
        copy=False,
        readonly=True,
        help="Untaxed amount invoiced over the last 12 months, in company currency; "
        "breaks ties in the ranking.",
        groups="strategic_client.group_strategic_figures",
    )
    strategic_days_late = fields.Float(
        string="Average Days Late",
        company_dependent=True,
        index=False,
        copy=False,
        readonly=True,
        help="Average days paid after the due date over the last 12 months.",
        groups="strategic_client.group_strategic_figures",
    )
    strategic_overdue_amount = fields.Float(
        string="Overdue Amount",
        company_dependent=True,
        index=False,
        copy=False,
        readonly=True,
        groups="strategic_client.group_strategic_figures",
    )
    strategic_good_payment = fields.Boolean(
        string="Good Payment Habits",
        company_dependent=True,
        index=False,
        copy=False,
        readonly=True,
        groups="strategic_client.group_strategic_figures",
    )
    strategic_score_line_ids = fields.One2many(
        "strategic.score.line",
        "partner_id",
        string="Score Breakdown",
        readonly=True,
        domain=lambda self: [("company_id", "=", self.env.company.id)],
        groups="base.group_user",
    )
    strategic_history_ids = fields.One2many(
        "strategic.score.history",
        "partner_id",
        string="Score History",
        readonly=True,
        domain=lambda self: [("company_id", "=", self.env.company.id)],
        groups="base.group_user",
    )

    @api.depends_context("company")
    @api.depends("is_strategic", "strategic_criterion_id")
    def _compute_strategic_benefit(self):
        for partner in self:
            partner.strategic_benefit = (
                partner.is_strategic and partner.strategic_criterion_id.benefit or False
            )

    # ------------------------------------------------------------------------------------
    # The status columns: read and written by the recompute, in one statement each
    # ------------------------------------------------------------------------------------
    @api.model
    def _strategic_empty_status(self):
        empty = {"bool": False, "float8": 0.0, "int4": 0, "text": False}
        return {fname: empty[kind] for fname, kind in self._strategic_status_types.items()} | {
            "strategic_criterion_id": False
        }

    @api.model
    def _strategic_read_status(self, company, partners):
        """The company's stored status of ``partners``, read in one query.

        :return: {partner_id: ({status field: value}, override)}
        """
        types = self._strategic_status_types
        self.flush_model([*types, "strategic_override"])
        key = str(company.id)
        rows = self.env.execute_query(
            SQL(
                "SELECT id, %s, COALESCE(strategic_override->>%s, 'auto')"
                "  FROM res_partner WHERE id = ANY(%s)",
                SQL(", ").join(
                    SQL("(%s->>%s)::%s", SQL.identifier(fname), key, SQL(kind))
                    for fname, kind in types.items()
                ),
                key,
                partners.ids,
            )
        )
        empty = self._strategic_empty_status()
        return {
            partner_id: (
                {
                    fname: empty[fname] if value is None else value
                    for fname, value in zip(types, values, strict=True)
                },
                override,
            )
            for partner_id, *values, override in rows
        }

    @api.model
    def _strategic_write_status(self, company, changes):
        """Write the company's values of the status fields of the partners in ``changes``
        ({partner_id: {status field: value}}) in one statement."""
        if not changes:
            return
        types = self._strategic_status_types
        self.flush_model(list(types))
        ids = list(changes)
        columns = {
            fname: [changes[partner_id][fname] or None for partner_id in ids]
            if fname in ("strategic_criterion_id", "strategic_status_reason")
            else [changes[partner_id][fname] for partner_id in ids]
            for fname in types
        }
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
                        key=str(company.id),
                    )
                    for fname in types
                ),
                ids=ids,
                arrays=SQL(", ").join(
                    SQL("%s::%s[]", columns[fname], SQL(kind)) for fname, kind in types.items()
                ),
                names=SQL(", ").join(SQL.identifier(fname) for fname in types),
            )
        )
        # the status and everything computed from it (sentences, benefit, counts)
        self.invalidate_model()
        self.env["res.company"].invalidate_model(["strategic_count"])

    # ------------------------------------------------------------------------------------
    # The decision explained: score, status sentence, chatter
    # ------------------------------------------------------------------------------------
    @api.model
    def _strategic_format_points(self, points):
        digits = 0 if float(points).is_integer() else 1
        return formatLang(self.env, points, digits=digits)

    @api.depends_context("company", "uid", "lang")
    @api.depends(
        "strategic_status_reason",
        "strategic_points",
        "strategic_points_possible",
        "strategic_points_reached",
        "strategic_score",
        "strategic_rank",
        "strategic_criterion_id",
        "strategic_override_reason",
        "strategic_override_until",
    )
    def _compute_strategic_status_texts(self):
        with_figures = self._strategic_can_read_figures()
        cutoffs_note = self._strategic_cutoffs_sentence()
        for partner in self:
            partner.strategic_score_display = partner._strategic_score_sentence()
            message = partner._strategic_status_sentence(with_figures)
            if cutoffs_note and partner.strategic_status_reason in DECIDED_BY_CRITERIA:
                message = f"{message} {cutoffs_note}"
            partner.strategic_status_message = message

    @api.model
    def _strategic_cutoffs_sentence(self):
        """When the Top % cut-offs that decided the status were measured: an override or a
        client's Recompute decides against those of the last full recompute."""
        measured_on = self.env["strategic.criterion"]._cutoffs_measured_on(self.env.company)
        if not measured_on:
            return False
        return _(
            "Top %% cut-offs measured for every client on %(date)s.",
            date=format_datetime(self.env, measured_on, dt_format="short"),
        )

    def _strategic_score_sentence(self):
        """'15 of 59 points, 25 %'; for a client kept out by its payment habits, what they
        cost it: '0 of 59 points; 18 more without the payment gate'."""
        self.ensure_one()
        if not self.strategic_status_reason:
            return False
        gated = self.strategic_points_reached - self.strategic_points
        if self.strategic_status_reason == "payment" and gated > 0:
            return _(
                "%(points)s of %(possible)s points; %(more)s more without the payment gate",
                points=self._strategic_format_points(self.strategic_points),
                possible=self._strategic_format_points(self.strategic_points_possible),
                more=self._strategic_format_points(gated),
            )
        return _(
            "%(points)s of %(possible)s points, %(score)s %%",
            points=self._strategic_format_points(self.strategic_points),
            possible=self._strategic_format_points(self.strategic_points_possible),
            score=formatLang(self.env, self.strategic_score, digits=0),
        )

    def _strategic_status_sentence(self, with_figures=False, settings=None):
        """Why this client is strategic or not, from the stored decision (nothing is
        recomputed here). ``with_figures``: also the amounts drawn from invoices.
        ``settings``: where the cap, minimum score and payment settings are read (default:
        the current company; a preview passes a new record holding its values)."""
        self.ensure_one()
        company = settings or self.env.company
        reason = self.strategic_status_reason
        cap = company.strategic_max_clients
        if reason == "strategic":
            place = (
                _("rank %(rank)s of %(cap)s places", rank=self.strategic_rank, cap=cap)
                if cap
                else _("rank %(rank)s (no cap)", rank=self.strategic_rank)
            )
            return _(
                "Strategic: %(place)s, main criterion %(criterion)s; %(score)s.",
                place=place,
                criterion=self.strategic_criterion_id.name,
                score=self._strategic_score_sentence(),
            )
        if reason in ("forced_in", "forced_out"):
            values = {
                "user": self.strategic_override_user_id.name or _("an administrator"),
                "date": format_date(self.env, self.strategic_override_date) or _("an unknown date"),
                "reason": self.strategic_override_reason or "",
                "until": format_date(self.env, self.strategic_override_until),
            }
            if reason == "forced_in":
                sentence = _("Strategic, forced in by %(user)s on %(date)s: %(reason)s", **values)
            else:
                sentence = _("Forced out by %(user)s on %(date)s: %(reason)s", **values)
            if values["until"]:
                sentence = _(
                    "%(sentence)s (until %(until)s).", sentence=sentence, until=values["until"]
                )
            else:
                sentence = _("%(sentence)s (no end date).", sentence=sentence)
            return sentence
        if reason == "over_cap":
            return _(
                "Qualified but over the cap: rank %(rank)s, the cap is %(cap)s places; %(score)s.",
                rank=self.strategic_rank,
                cap=cap,
                score=self._strategic_score_sentence(),
            )
        if reason == "payment":
            if not with_figures:
                return _("Kept out by its payment habits (it pays late or owes overdue amounts).")
            return _(
                "Kept out by its payment habits: %(days)s days late on average (at most "
                "%(max_days)s allowed), %(overdue)s overdue (at most %(tolerance)s allowed).",
                days=formatLang(self.env, self.strategic_days_late, digits=0),
                max_days=company.strategic_max_days_late,
                overdue=formatLang(
                    self.env, self.strategic_overdue_amount, currency_obj=company.currency_id
                ),
                tolerance=formatLang(
                    self.env, company.strategic_overdue_tolerance, currency_obj=company.currency_id
                ),
            )
        if reason == "below_minimum":
            return _(
                "Below the minimum score: %(score)s, needs %(minimum)s %%.",
                score=self._strategic_score_sentence(),
                minimum=formatLang(self.env, company.strategic_min_score, digits=0),
            )
        if reason == "no_criterion":
            return _("Meets no criterion (%(score)s).", score=self._strategic_score_sentence())
        if reason == "not_customer":
            return _("Not measured: no longer a customer.")
        if reason == "archived":
            return _("Not measured: archived.")
        return _("Not measured yet: the next recompute of the strategic clients measures it.")

    def _strategic_reader_lang(self):
        """The language of what the addon writes about this client for its people (chatter
        notes, activities): that of its key account manager, else of its salesperson, else of
        the administrator."""
        self.ensure_one()
        return self._strategic_activity_user().lang or self.env.lang

    def _strategic_post_status_changes(self):
        """Post the change of status of these partners on their chatter (followers
        notified), with the reason in the words of the status section (no amounts: every
        reader of the client reads it)."""
        company = self.env.company
        author = self.env.ref("base.partner_root").id
        for partner in self:
            # stored text: written in the language of who follows the client for the
            # company (its key account manager, else its salesperson, else the admin)
            partner = partner.with_context(lang=partner._strategic_reader_lang())
            why = partner._strategic_status_sentence(with_figures=False)
            if partner.is_strategic:
                body = partner.env._(
                    "Now a strategic client of %(company)s. %(why)s", company=company.name, why=why
                )
            else:
                body = partner.env._(
                    "No longer a strategic client of %(company)s. %(why)s",
                    company=company.name,
                    why=why,
                )
            partner.message_post(
                body=body, subtype_xmlid="strategic_client.mt_strategic_status", author_id=author
            )
