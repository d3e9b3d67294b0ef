# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""sale.order: the strategic flag on orders, the minimum order amount and quantities (waived
for strategic clients, or by a reason), and the dispatch priority of confirmed orders."""

from collections import defaultdict

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare, format_amount, formatLang


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "strategic.document.mixin"]

    strategic_minimum_warning = fields.Text(
        compute="_compute_strategic_minimum_warning",
        help="The sales minimums this quotation does not reach.",
        groups="base.group_user",
    )

    strategic_confirm_by_waiver = fields.Boolean(
        compute="_compute_strategic_confirm_by_waiver",
        help="Below the minimums for a non-strategic client, and the user may waive them: "
        "the order is confirmed with Confirm below minimums, never the plain Confirm.",
    )

    @api.depends(
        "order_line.product_id",
        "order_line.product_uom_qty",
        "order_line.product_uom_id",
        "amount_untaxed",
        "currency_id",
        "strategic_client",
    )
    def _compute_strategic_minimum_warning(self):
        breaches = self.filtered(lambda o: o.state in ("draft", "sent"))._strategic_breaches()
        for order in self:
            order.strategic_minimum_warning = "\n".join(breaches.get(order, [])) or False

    @api.depends("strategic_minimum_warning", "strategic_client")
    @api.depends_context("uid")
    def _compute_strategic_confirm_by_waiver(self):
        can_waive = self.env.user.has_group("strategic_client.group_waive_minimums")
        for order in self:
            order.strategic_confirm_by_waiver = (
                can_waive and bool(order.strategic_minimum_warning) and not order.strategic_client
            )

    # ------------------------------------------------------------------------------------
    # Minimums: waived for strategic clients
    # ------------------------------------------------------------------------------------
    def _strategic_breaches(self):
        """The sales minimums each order does not reach.

        :return: {order: [description of each breach]}, orders reaching them absent
        """
        result = {}
        for order in self:
            breaches = order._strategic_amount_breach() + order._strategic_quantity_breaches()
            if breaches:
                result[order] = breaches
        return result

    def _strategic_amount_breach(self):
        self.ensure_one()
        company = self.company_id
        minimum = company.sale_min_order_amount
        if not minimum:
            return []
        amount = self.currency_id._convert(
            self.amount_untaxed,
            company.currency_id,
            company,
            self.date_order or fields.Date.context_today(self),
        )
        if company.currency_id.compare_amounts(amount, minimum) >= 0:
            return []
        return [
            _(
                "Untaxed amount %(amount)s, minimum %(minimum)s",
                amount=format_amount(self.env, amount, company.currency_id),
                minimum=format_amount(self.env, minimum, company.currency_id),
            )
        ]

    def _strategic_quantity_breaches(self):
        self.ensure_one()
        quantities = defaultdict(float)
        for line in self.order_line:
            product = line.product_id
            if line.display_type or not product.sale_min_qty:
                continue
            quantities[product] += line.product_uom_id._compute_quantity(
                line.product_uom_qty, product.uom_id, round=False
            )
        return [
            _(
                "%(product)s: %(quantity)s %(unit)s, minimum %(minimum)s %(unit)s",
                product=product.display_name,
                quantity=formatLang(self.env, quantity, dp="Product Unit"),
                minimum=formatLang(self.env, product.sale_min_qty, dp="Product Unit"),
                unit=product.uom_id.name,
            )
            for product, quantity in quantities.items()
            if float_compare(
                quantity, product.sale_min_qty, precision_rounding=product.uom_id.rounding
            )
            < 0
        ]

    def action_confirm(self):
        breaches = self._strategic_breaches()
        blocked = {order: b for order, b in breaches.items() if not order.strategic_client}
        waiver_reason = self.env.context.get("strategic_waiver_reason")
        # a reason is text with something in it; anything else is no reason
        waiver_reason = waiver_reason.strip() if isinstance(waiver_reason, str) else False
        if blocked and not waiver_reason:
            raise UserError(self._strategic_blocked_message(blocked))
        if blocked and not self.env.user.has_group("strategic_client.group_waive_minimums"):
            raise AccessError(
                _("Only users who can waive sales minimums may confirm these orders.")
            )
        result = super().action_confirm()
        for order, order_breaches in breaches.items():
            order._strategic_log_waiver(order_breaches, waiver_reason)
        return result

    @api.model
    def _strategic_blocked_message(self, blocked):
        parts = [
            _("%(order)s does not reach the sales minimums:", order=order.name)
            + "".join(f"\n- {breach}" for breach in breaches)
            for order, breaches in blocked.items()
        ]
        return "\n\n".join(
            parts
            + [
                _(
                    "Add to the order, or ask a user who can waive sales minimums to confirm "
                    "it with a reason (Confirm below minimums)."
                )
            ]
        )

    def _strategic_log_waiver(self, breaches, reason):
        self.ensure_one()
        items = Markup("").join(Markup("<li>%s</li>") % breach for breach in breaches)
        if self.strategic_client:
            intro = _(
                "Sales minimums waived for a strategic client (%(benefit)s):",
                benefit=self.strategic_benefit or _("strategic client"),
            )
        else:
            intro = _(
                "Sales minimums waived by %(user)s: %(reason)s",
                user=self.env.user.name,
                reason=reason,
            )
        self.message_post(body=Markup("%s<ul>%s</ul>") % (intro, items))

    def action_strategic_waive_minimums(self):
        self.env["res.users"]._strategic_check_group(
            "strategic_client.group_waive_minimums", _("Confirm below minimums")
        )
        return {
            "type": "ir.actions.act_window",
            "name": _("Confirm below minimums"),
            "res_model": "strategic.minimum.waiver",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_ids": self.ids},
        }

    # ------------------------------------------------------------------------------------
    # Priority in manufacturing (where MRP is installed)
    # ------------------------------------------------------------------------------------
    def _action_confirm(self):
        result = super()._action_confirm()
        strategic = self.filtered("strategic_client")
        if strategic and "mrp.production" in self.env:
            productions = self.env["mrp.production"].search(
                [
                    ("reference_ids", "in", strategic.stock_reference_ids.ids),
                    ("state", "not in", ("done", "cancel")),
                    ("priority", "=", "0"),
                ]
            )
            productions.priority = "1"
        return result
