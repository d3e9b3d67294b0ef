# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    _inherit = "product.template"

    sale_min_qty = fields.Float(
        string="Minimum Sale Quantity",
        digits="Product Unit",
        help="Orders of non-strategic clients must contain at least this quantity of the "
        "product, in its unit of measure (0 = no minimum). Strategic clients may order any "
        "quantity.",
    )

    @api.constrains("sale_min_qty")
    def _check_sale_min_qty(self):
        for template in self.filtered(lambda t: t.sale_min_qty < 0):
            raise ValidationError(
                _(
                    "%(product)s: Minimum Sale Quantity cannot be negative; set 0 for no minimum.",
                    product=template.display_name,
                )
            )
