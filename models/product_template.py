# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""product.template: the minimum sale quantity of a product (waived for strategic
clients)."""

from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    sale_min_qty = fields.Float(
        string="Minimum Sale Quantity",
        digits="Product Unit",
        help="Orders of non-strategic clients must contain at least this quantity of the "
        "product, in its unit of measure (0 = no minimum). Strategic clients may order any "
        "quantity.",
    )

    _sale_min_qty_positive = models.Constraint(
        "CHECK(sale_min_qty >= 0)",
        "Minimum Sale Quantity cannot be negative; set 0 for no minimum.",
    )
