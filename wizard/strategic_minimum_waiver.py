# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""strategic.minimum.waiver: confirm an order below the minimums with a reason (users who
may waive them)."""

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class StrategicMinimumWaiver(models.TransientModel):
    _name = "strategic.minimum.waiver"
    _description = "Confirm orders below the sales minimums"

    order_ids = fields.Many2many("sale.order", string="Orders", required=True)
    breaches = fields.Text(compute="_compute_breaches")
    reason = fields.Text(required=True, help="Why these orders may go below the minimums.")

    @api.depends("order_ids")
    def _compute_breaches(self):
        for wizard in self:
            breaches = wizard.order_ids._strategic_breaches()
            wizard.breaches = "\n".join(
                f"{order.name}: {'; '.join(items)}" for order, items in breaches.items()
            )

    def action_confirm(self):
        self.ensure_one()
        if not (self.reason or "").strip():
            raise UserError(_("Reason: write why these orders may go below the minimums."))
        self.order_ids.with_context(strategic_waiver_reason=self.reason.strip()).action_confirm()
        return {"type": "ir.actions.act_window_close"}
