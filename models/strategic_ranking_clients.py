# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""strategic.ranking, the actions on a few clients (an override saved, a client's
Recompute): only those clients are measured, their Top % criteria decided against the
cut-offs stored by the last full recompute, and each is placed in the stored ranking by
its stored figures; the places of the others move by one in one statement, and those
crossing the cap change status. A few queries whatever the number of clients: the whole
company is measured again by the full recompute (the scheduled job, Recompute now)."""

import math

from odoo import fields, models
from odoo.tools import SQL


class StrategicRanking(models.AbstractModel):
    _inherit = "strategic.ranking"

    # ------------------------------------------------------------------------------------
    # The Top % cut-offs of the last full recompute
    # ------------------------------------------------------------------------------------
    def _store_top_cutoffs(self, criteria, top_measures):
        """Store the cut-offs a full measure of the population found (``top_measures``
        as ``_measure_top_percent`` returns them)."""
        criteria._store_top_cutoffs(
            {criterion_id: cutoff for criterion_id, (_values, cutoff) in top_measures.items()}
        )

    def _stored_top_measures(self, company, criteria, scope, today):
        """The Top % criteria measured for ``scope`` only, with the cut-offs stored by the
        last full recompute. A criterion without one (new, or its rule changed since) is
        measured once for the whole population and its cut-off stored.

        :return: {criterion_id: (values of scope, cut-off value)}
        """
        top = criteria.filtered(lambda c: c.threshold_type == "top_percent")
        cutoffs = top._stored_top_cutoffs()
        missing = top.filtered(lambda c: c.id not in cutoffs)
        if missing:
            measured = self._measure_top_percent(missing, self._population(company), today)
            self._store_top_cutoffs(missing, measured)
            cutoffs.update({cid: cutoff for cid, (_values, cutoff) in measured.items()})
        return {
            criterion.id: (criterion._measure(scope, today), cutoffs[criterion.id])
            for criterion in top
        }

    # ------------------------------------------------------------------------------------
    # The run on a few clients
    # ------------------------------------------------------------------------------------
    def _run_clients(self, company, partners, origin):
        today = fields.Date.context_today(company)
        clients = partners.commercial_partner_id.sorted("id")
        lapsed = self._lapse_overrides(company, today, clients)
        origin = origin or company.strategic_pending_origin or ("override" if lapsed else "data")
        scope = self._population(company, clients)
        criteria = self._criteria(company)
        top_measures = self._stored_top_measures(company, criteria, scope, today)
        measured = self._measure(company, criteria, scope, today, top_measures)
        Partner = self.env["res.partner"].with_context(strategic_recompute=True)
        current = Partner._strategic_read_status(company, clients)
        changes = {}
        for partner_id in clients.ids:
            old, override = current[partner_id]
            if partner_id in measured:
                new = dict(old, **measured[partner_id])
                qualified = self._qualifies(company, new)
                place = self._place(company, partner_id, old, new, override, qualified)
                self._settle(company, new, override, qualified, place)
            else:  # no longer measured: its place is freed
                new = self._leaver_changes(current, clients.browse(partner_id)).get(
                    partner_id, (old, old)
                )[1]
                self._move_others(company, partner_id, old["strategic_rank"], 0)
            if new != old:
                changes[partner_id] = (old, new)
                # the next client is placed among the stored figures of this one
                Partner._strategic_write_status(company, {partner_id: new})
        crossing = self._crossing_the_cap(company)
        Partner._strategic_write_status(
            company, {partner_id: new for partner_id, (_old, new) in crossing.items()}
        )
        changes.update(crossing)
        leavers = clients - scope
        self._record(company, changes, origin, leavers)
        self._risk_pass(
            company, today, set(clients.ids) | set(crossing) | self._last_places(company)
        )

    def _place(self, company, partner_id, old, new, override, qualified):
        """Place the client at its rank among the others' stored figures (0: not ranked)
        and move the others' places by one where it leaves and where it arrives.

        :return: its place"""
        place = 0
        if self._is_ranked(override, qualified):
            place = 1 + self._count_ranked_before(company, partner_id, override, new)
        self._move_others(company, partner_id, old["strategic_rank"], place)
        return place

    def _count_ranked_before(self, company, partner_id, override, figures):
        """How many other clients rank before these figures, from their stored figures
        (the order of ``_rank_key``)."""
        key = str(company.id)
        Partner = self.env["res.partner"]
        Partner.flush_model(
            ["strategic_rank", "strategic_override", "strategic_score", "strategic_invoiced_amount"]
        )
        return self.env.execute_query(
            SQL(
                """
                SELECT count(*) FROM res_partner
                 WHERE (strategic_rank->>%(key)s)::int4 > 0 AND id != %(id)s
                   AND (COALESCE(strategic_override->>%(key)s, 'auto') != 'force_in',
                        -COALESCE((strategic_score->>%(key)s)::float8, 0),
                        -COALESCE((strategic_invoiced_amount->>%(key)s)::float8, 0),
                        id) < (%(not_forced)s, %(score)s, %(invoiced)s, %(id)s)
                """,
                key=key,
                id=partner_id,
                not_forced=override != "force_in",
                score=-figures["strategic_score"],
                invoiced=-figures["strategic_invoiced_amount"],
            )
        )[0][0]

    def _move_others(self, company, partner_id, old_place, new_place):
        """The others' places when a client leaves ``old_place`` and takes ``new_place``
        (0: none): those after the place left move up by one, those from the place taken
        down by one, in one statement."""
        if old_place == new_place:
            return
        Partner = self.env["res.partner"]
        Partner.flush_model(["strategic_rank"])
        self.env.execute_query(
            SQL(
                """
                UPDATE res_partner partner
                   SET strategic_rank = partner.strategic_rank
                       || jsonb_build_object(%(key)s::text, moved.place)
                  FROM (
                        SELECT id, rank,
                               place + (%(new)s > 0 AND place >= %(new)s)::int4 AS place
                          FROM (
                                SELECT id, rank,
                                       rank - (%(old)s > 0 AND rank > %(old)s)::int4 AS place
                                  FROM (
                                        SELECT id, (strategic_rank->>%(key)s)::int4 AS rank
                                          FROM res_partner
                                         WHERE id != %(id)s
                                       ) AS ranked
                                 WHERE rank > 0
                               ) AS left_place
                       ) AS moved
                 WHERE partner.id = moved.id AND moved.place != moved.rank
                """,
                key=str(company.id),
                id=partner_id,
                old=old_place,
                new=new_place,
            )
        )
        Partner.invalidate_model(["strategic_rank"])

    def _crossing_the_cap(self, company):
        """The clients whose place moved across the cap: strategic beyond it, or over the
        cap within it, with their new status from their stored figures.

        :return: {partner_id: (old status, new status)}
        """
        cap = company.strategic_max_clients
        key = str(company.id)
        Partner = self.env["res.partner"]
        Partner.flush_model(["strategic_rank", "strategic_status_reason"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT id FROM res_partner
                 WHERE (strategic_status_reason->>%(key)s = 'strategic'
                        AND %(cap)s > 0 AND (strategic_rank->>%(key)s)::int4 > %(cap)s)
                    OR (strategic_status_reason->>%(key)s = 'over_cap'
                        AND (%(cap)s = 0 OR (strategic_rank->>%(key)s)::int4 <= %(cap)s))
                """,
                key=key,
                cap=cap,
            )
        )
        current = Partner._strategic_read_status(company, Partner.browse(row[0] for row in rows))
        crossing = {}
        for partner_id, (old, override) in current.items():
            new = self._settle(
                company, dict(old), override, old["strategic_qualified"], old["strategic_rank"]
            )
            if new != old:
                crossing[partner_id] = (old, new)
        return crossing

    def _last_places(self, company):
        """The strategic clients in the last places of the cap (and one before), whose
        early warning on their rank may change when the places move by one."""
        cap, margin = company.strategic_max_clients, company.strategic_risk_margin
        if not (cap and margin):
            return set()
        self.env["res.partner"].flush_model(["strategic_rank", "strategic_status_reason"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT id FROM res_partner
                 WHERE strategic_status_reason->>%(key)s = 'strategic'
                   AND (strategic_rank->>%(key)s)::int4 >= %(first)s
                """,
                key=str(company.id),
                first=math.floor(cap * (1 - margin / 100.0)),
            )
        )
        return {row[0] for row in rows}
