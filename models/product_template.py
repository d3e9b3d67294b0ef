# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# what users type into the addon's product fields (checked before writing)
PRODUCT_INPUTS = ("sale_min_qty",)


class ProductTemplate(models.Model):
    _name = "product.template"
    _inherit = ["product.template", "strategic.input.guard"]
    _strategic_checked_fields = PRODUCT_INPUTS

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


class ProductProduct(models.Model):
    # the template's fields written on a variant are converted on the variant first
    _name = "product.product"
    _inherit = ["product.product", "strategic.input.guard"]
    _strategic_checked_fields = PRODUCT_INPUTS
