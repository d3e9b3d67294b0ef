# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""stock.picking: the strategic flag and star on transfers; open deliveries follow a change
of status (strategic.priority.mixin); return reasons."""

from odoo import _, api, fields, models


class StockPicking(models.Model):
    _name = "stock.picking"
    _inherit = ["stock.picking", "strategic.priority.mixin"]

    strategic_return_reason_id = fields.Many2one(
        "strategic.return.reason",
        string="Return Reason",
        copy=False,
        index="btree_not_null",
        help="Chosen in the return wizard: why the client returned the goods.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # a transfer created urgent by anyone but this addon (a user, another module such
        # as OCA's sale_order_priority) has its priority set by hand
        vals_list = [
            dict(vals, priority_set_by_hand=True)
            if vals.get("priority", "0") != "0" and "priority_set_by_hand" not in vals
            else vals
            for vals in vals_list
        ]
        return super().create(vals_list)

    @api.model
    def _strategic_open_domain(self):
        """Open deliveries follow their client's status (strategic.priority.mixin): the
        deliveries, and the first step of a multi-step delivery (the transfer that reserves:
        its moves are the order's)."""
        return [
            "|",
            ("picking_type_code", "=", "outgoing"),
            "&",
            ("picking_type_code", "=", "internal"),
            ("move_ids.sale_line_id", "!=", False),
            ("state", "not in", ("done", "cancel")),
        ]

    @api.model
    def _strategic_priority(self, is_strategic, company):
        # the moves follow their transfer's priority (stock.move._compute_priority)
        return "1" if is_strategic else "0"

    @api.model
    def _strategic_priority_note(self, is_strategic, priority):
        if is_strategic:
            return _("The client became strategic: this delivery is now urgent.")
        return _("The client is no longer strategic: this delivery is back to normal.")

    @api.model
    def _strategic_follow_status(self, partners, company):
        """Open deliveries follow the status; a strategic client's then take their first
        pick of the stock reserved for ordinary deliveries not started."""
        deliveries = super()._strategic_follow_status(partners, company)
        deliveries.filtered("strategic_client")._strategic_first_pick_waiting()
        return deliveries

    def _strategic_first_pick_waiting(self):
        """These strategic deliveries (or first steps of their chains) take back, where
        Odoo would reserve them now, the stock reserved for ordinary deliveries not started
        (stock.move._strategic_first_pick)."""
        moves = self.move_ids
        today = fields.Date.context_today(self)
        moves.filtered(
            lambda m: (
                m.picking_type_id.reservation_method == "at_confirm"
                or (m.reservation_date and m.reservation_date <= today)
            )
        )._strategic_first_pick()
