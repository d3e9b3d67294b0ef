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

    @api.model
    def _strategic_open_domain(self):
        """Open deliveries follow their client's status (strategic.priority.mixin)."""
        return [("picking_type_code", "=", "outgoing"), ("state", "not in", ("done", "cancel"))]

    @api.model
    def _strategic_priority(self, is_strategic, company):
        # the moves follow their transfer's priority (stock.move._compute_priority)
        return "1" if is_strategic else "0"

    @api.model
    def _strategic_priority_note(self, is_strategic, priority):
        if is_strategic:
            return _("The client became strategic: this delivery is now urgent.")
        return _("The client is no longer strategic: this delivery is back to normal.")
