# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""res.config.settings: the Strategic Clients block of the settings (the company's fields)
and its buttons."""

from odoo import _, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    strategic_min_score = fields.Float(related="company_id.strategic_min_score", readonly=False)
    strategic_max_clients = fields.Integer(
        related="company_id.strategic_max_clients", readonly=False
    )
    strategic_max_days_late = fields.Integer(
        related="company_id.strategic_max_days_late", readonly=False
    )
    strategic_overdue_tolerance = fields.Monetary(
        related="company_id.strategic_overdue_tolerance", readonly=False
    )
    strategic_risk_margin = fields.Float(related="company_id.strategic_risk_margin", readonly=False)
    strategic_cash_days = fields.Integer(related="company_id.strategic_cash_days", readonly=False)
    sale_min_order_amount = fields.Monetary(
        related="company_id.sale_min_order_amount", readonly=False
    )
    strategic_first_pick = fields.Boolean(related="company_id.strategic_first_pick", readonly=False)
    strategic_monitoring_months = fields.Integer(
        related="company_id.strategic_monitoring_months", readonly=False
    )
    strategic_visit_days = fields.Integer(related="company_id.strategic_visit_days", readonly=False)
    strategic_profile_review_months = fields.Integer(
        related="company_id.strategic_profile_review_months", readonly=False
    )
    strategic_birthday_days = fields.Integer(
        related="company_id.strategic_birthday_days", readonly=False
    )
    strategic_roi_months = fields.Integer(related="company_id.strategic_roi_months", readonly=False)
    strategic_min_roi = fields.Float(related="company_id.strategic_min_roi", readonly=False)
    strategic_task_priority = fields.Selection(
        related="company_id.strategic_task_priority", readonly=False
    )
    strategic_count = fields.Integer(related="company_id.strategic_count")
    strategic_last_recompute = fields.Datetime(related="company_id.strategic_last_recompute")

    def action_strategic_recompute(self):
        self.env["res.users"]._strategic_check_group(
            "strategic_client.group_strategic_manager", _("Recompute the strategic clients")
        )
        self.ensure_one()
        return self.company_id.action_strategic_recompute()

    def action_strategic_open_settings_history(self):
        """The company's form: its chatter records who changed the settings that decide
        (minimum score, cap, payment habits), when, from what to what."""
        self.ensure_one()
        self.env["res.users"]._strategic_check_group(
            "strategic_client.group_strategic_manager",
            _("Open the history of the strategic settings"),
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.company_id.display_name,
            "res_model": "res.company",
            "res_id": self.company_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
