# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""res.partner: the override of the strategic status, the key account manager and the client
facts an administrator sets, and the recompute and history actions."""

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

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
    strategic_can_print_consumption = fields.Boolean(
        string="May Print the Consumption Report",
        compute="_compute_strategic_can_print_consumption",
        help="The user may print and send this client's consumption report: they may open "
        "every invoice it adds up.",
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

    def _strategic_activity_user(self):
        """Who receives the addon's activities about this client (visits, reviews,
        courtesies, collection, reports not sent): its key account manager, else its
        salesperson, else the administrator."""
        self.ensure_one()
        client = self.commercial_partner_id
        return client.key_account_manager_id or client.user_id or self.env.ref("base.user_admin")

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + ["key_account_manager_id"]

    # ------------------------------------------------------------------------------------
    # Override
    # ------------------------------------------------------------------------------------
    @api.constrains(*OVERRIDE_FIELDS)
    def _check_strategic_override(self):
        today = fields.Date.context_today(self)
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
                strategic_override_date=fields.Date.context_today(self),
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
        self.env["res.users"]._strategic_check_group(
            "strategic_client.group_strategic_manager", _("Recompute the strategic clients")
        )
        clients = self.commercial_partner_id
        before = {client: client.strategic_status_message for client in clients}
        if not self.env.company._strategic_recompute(clients):
            raise UserError(
                _("A recompute of the strategic clients is already running; try again later.")
            )
        clients.invalidate_recordset()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": _("Recomputed"),
                "message": "\n".join(
                    client._strategic_recompute_change(before[client]) for client in clients
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _strategic_recompute_change(self, before):
        """What a recompute changed for this client, in a sentence: its status now, and the
        one it had (or that it is unchanged)."""
        self.ensure_one()
        now = self.strategic_status_message or _("Not measured.")
        if now == before:
            return _("%(client)s, unchanged: %(now)s", client=self.display_name, now=now)
        return _(
            "%(client)s: %(now)s Before: %(before)s",
            client=self.display_name,
            now=now,
            before=before or _("not measured."),
        )

    def action_strategic_open_history(self):
        self.env["res.users"]._strategic_check_group(
            "strategic_client.group_strategic_user", _("Open the score history")
        )
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

    @api.depends_context("uid", "company")
    def _compute_strategic_can_print_consumption(self):
        report = self.env["report.strategic_client.report_consumption"]
        printable = report._printable_from_the_form(self.commercial_partner_id)
        for partner in self:
            partner.strategic_can_print_consumption = partner.commercial_partner_id in printable

    def action_strategic_send_consumption_report(self):
        """Send the report of the last complete semester to these clients now."""
        report = self.env["report.strategic_client.report_consumption"]
        semester = report._reference_semester(None)
        report._check_access(self.commercial_partner_id, semester)
        skipped = self.env["strategic.consumption.sent"]._send(self.commercial_partner_id, semester)
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
