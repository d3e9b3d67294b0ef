# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The rows of a rules preview (strategic.rules.preview): the criteria as edited
(strategic.rules.preview.criterion, turned into criteria in memory, never saved before
Apply) and the clients whose status would change (strategic.rules.preview.line)."""

import math

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Command

# the criterion's fields a preview edits: those that decide who meets it, and its name
PLAIN_FIELDS = (
    "name",
    "sequence",
    "active",
    "metric",
    "threshold",
    "threshold_type",
    "period_months",
    "weight",
    "meets_without_value",
    "requires_good_payment",
    "domain",
)
MANY2MANY_FIELDS = ("partner_category_ids", "product_category_ids", "industry_ids")


def _line_fname(fname):
    """The line's field holding the criterion's field ``fname`` (a line has no field
    'active': an archived line would vanish from the preview)."""
    return "criterion_active" if fname == "active" else fname


class StrategicRulesPreviewCriterion(models.TransientModel):
    _name = "strategic.rules.preview.criterion"
    _description = "Strategic Clients: Criterion of a Rules Preview"
    _order = "sequence, id"

    preview_id = fields.Many2one("strategic.rules.preview", required=True, ondelete="cascade")
    criterion_id = fields.Many2one(
        "strategic.criterion", string="Saved Criterion", readonly=True, ondelete="cascade"
    )
    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    criterion_active = fields.Boolean(
        string="Active", default=True, help="Off: the criterion is archived."
    )
    metric = fields.Selection(
        selection=lambda self: (
            self.env["strategic.criterion"]._fields["metric"]._description_selection(self.env)
        ),
        required=True,
        default="purchase_amount",
    )
    threshold = fields.Float()
    threshold_type = fields.Selection(
        selection=lambda self: (
            self.env["strategic.criterion"]
            ._fields["threshold_type"]
            ._description_selection(self.env)
        ),
        required=True,
        default="absolute",
    )
    period_months = fields.Integer(string="Period (months)", default=12)
    weight = fields.Float(default=1.0)
    meets_without_value = fields.Boolean(string="Clients Without a Value Meet It")
    requires_good_payment = fields.Boolean()
    domain = fields.Char(default="[]")
    partner_category_ids = fields.Many2many("res.partner.category", string="Partner Tags")
    product_category_ids = fields.Many2many("product.category", string="Product Categories")
    industry_ids = fields.Many2many("res.partner.industry", string="Industries")
    changed = fields.Boolean(compute="_compute_changed", help="Differs from the saved criterion.")
    value_unit = fields.Selection(
        selection=lambda self: self.env["strategic.criterion"]._fields["value_unit"].selection,
        compute="_compute_threshold_unit",
    )
    threshold_unit = fields.Char(
        string="Unit",
        compute="_compute_threshold_unit",
        help="What the threshold counts: a share of the customers for a Top %, else the "
        "metric's unit.",
    )

    @api.depends("metric", "threshold_type", "threshold")
    @api.depends_context("lang")
    def _compute_threshold_unit(self):
        units = self.env["strategic.criterion"]._metric_units()
        currency = self.env.company.currency_id
        for line in self:
            unit = units.get(line.metric, "count")
            line.value_unit = unit
            if unit == "flag":
                line.threshold_unit = False
            elif line.threshold_type == "top_percent":
                line.threshold_unit = self.env._("%(percent)s of customers", percent="%")
            else:
                line.threshold_unit = {
                    "amount": currency.symbol,
                    "kg": "kg",
                    "percent": "%",
                    "rating": self.env._("of 3 stars"),
                }.get(unit) or (
                    self.env._("countries") if line.metric == "multinational" else False
                )

    @api.model
    def _values_of(self, criterion):
        values = {_line_fname(fname): criterion[fname] for fname in PLAIN_FIELDS}
        values.update(
            {fname: [Command.set(criterion[fname].ids)] for fname in MANY2MANY_FIELDS},
            criterion_id=criterion.id,
        )
        return values

    def _criterion_values(self):
        """The values of the criterion as edited (for create, write or new)."""
        self.ensure_one()
        values = {fname: self[_line_fname(fname)] for fname in PLAIN_FIELDS}
        values.update({fname: [Command.set(self[fname].ids)] for fname in MANY2MANY_FIELDS})
        return values

    def _changed_values(self):
        """The edited values that differ from the saved criterion (all for a new one)."""
        self.ensure_one()
        values = self._criterion_values()
        saved = self.criterion_id
        if not saved:
            return values
        return {
            fname: value
            for fname, value in values.items()
            if (
                self[fname].ids != saved[fname].ids
                if fname in MANY2MANY_FIELDS
                else value != saved[fname]
            )
        }

    @api.depends(*map(_line_fname, PLAIN_FIELDS), *MANY2MANY_FIELDS, "criterion_id")
    def _compute_changed(self):
        for line in self:
            line.changed = bool(line._changed_values())

    def _order_key(self):
        return (self.sequence, self.criterion_id.id or math.inf, self.id)

    def _to_criteria(self, company):
        """These criteria as a recompute would read them, in memory: the saved criterion
        where nothing changed, else a new record holding the edits (no row written)."""
        Criterion = self.env["strategic.criterion"].sudo().with_company(company)
        criteria = Criterion.browse()
        for line in self:
            if line.criterion_id and not line._changed_values():
                criteria |= line.criterion_id.sudo()
                continue
            values = dict(line._criterion_values(), company_id=company.id)
            criteria |= Criterion.new(
                values, origin=line.criterion_id.sudo() or None, ref=f"preview_{line.id}"
            )
        return criteria

    @api.constrains(*map(_line_fname, PLAIN_FIELDS), *MANY2MANY_FIELDS)
    def _check_criterion(self):
        """The criterion's own rules: its table constraints' conditions and messages,
        then its Python constraints, run on the edits in memory."""
        Preview = self.env["strategic.rules.preview"]
        for line in self:
            refused = [
                ("weight_range", not 0 <= line.weight < math.inf),
                ("threshold_finite", not -math.inf < line.threshold < math.inf),
                ("period_months_range", line.period_months < 1),
            ]
            for name, wrong in refused:
                if wrong:
                    raise ValidationError(Preview._constraint_message("strategic.criterion", name))
            criterion = line._to_criteria(line.preview_id.company_id)
            criterion._check_threshold()
            criterion._check_metric_configuration()


class StrategicRulesPreviewLine(models.TransientModel):
    _name = "strategic.rules.preview.line"
    _description = "Strategic Clients: Client in a Rules Preview"
    _order = "movement_sequence, rank_after, rank_now, partner_id"

    preview_id = fields.Many2one("strategic.rules.preview", required=True, ondelete="cascade")
    partner_id = fields.Many2one(
        "res.partner", string="Client", required=True, readonly=True, ondelete="cascade"
    )
    movement = fields.Selection(
        [
            ("enter", "Enters the list"),
            ("leave", "Leaves the list"),
            ("rank", "Rank changes"),
            ("reason", "Reason changes"),
            ("stay", "Stays strategic"),
        ],
        readonly=True,
    )
    movement_sequence = fields.Integer(readonly=True)
    strategic_now = fields.Boolean(readonly=True)
    strategic_after = fields.Boolean(string="Strategic After", readonly=True)
    rank_now = fields.Integer(readonly=True, help="0: not ranked (not qualified).")
    rank_after = fields.Integer(string="Rank After", readonly=True)
    score_now = fields.Float(string="Score Now (%)", readonly=True)
    score_after = fields.Float(string="Score After (%)", readonly=True)
    # the rest of the status the recompute would store: the sentence is built from it
    reason_after = fields.Selection(
        selection=lambda self: self.env["res.partner"]._fields["strategic_status_reason"].selection,
        readonly=True,
    )
    points_after = fields.Float(readonly=True)
    points_possible_after = fields.Float(readonly=True)
    days_late_after = fields.Float(readonly=True)
    overdue_after = fields.Float(readonly=True)
    criterion_after = fields.Char(string="Main Criterion After", readonly=True)
    why_now = fields.Text(string="Why Now", compute="_compute_why")
    why_after = fields.Text(string="Why After", compute="_compute_why")

    _movements = ("enter", "leave", "rank", "reason", "stay")

    @api.model
    def _rows(self, current, changes, criteria):
        """The values of the lines: every client strategic now or after, or whose rank or
        reason would change.

        :param current: {partner_id: (stored status, override)}
        :param changes: {partner_id: (stored status, status it would get)}
        :param criteria: the criteria previewed (the main criterion's name is theirs)
        """
        names = {criterion.id: criterion.name for criterion in criteria}
        rows = []
        for partner_id, (old, _override) in current.items():
            new = changes[partner_id][1] if partner_id in changes else old
            movement = self._movement(old, new)
            if not movement:
                continue
            rows.append(
                {
                    "partner_id": partner_id,
                    "movement": movement,
                    "movement_sequence": self._movements.index(movement),
                    "strategic_now": old["is_strategic"],
                    "strategic_after": new["is_strategic"],
                    "rank_now": old["strategic_rank"],
                    "rank_after": new["strategic_rank"],
                    "score_now": old["strategic_score"],
                    "score_after": new["strategic_score"],
                    "reason_after": new["strategic_status_reason"],
                    "points_after": new["strategic_points"],
                    "points_possible_after": new["strategic_points_possible"],
                    "days_late_after": new["strategic_days_late"],
                    "overdue_after": new["strategic_overdue_amount"],
                    "criterion_after": names.get(new["strategic_criterion_id"], False),
                }
            )
        return rows

    @api.depends_context("lang")
    def _compute_why(self):
        """Both reasons in the words of the status section, built when displayed (a page
        of lines, not every client of the preview): now from the stored status, after
        from the status the recompute would store, with the previewed settings."""
        with_figures = self.env["res.partner"]._strategic_can_read_figures()
        Criterion = self.env["strategic.criterion"].sudo()
        for preview, lines in self.grouped("preview_id").items():
            company = preview.company_id
            settings = preview._settings_record()
            Partner = self.env["res.partner"].sudo().with_company(company)
            # one browse: the clients' fields are read at once for all the lines
            partners = Partner.browse(lines.partner_id.ids)
            by_id = {partner.id: partner for partner in partners}
            for line in lines:
                partner = by_id[line.partner_id.id]
                after = Partner.new(
                    {
                        "is_strategic": line.strategic_after,
                        "strategic_status_reason": line.reason_after,
                        "strategic_rank": line.rank_after,
                        "strategic_score": line.score_after,
                        "strategic_points": line.points_after,
                        "strategic_points_possible": line.points_possible_after,
                        "strategic_days_late": line.days_late_after,
                        "strategic_overdue_amount": line.overdue_after,
                        "strategic_criterion_id": line.criterion_after
                        and Criterion.new({"name": line.criterion_after}),
                    },
                    origin=partner,
                )
                line.why_now = partner._strategic_status_sentence(with_figures)
                line.why_after = after._strategic_status_sentence(with_figures, settings)

    @api.model
    def _movement(self, old, new):
        """How a client moves: enters, leaves, changes rank or reason, stays strategic;
        None when nothing a user sees changes (the client is not listed)."""
        if old["is_strategic"] != new["is_strategic"]:
            return "enter" if new["is_strategic"] else "leave"
        if old["strategic_rank"] != new["strategic_rank"]:
            return "rank"
        if old["strategic_status_reason"] != new["strategic_status_reason"]:
            return "reason"
        if new["is_strategic"]:
            return "stay"
        return None
