# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _prepare_procurement_values(self):
        values = super()._prepare_procurement_values()
        if self.order_id.strategic_client:
            # moves, their transfers and the manufacturing orders of a strategic client go
            # first (the star)
            values["priority"] = "1"
        return values
