# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""stock.move: new transfers of a strategic client's moves take the urgent priority; the
first pick of short stock (a strategic delivery takes back the stock reserved for ordinary
deliveries nobody has started)."""

from collections import defaultdict

from markupsafe import Markup

from odoo import _, models
from odoo.fields import Domain
from odoo.tools import SQL, formatLang


class StockMove(models.Model):
    _inherit = "stock.move"

    # ------------------------------------------------------------------------------------
    # The star
    # ------------------------------------------------------------------------------------
    def _get_new_picking_values(self):
        """A transfer created for the moves of a strategic client's order, or for moves
        feeding such a transfer (multi-step deliveries), is urgent. The moves then follow
        their transfer's priority (stock.move._compute_priority): in Odoo 19 a priority in
        the procurement values would not survive that compute, so it is set here. Other
        urgent chains (an urgent manufacturing order without a client) are left to Odoo."""
        values = super()._get_new_picking_values()
        if values.get("priority", "0") < "1" and (
            any(self.sale_line_id.order_id.mapped("strategic_client"))
            or self._strategic_feeds_strategic_transfer()
        ):
            values.update(priority="1", priority_set_by_hand=False)
        return values

    def _strategic_feeds_strategic_transfer(self):
        """Whether these moves feed, directly or through other steps, an urgent transfer of
        a strategic client."""
        dests = self.move_dest_ids.filtered(lambda m: m.priority == "1")
        return bool(dests) and (
            any(dests.picking_id.mapped("strategic_client"))
            or dests._strategic_feeds_strategic_transfer()
        )

    # ------------------------------------------------------------------------------------
    # First pick of short stock
    # ------------------------------------------------------------------------------------
    def _action_assign(self, force_qty=False):
        first_pick = not force_qty and not self.env.context.get("strategic_first_pick")
        if first_pick:
            self._strategic_lock_stock()
        result = super()._action_assign(force_qty=force_qty)
        if first_pick:
            self._strategic_first_pick()
        return result

    def _strategic_lock_stock(self):
        """Lock the stock these moves would reserve, waiting for other transactions holding it.

        Odoo reserves on a new quant when the quant it wants is locked by another transaction
        (stock.quant._update_available_quantity skips locked rows): two reservations at once
        could then both hold the same free units, which the first pick (taking stock back
        while another transaction reserves it) makes likelier. Waiting for the lock instead,
        the second transaction sees the first's work, or fails with a serialization error
        and is run again by Odoo (a request's retry), on what is left. Only in companies
        where strategic clients take stock back: one query."""
        moves = self.filtered(
            lambda m: (
                m.state in ("confirmed", "waiting", "partially_available")
                and m.product_id.is_storable
                and m.company_id.strategic_first_pick
                and not m._should_bypass_reservation()
            )
        )
        if not moves:
            return
        self.env["stock.quant"].flush_model(["product_id", "location_id"])
        self.env.execute_query(
            SQL(
                """SELECT quant.id FROM stock_quant quant
                     JOIN stock_location location ON location.id = quant.location_id
                    WHERE quant.product_id = ANY(%s) AND location.parent_path LIKE ANY(%s)
                 ORDER BY quant.id
                      FOR NO KEY UPDATE OF quant""",
                moves.product_id.ids,
                [f"{path}%" for path in set(moves.location_id.mapped("parent_path"))],
            )
        )

    def _strategic_first_pick(self):
        """The strategic moves of ``self`` that Odoo could not reserve in full take back the
        stock reserved for ordinary deliveries nobody has started: those are unreserved,
        the strategic moves reserved, the ordinary ones reserved again with what is left,
        all by Odoo's own reservation; both sides say so in their chatter.

        :return: the moves that gave stock (possibly none)
        """
        takers = self._strategic_short_takers()
        if not takers:
            return self.browse()
        candidates = self.search(takers._strategic_givers_domain(), order="date desc, id desc")
        givers = takers._strategic_choose_givers(candidates)
        if not givers:
            return givers
        moves = (takers | givers).with_context(strategic_first_pick=True)
        held_before = moves._strategic_held()
        givers.with_context(strategic_first_pick=True)._do_unreserve()
        takers.with_context(strategic_first_pick=True)._action_assign()
        # the ordinary deliveries take what is left, the one needed soonest first
        givers.sorted(lambda m: (m.date, m.id)).with_context(
            strategic_first_pick=True
        )._action_assign()
        held_after = moves._strategic_held()
        self._strategic_post_first_pick(takers, givers, held_before, held_after)
        return givers

    def _strategic_short_takers(self):
        """The moves of ``self`` that take back stock: urgent moves of a strategic client's
        transfer that reserve from stock (a delivery, or the first step of its chain),
        still short after Odoo's reservation, in a company that wants it."""
        return self.filtered(
            lambda m: (
                m.state in ("confirmed", "partially_available")
                and not m.picked
                and not m.move_orig_ids
                and m.procure_method == "make_to_stock"
                and m.picking_id.priority == "1"
                and m.picking_id.strategic_client
                and m.product_id.is_storable
                and m.company_id.strategic_first_pick
                and not m._should_bypass_reservation()
            )
        )

    def _strategic_givers_domain(self):
        """The moves that may give stock to the moves of ``self``: reserved moves, from stock,
        of ordinary clients' deliveries (or the first step of their chain) of the same
        products, companies and warehouses, that nobody has started (nothing picked, picking
        list not printed, in no batch or wave), whose priority is the normal one this addon
        leaves (an urgency set by hand or by another module, or a priority set by hand,
        keeps the stock)."""
        domain = Domain(
            [
                ("id", "not in", self.ids),
                ("product_id", "in", self.product_id.ids),
                ("company_id", "in", self.company_id.ids),
                ("location_id.warehouse_id", "in", self.location_id.warehouse_id.ids),
                ("state", "in", ("assigned", "partially_available")),
                ("picked", "=", False),
                ("move_orig_ids", "=", False),
                ("picking_id.printed", "=", False),
                ("picking_id.priority", "=", "0"),
                ("picking_id.priority_set_by_hand", "=", False),
                ("picking_id.strategic_client", "=", False),
            ]
        ) & (
            Domain("picking_id.picking_type_id.code", "=", "outgoing")
            | Domain("sale_line_id", "!=", False)
        )
        if "batch_id" in self.env["stock.picking"]._fields:  # stock_picking_batch
            domain &= Domain("picking_id.batch_id", "=", False)
        return domain

    def _strategic_choose_givers(self, candidates):
        """Among ``candidates`` (needed latest first), those whose reservation covers what
        the moves of ``self`` miss, each taker in Odoo's order of reservation."""
        held = candidates._strategic_held()
        givers = self.browse()
        for taker in self.sorted(lambda m: (-int(m.priority), m.date, m.id)):
            missing = taker.product_qty - taker._strategic_held()[taker]
            rounding = taker.product_id.uom_id.rounding
            for giver in candidates - givers:
                if missing <= rounding / 2:
                    break
                if giver._strategic_may_give_to(taker):
                    givers |= giver
                    missing -= held[giver]
        return givers

    def _strategic_may_give_to(self, taker):
        """Whether this reserved move holds stock that ``taker`` would reserve: the same
        product, company and warehouse, and lines in the taker's source location."""
        self.ensure_one()
        parent_path = taker.location_id.parent_path
        return (
            self.product_id == taker.product_id
            and self.company_id == taker.company_id
            and self.location_id.warehouse_id == taker.location_id.warehouse_id
            and any(
                line.location_id.parent_path.startswith(parent_path) for line in self.move_line_ids
            )
        )

    def _strategic_held(self):
        """{move: quantity reserved, in the product's unit}"""
        return {move: sum(move.move_line_ids.mapped("quantity_product_uom")) for move in self}

    # ------------------------------------------------------------------------------------
    # What happened, in the chatter of both sides
    # ------------------------------------------------------------------------------------
    @staticmethod
    def _strategic_transfers(takers, givers, held_before, held_after):
        """Who gave what to whom: each taker's gain is matched with the givers' losses of the
        same product, in order.

        :return: [(taker, giver, quantity in the product's unit)]
        """
        gains, losses = defaultdict(list), defaultdict(list)
        for taker in takers:
            gains[taker.product_id].append([taker, held_after[taker] - held_before[taker]])
        for giver in givers:
            losses[giver.product_id].append([giver, held_before[giver] - held_after[giver]])
        transfers = []
        for product, product_gains in gains.items():
            rounding = product.uom_id.rounding
            product_losses = [loss for loss in losses[product] if loss[1] > rounding / 2]
            for gain in product_gains:
                while gain[1] > rounding / 2 and product_losses:
                    loss = product_losses[0]
                    quantity = min(gain[1], loss[1])
                    transfers.append((gain[0], loss[0], quantity))
                    gain[1] -= quantity
                    loss[1] -= quantity
                    if loss[1] <= rounding / 2:
                        product_losses.pop(0)
        return transfers

    def _strategic_post_first_pick(self, takers, givers, held_before, held_after):
        """Post the notes on both sides, in the language of the user who caused it (the
        reservation may run in the client's: Odoo's procurement of an order)."""
        notes = self.with_context(lang=self.env.user.lang)._strategic_first_pick_notes(
            self._strategic_transfers(takers, givers, held_before, held_after), held_after
        )
        for picking, lines in notes.items():
            body = (
                Markup("").join(Markup("<p>%s</p>") % line for line in lines)
                if len(lines) > 1
                else lines[0]
            )
            picking.message_post(body=body, message_type="comment", subtype_xmlid="mail.mt_note")

    def _strategic_first_pick_notes(self, transfers, held_after):
        """:return: {transfer: [its notes]}, in the language of ``self``'s environment"""
        notes = defaultdict(list)
        for taker, giver, quantity in transfers:
            product = taker.product_id.with_env(self.env)
            values = {
                "quantity": self._strategic_format_quantity(quantity),
                "unit": product.uom_id.name,
                "product": product.display_name,
            }
            notes[giver.picking_id].append(
                _(
                    "%(quantity)s %(unit)s of %(product)s went to %(delivery)s of %(client)s, "
                    "a strategic client; this delivery now holds %(held)s of %(needed)s.",
                    **values,
                    delivery=taker.picking_id.name,
                    client=taker.picking_id.partner_id.commercial_partner_id.display_name,
                    held=self._strategic_format_quantity(held_after[giver]),
                    needed=self._strategic_format_quantity(giver.product_qty),
                )
            )
            notes[taker.picking_id].append(
                _(
                    "%(quantity)s %(unit)s of %(product)s taken from %(delivery)s of "
                    "%(client)s, reserved for an ordinary client and not started; this "
                    "strategic delivery now holds %(held)s of %(needed)s.",
                    **values,
                    delivery=giver.picking_id.name,
                    client=giver.picking_id.partner_id.commercial_partner_id.display_name
                    or _("no client"),
                    held=self._strategic_format_quantity(held_after[taker]),
                    needed=self._strategic_format_quantity(taker.product_qty),
                )
            )
        return notes

    def _strategic_format_quantity(self, quantity):
        """A quantity as users read it: no decimals when it is whole."""
        digits = 0 if round(quantity, 6) == int(round(quantity, 6)) else None
        if digits == 0:
            return formatLang(self.env, quantity, digits=0)
        return formatLang(self.env, quantity, dp="Product Unit")
