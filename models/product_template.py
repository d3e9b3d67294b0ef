# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .strategic_input_guard import check_vals_type, check_values

# what users type into the addon's product fields (checked before writing)
PRODUCT_INPUTS = ("sale_min_qty",)


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

    @api.model_create_multi
    def create(self, vals_list):  # also reached from product.product
        if not isinstance(vals_list, (list, tuple)):
            check_vals_type(self, vals_list)
        for vals in vals_list:
            check_values(self, vals, PRODUCT_INPUTS)
        return super().create(vals_list)

    def write(self, vals):
        check_values(self, vals, PRODUCT_INPUTS)
        return super().write(vals)


class ProductProduct(models.Model):
    _inherit = "product.product"

    # the template's fields written on a variant are converted on the variant first
    @api.model_create_multi
    def create(self, vals_list):
        if not isinstance(vals_list, (list, tuple)):
            check_vals_type(self, vals_list)
        for vals in vals_list:
            check_values(self, vals, PRODUCT_INPUTS)
        return super().create(vals_list)

    def write(self, vals):
        check_values(self, vals, PRODUCT_INPUTS)
        return super().write(vals)
