# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""strategic.rules.preview: the what-if of a rules change. Editable copies of the company's
criteria and deciding settings; Preview shows who would enter, leave or change rank, with
the reason in the words of the status section, writing nothing but the wizard's own rows;
Apply saves the edits (normal writes: tracking, constraints) and recomputes; Discard closes."""

from collections import Counter

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command

# the company's settings that decide who is strategic, edited in the preview
SETTINGS = (
    "strategic_min_score",
    "strategic_max_clients",
    "strategic_max_days_late",
    "strategic_overdue_tolerance",
    "strategic_cash_days",
)


class StrategicRulesPreview(models.TransientModel):
    _name = "strategic.rules.preview"
    _description = "Strategic Clients: Preview of a Rules Change"

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    strategic_min_score = fields.Float(
        string="Minimum Strategic Score (% of points)",
        default=lambda self: self.env.company.strategic_min_score,
    )
    strategic_max_clients = fields.Integer(
        string="Maximum Strategic Clients",
        default=lambda self: self.env.company.strategic_max_clients,
        help="0 = no cap.",
    )
    strategic_max_days_late = fields.Integer(
        string="Good Payment: Maximum Days Late",
        default=lambda self: self.env.company.strategic_max_days_late,
    )
    strategic_overdue_tolerance = fields.Monetary(
        string="Good Payment: Overdue Tolerance",
        currency_field="currency_id",
        default=lambda self: self.env.company.strategic_overdue_tolerance,
    )
    strategic_cash_days = fields.Integer(
        string="Cash Payment Days",
        default=lambda self: self.env.company.strategic_cash_days,
    )
    criterion_ids = fields.One2many(
        "strategic.rules.preview.criterion",
        "preview_id",
        string="Criteria",
        default=lambda self: self._default_criterion_ids(),
    )
    line_ids = fields.One2many(
        "strategic.rules.preview.line", "preview_id", string="Clients", readonly=True
    )
    state = fields.Selection([("edit", "Editing"), ("previewed", "Previewed")], default="edit")
    count_now = fields.Integer(string="Strategic Now", readonly=True)
    count_after = fields.Integer(string="Strategic After", readonly=True)
    enter_count = fields.Integer(string="Would Enter", readonly=True)
    leave_count = fields.Integer(string="Would Leave", readonly=True)
    rank_count = fields.Integer(string="Would Change Rank", readonly=True)
    summary = fields.Char(compute="_compute_summary")

    @api.model
    def _default_criterion_ids(self):
        criteria = (
            self.env["strategic.criterion"]
            .sudo()
            .with_context(active_test=False)
            .search([("company_id", "=", self.env.company.id)])
        )
        Line = self.env["strategic.rules.preview.criterion"]
        return [Command.create(Line._values_of(criterion)) for criterion in criteria]

    @api.depends(
        "state",
        "count_now",
        "count_after",
        "enter_count",
        "leave_count",
        "rank_count",
        "strategic_max_clients",
    )
    def _compute_summary(self):
        for preview in self:
            if preview.state != "previewed":
                preview.summary = False
                continue
            cap = (
                _("at most %(cap)s places", cap=preview.strategic_max_clients)
                if preview.strategic_max_clients
                else _("no cap")
            )
            preview.summary = _(
                "Strategic clients: %(after)s after the change (%(cap)s), %(now)s now. "
                "Would enter: %(enter)s; would leave: %(leave)s; would change rank: %(rank)s.",
                after=preview.count_after,
                cap=cap,
                now=preview.count_now,
                enter=preview.enter_count,
                leave=preview.leave_count,
                rank=preview.rank_count,
            )

    # ------------------------------------------------------------------------------------
    # Bad input: the criteria's and the settings' own rules and messages
    # ------------------------------------------------------------------------------------
    @api.model
    def _constraint_message(self, model, name):
        """The message the user reads when ``model``'s table constraint ``name`` refuses a
        value (translated, as the database's refusal reads)."""
        Model = self.env[model]
        full_name = f"{Model._table}_{name}"
        record = (
            self.env["ir.model.constraint"]
            .sudo()
            .search_fetch(
                [("name", "=", full_name), ("model.model", "=", model)], ["message"], limit=1
            )
        )
        return record.message or Model._table_objects[full_name].get_error_message(Model)

    @api.constrains(*SETTINGS)
    def _check_settings(self):
        # the conditions of res.company's table constraints of the same names
        for preview in self:
            refused = [
                ("strategic_min_score_range", not 0 <= preview.strategic_min_score <= 100),
                ("strategic_max_clients_range", preview.strategic_max_clients < 0),
                ("strategic_max_days_late_range", preview.strategic_max_days_late < 0),
                ("strategic_overdue_tolerance_range", preview.strategic_overdue_tolerance < 0),
                ("strategic_cash_days_range", preview.strategic_cash_days < 0),
            ]
            for name, wrong in refused:
                if wrong:
                    raise ValidationError(self._constraint_message("res.company", name))

    def _check_own_company(self):
        """The rules previewed or applied are those of one of the user's companies, the
        saved criteria edited are that company's (the actions save them as superuser), and
        each is edited on one line (the lines are linked to them on the server, when the
        preview is made: see strategic.criterion.action_strategic_preview_rules)."""
        self.ensure_one()
        if self.company_id not in self.env.user.company_ids:
            raise AccessError(
                _(
                    "You can only preview and apply the rules of your own companies; "
                    "%(company)s is not one of them.",
                    company=self.company_id.sudo().name,
                )
            )
        if self.criterion_ids.criterion_id.sudo().company_id - self.company_id:
            raise AccessError(
                _(
                    "A criterion of another company cannot be edited in the rules of "
                    "%(company)s; open the preview from that company.",
                    company=self.company_id.name,
                )
            )
        lines = Counter(line.criterion_id for line in self.criterion_ids if line.criterion_id)
        repeated = [criterion.name for criterion, count in lines.items() if count > 1]
        if repeated:
            raise ValidationError(
                _(
                    "Criteria: each saved criterion is edited on one line only; remove the "
                    "line that repeats %(criteria)s.",
                    criteria=", ".join(repeated),
                )
            )

    def _check_rules(self):
        """Every rule a save would check, on the edits (nothing saved)."""
        self.ensure_one()
        self._check_own_company()
        self._check_settings()
        self.criterion_ids._check_criterion()
        active = self.criterion_ids.filtered("criterion_active")
        self.env["strategic.criterion"]._check_weights(
            self.company_id, active._to_criteria(self.company_id)
        )

    # ------------------------------------------------------------------------------------
    # Preview, Apply, Discard
    # ------------------------------------------------------------------------------------
    def _settings_record(self):
        """The company as these settings would make it (in memory)."""
        values = {fname: self[fname] for fname in SETTINGS}
        return self.env["res.company"].sudo().new(values, origin=self.company_id)

    def action_preview(self):
        self.env["res.users"]._strategic_check_group(
            "strategic_client.group_strategic_manager", _("Preview a change of the rules")
        )
        self.ensure_one()
        self._check_rules()
        company = self.company_id
        settings = self._settings_record()
        active = self.criterion_ids.filtered("criterion_active").sorted(
            lambda line: line._order_key()
        )
        criteria = active._to_criteria(company)
        current, changes = self.env["strategic.ranking"]._simulate(company, criteria, settings)
        Line = self.env["strategic.rules.preview.line"]
        rows = Line._rows(current, changes, criteria)
        self.line_ids.unlink()
        Line.create([dict(row, preview_id=self.id) for row in rows])
        now = sum(1 for status, _override in current.values() if status["is_strategic"])
        moves = [row["movement"] for row in rows]
        self.write(
            {
                "state": "previewed",
                "count_now": now,
                "count_after": now + moves.count("enter") - moves.count("leave"),
                "enter_count": moves.count("enter"),
                "leave_count": moves.count("leave"),
                "rank_count": moves.count("rank"),
            }
        )
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Preview of the Rules Change"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            # wide: the criteria and the clients need every column readable
            "context": {"dialog_size": "extra-large"},
        }

    def action_apply(self):
        """Save the edits with the ORM (tracking, constraints) and recompute; on any
        refusal (bad input, a recompute running) nothing is saved."""
        self.env["res.users"]._strategic_check_group(
            "strategic_client.group_strategic_manager", _("Apply a change of the rules")
        )
        self.ensure_one()
        self._check_rules()
        company = self.company_id.sudo()
        Criterion = self.env["strategic.criterion"].sudo()
        # raise weights and activate first: the rule 'one weight above 0' holds all along
        for line in self.criterion_ids.sorted(
            lambda line: not (line.criterion_active and line.weight)
        ):
            values = line._changed_values()
            if not line.criterion_id:
                Criterion.create(dict(values, company_id=company.id))
            elif values:
                line.criterion_id.sudo().write(values)
        settings = {fname: self[fname] for fname in SETTINGS if self[fname] != company[fname]}
        if settings:
            company.write(settings)
        # the company's own Recompute: refuses (nothing saved) while another one runs
        notification = self.company_id.action_strategic_recompute()
        if self.env.context.get("strategic_preview_from_settings"):
            # the settings form still holds the values typed, now saved: show them as saved
            # (reloading it in place would ask whether to save them again)
            return {"type": "ir.actions.client", "tag": "reload"}
        return notification
