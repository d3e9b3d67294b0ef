# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""stock.return.picking: the return reason chosen in Odoo's return wizard."""

from odoo import fields, models


class StockReturnPicking(models.TransientModel):
    _inherit = "stock.return.picking"

    strategic_return_reason_id = fields.Many2one(
        "strategic.return.reason",
        string="Return Reason",
        help="Why the client returns the goods; some reasons count as unjustified returns.",
    )

    def _prepare_picking_default_values_based_on(self, picking):
        values = super()._prepare_picking_default_values_based_on(picking)
        if self.strategic_return_reason_id:
            values["strategic_return_reason_id"] = self.strategic_return_reason_id.id
        return values
