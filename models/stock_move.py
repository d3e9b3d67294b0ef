# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""stock.move: new transfers of a strategic client's moves take the urgent priority."""

from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _get_new_picking_values(self):
        """A transfer created for the moves of a strategic client's order, or for moves
        feeding such a transfer (multi-step deliveries), is urgent. The moves then follow
        their transfer's priority (stock.move._compute_priority): in Odoo 19 a priority in
        the procurement values would not survive that compute, so it is set here."""
        values = super()._get_new_picking_values()
        if values.get("priority", "0") < "1" and (
            any(self.sale_line_id.order_id.mapped("strategic_client"))
            or "1" in self.move_dest_ids.mapped("priority")
        ):
            values["priority"] = "1"
        return values
