# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The recompute of a company's strategic clients, as one service (strategic.ranking):
lock, measure, decide (with the reason), rank, persist, demote those who left, batches.

The company's button and cron, a client's Recompute and a change of override all call
``_recompute`` or ``_recompute_scheduled`` (strategic_ranking_scheduled.py); nothing else
decides who is strategic."""

import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL, split_every

_logger = logging.getLogger(__name__)

# advisory lock class of the recompute (the second key is the company)
LOCK_CLASS = 7_410_155


class StrategicRanking(models.AbstractModel):
    _name = "strategic.ranking"
    _description = "Strategic Clients Ranking"

    # clients measured at a time within one transaction (a recompute, a preview): bounds the
    # memory of their score lines and decisions
    _measure_size = 10_000

    # ------------------------------------------------------------------------------------
    # Entry points
    # ------------------------------------------------------------------------------------
    @api.model
    def _recompute(self, company, partners=None, rank=True, origin=None, top_measures=None):
        """Recompute the scores of ``partners`` (commercial partners; default: every client
        measured) and, with ``rank``, the ranking: given clients are placed in the stored
        ranking against the stored Top % cut-offs (strategic_ranking_clients.py), every
        client measured ranks the whole company and stores the cut-offs. Atomic: on failure nothing
        changes. One recompute per company at a time: another one started meanwhile is
        skipped (logged).

        :param origin: what caused it, for the score history ('data', 'criteria',
            'settings', 'override'); default: the company's pending rules change, or 'data'
        :param top_measures: the Top % criteria measured already this run; without it, a
            batch (``rank`` False) is decided against the stored cut-offs
        :return: whether it ran
        """
        if not self._try_lock(company):
            _logger.info("Strategic recompute of %s skipped: another one is running.", company.name)
            return False
        company = company.sudo().with_company(company)
        ranking = self.sudo().with_company(company).with_context(active_test=True)
        memo = ranking.env.cr.cache.setdefault("strategic_invoiced", {})
        try:
            with ranking.env.cr.savepoint():
                if partners and rank and top_measures is None:
                    # a few clients (an override saved, their Recompute): placed in the
                    # stored ranking, the whole company is left to the full recompute
                    ranking._run_clients(company, partners, origin)
                else:
                    ranking._run(company, partners, rank, origin, top_measures)
        finally:
            memo.clear()
        return True

    def _try_lock(self, company, session=False):
        """Take the company's recompute lock: until the end of the transaction, or with
        ``session`` until released (held across the commits of a scheduled run)."""
        function = "pg_try_advisory_lock" if session else "pg_try_advisory_xact_lock"
        return self.env.execute_query(
            SQL("SELECT %s(%s, %s)", SQL(function), LOCK_CLASS, company.id)
        )[0][0]

    # ------------------------------------------------------------------------------------
    # The run: measure -> decide -> rank -> persist
    # ------------------------------------------------------------------------------------
    def _run(self, company, partners, rank, origin, top_measures):
        today = fields.Date.context_today(company)
        lapsed = self._lapse_overrides(company, today)
        origin = origin or company.strategic_pending_origin or ("override" if lapsed else "data")
        population = self._population(company)
        scope = population if partners is None else population & partners.commercial_partner_id
        criteria = self._criteria(company)
        if top_measures is None and not rank:
            # a batch: its clients against the cut-offs stored at the start of the round
            top_measures = self._stored_top_measures(company, criteria, scope, today)
        elif top_measures is None:
            top_measures = self._measure_top_percent(criteria, population, today)
        measured = self._measure(company, criteria, scope, today, top_measures)
        if not rank:
            # a batch of a scheduled run: the figures now, rank and status at the end
            current = self.env["res.partner"]._strategic_read_status(company, scope)
            changes = {
                pid: (current[pid][0], dict(current[pid][0], **measured[pid])) for pid in measured
            }
            self._save(company, changes, origin, leavers=self.env["res.partner"])
            return
        if not partners:  # every client measured: the cut-offs of the actions on one client
            self._store_top_cutoffs(criteria, top_measures)
        leavers = self._leavers(company, population)
        self._rank_and_save(company, population, measured, leavers, origin)
        self._risk_pass(company, today)  # early warning: strategic_ranking_risk.py
        values = {"strategic_last_recompute": fields.Datetime.now()}
        if partners is None:
            values.update(strategic_pending_origin=False, strategic_batch_last_id=0)
        company.write(values)

    @api.model
    def _population(self, company, partners=None):
        """The commercial partners measured: active customers (or forced in) of the company
        (among ``partners`` only, if given)."""
        domain = company._strategic_customer_domain()
        if partners is not None:
            domain = [*domain, ("id", "in", partners.ids)]
        return (
            self.env["res.partner"]
            .sudo()
            .with_company(company)
            .with_context(active_test=True)
            .search(domain, order="id")
        )

    @api.model
    def _criteria(self, company):
        return (
            self.env["strategic.criterion"]
            .sudo()
            .with_context(active_test=True)
            .search([("company_id", "=", company.id)])
        )

    def _lapse_overrides(self, company, today, partners=None):
        """End the overrides whose end date has passed (of ``partners`` only, if given);
        return those partners."""
        expired = self._lapsing_overrides(today, partners)
        if not expired:
            return expired
        expired.write({"strategic_override": "auto"})
        for partner in expired:
            partner = partner.with_context(lang=partner._strategic_reader_lang())
            partner.message_post(
                body=partner.env._(
                    "The override of the strategic status lapsed; the criteria decide again."
                ),
                subtype_xmlid="mail.mt_note",
            )
        return expired

    def _lapsing_overrides(self, today, partners=None):
        """The partners (of ``partners`` only, if given) whose override ends before
        ``today`` (read only)."""
        domain = [
            ("strategic_override", "in", ("force_in", "force_out")),
            ("strategic_override_until", "!=", False),
            ("strategic_override_until", "<", today),
        ]
        if partners is not None:
            domain.append(("id", "in", partners.ids))
        return self.env["res.partner"].with_context(strategic_recompute=True).search(domain)

    def _measure_top_percent(self, criteria, population, today):
        """The Top % criteria measured for the whole population, once per run.

        :return: {criterion_id: (values, cut-off value)}
        """
        measures = {}
        for criterion in criteria.filtered(lambda c: c.threshold_type == "top_percent"):
            values = criterion._measure(population, today)
            measures[criterion.id] = (values, criterion._top_cutoff(values))
        return measures

    def _measure(self, company, criteria, scope, today, top_measures):
        """Measure and decide every criterion for ``scope``, write the score lines, and
        return each client's figures: {partner_id: {status field: value}}.

        Every metric is measured once for all the clients of ``scope`` (one query each,
        reading its tables once), then decided and written ``_measure_size`` clients at a
        time: the memory holds the values of every client (a number per client and
        criterion) but only one batch's decisions and score lines."""
        if not scope:
            return {}
        values = self._measure_values(company, criteria, scope, today, top_measures)
        ScoreLine = self.env["strategic.score.line"]
        measured = {}
        for ids in split_every(self._measure_size, scope.ids):
            figures, decisions = self._decide_figures(criteria, ids, values)
            ScoreLine._write_lines(company, scope.browse(ids), decisions)
            measured.update(figures)
        return measured

    def _measure_values(self, company, criteria, scope, today, top_measures, settings=None):
        """The figures of ``scope`` that queries measure, one query per metric for all its
        clients: each criterion's values and the value to reach (the threshold, or the
        cut-off of a Top % measured already in ``top_measures``), the payment habits and
        who pays well (by the payment settings of ``settings``, default the company), and
        the amount invoiced (the ranking's tie-break).

        :return: {"criteria": {criterion_id: (values, value to reach)}, "habits":
            {partner_id: (days late, overdue)}, "good_payers": set, "invoiced":
            {partner_id: amount}}
        """
        settings = settings or company
        Criterion = self.env["strategic.criterion"]
        year_from = today - relativedelta(months=12) + relativedelta(days=1)
        habits = Criterion._measure_payment_habits(company, scope, year_from, today)
        measures = {}
        for criterion in criteria:
            if criterion.id in top_measures:
                measures[criterion.id] = top_measures[criterion.id]
            else:
                measures[criterion.id] = (criterion._measure(scope, today), criterion.threshold)
        return {
            "criteria": measures,
            "habits": habits,
            "good_payers": {
                partner_id
                for partner_id, (days, overdue) in habits.items()
                if days <= settings.strategic_max_days_late
                and overdue <= settings.strategic_overdue_tolerance
            },
            "invoiced": Criterion._invoiced_amounts(company, scope, year_from, today),
        }

    def _decide_figures(self, criteria, partner_ids, values):
        """Decide every criterion for ``partner_ids`` from the ``values`` measured (as
        ``_measure_values`` returns them, for these clients or more), writing nothing.

        :return: ({partner_id: {status field: value}}, {criterion: _decide's result})
        """
        good_payers, habits, invoiced = values["good_payers"], values["habits"], values["invoiced"]
        decisions = {}
        for criterion in criteria:
            criterion_values, threshold = values["criteria"][criterion.id]
            decisions[criterion] = criterion._decide(
                partner_ids, criterion_values, threshold, good_payers
            )
        possible = sum(criteria.mapped("weight"))
        # plain data from here on: 10,000 clients x N criteria in Python, no recordsets
        ordered = [(criterion.id, criterion.weight, decisions[criterion]) for criterion in criteria]
        measured = {}
        for partner_id in partner_ids:
            met, reached = [], 0.0
            for criterion_id, weight, results in ordered:
                _value, _threshold, _has_value, reaches, payment_ok = results[partner_id]
                if reaches:
                    reached += weight
                    if payment_ok:
                        met.append((criterion_id, weight))
            points = sum(weight for _cid, weight in met)
            days_late, overdue = habits[partner_id]
            measured[partner_id] = {
                "strategic_points": points,
                "strategic_points_possible": possible,
                "strategic_points_reached": reached,
                "strategic_score": round(100.0 * points / possible, 2) if possible else 0.0,
                "strategic_criterion_id": met[0][0] if met else False,
                "strategic_invoiced_amount": invoiced.get(partner_id, 0.0),
                "strategic_days_late": round(days_late, 2),
                "strategic_overdue_amount": overdue,
                "strategic_good_payment": partner_id in good_payers,
            }
        return measured, decisions

    @api.model
    def _leavers(self, company, population):
        """Partners of the company with a status that the recompute no longer measures
        (archived, no longer a customer, forced out while not a customer)."""
        Partner = self.env["res.partner"]
        Partner.flush_model(["strategic_status_reason", "strategic_score", "strategic_rank"])
        key = str(company.id)
        rows = self.env.execute_query(
            SQL(
                """
                SELECT id FROM res_partner
                 WHERE strategic_status_reason->>%(key)s NOT IN ('archived', 'not_customer')
                    OR (strategic_score->>%(key)s)::float8 > 0
                    OR (strategic_rank->>%(key)s)::int4 > 0
                    OR (is_strategic->>%(key)s)::bool
                """,
                key=key,
            )
        )
        # those not measured, in a set: "id != ALL(population)" in SQL compares every row
        # with every client measured, a cost growing as the square of the clients
        measured = set(population.ids)
        return Partner.with_context(active_test=False).browse(
            row[0] for row in rows if row[0] not in measured
        )

    # ------------------------------------------------------------------------------------
    # Decision: qualification, rank under the cap, overrides, the reason
    # ------------------------------------------------------------------------------------
    @api.model
    def _qualifies(self, company, figures):
        """Meets at least one criterion and reaches the minimum score."""
        return bool(figures["strategic_points"]) and (
            figures["strategic_score"] >= company.strategic_min_score
        )

    def _decide_status(self, company, figures, override, qualified, place):
        """The status of one client from its figures, override and place in the ranking.

        :return: (is_strategic, reason)
        """
        cap = company.strategic_max_clients
        if override == "force_in":
            return True, "forced_in"
        if override == "force_out":
            return False, "forced_out"
        if qualified:
            if cap and place > cap:
                return False, "over_cap"
            return True, "strategic"
        possible = figures["strategic_points_possible"]
        reached = figures["strategic_points_reached"]
        if reached > figures["strategic_points"] and not figures["strategic_good_payment"]:
            # with good payment habits it would meet more: is that what keeps it out?
            score_if_paid = 100.0 * reached / possible if possible else 0.0
            if score_if_paid >= company.strategic_min_score:
                return False, "payment"
        if figures["strategic_points"]:
            return False, "below_minimum"
        return False, "no_criterion"

    def _rank_and_save(self, company, population, measured, leavers, origin):
        """Rank every client measured, apply the cap and the overrides, demote those who
        left, and write what changed, with history and a chatter message on every change
        of status."""
        Partner = self.env["res.partner"].with_context(strategic_recompute=True)
        current = Partner._strategic_read_status(company, population | leavers)
        changes = self._rank(company, population, measured, current)
        changes.update(self._leaver_changes(current, leavers))
        self._save(company, changes, origin, leavers)

    def _rank(self, settings, population, measured, current):
        """Rank every client measured and decide its status, writing nothing.

        :param settings: the company, or a new record of it holding a preview's cap and
            minimum score (see strategic.rules.preview)
        :param current: the stored status, as ``_strategic_read_status`` returns it
        :return: {partner_id: (old status, new status)} of the clients whose status changes
        """
        state, ranking = {}, []
        for partner_id in population.ids:
            old, override = current[partner_id]
            new = dict(old, **measured.get(partner_id, {}))
            qualified = self._qualifies(settings, new)
            state[partner_id] = (old, new, override, qualified)
            if self._is_ranked(override, qualified):
                ranking.append(partner_id)
        ranking.sort(key=lambda pid: self._rank_key(state[pid][2], state[pid][1], pid))
        places = {partner_id: index for index, partner_id in enumerate(ranking, start=1)}
        changes = {}
        for partner_id, (old, new, override, qualified) in state.items():
            self._settle(settings, new, override, qualified, places.get(partner_id, 0))
            if new != old:
                changes[partner_id] = (old, new)
        return changes

    @api.model
    def _is_ranked(self, override, qualified):
        """Whether a client takes a place in the ranking (forced in, or qualified and not
        forced out)."""
        return override == "force_in" or (qualified and override != "force_out")

    @api.model
    def _rank_key(self, override, figures, partner_id):
        """The order of the ranking: forced in first, then by score, then by amount
        invoiced, then the oldest client."""
        return (
            override != "force_in",
            -figures["strategic_score"],
            -figures["strategic_invoiced_amount"],
            partner_id,
        )

    def _settle(self, settings, new, override, qualified, place):
        """Complete ``new`` (a client's figures) with the status decided at ``place``
        (0: not ranked)."""
        is_strategic, reason = self._decide_status(settings, new, override, qualified, place)
        new.update(
            is_strategic=is_strategic,
            strategic_qualified=qualified,
            strategic_rank=place,
            strategic_status_reason=reason,
        )
        if reason not in ("strategic", "forced_in", "over_cap"):
            new["strategic_criterion_id"] = False
        return new

    def _leaver_changes(self, current, leavers):
        """The empty status of the clients no longer measured, with why:
        {partner_id: (old status, new status)} of those whose status changes."""
        Partner = self.env["res.partner"]
        changes = {}
        for partner in leavers:
            old, override = current[partner.id]
            reason = (
                "archived"
                if not partner.active
                else "forced_out"
                if override == "force_out"
                else "not_customer"
            )
            new = dict(Partner._strategic_empty_status(), strategic_status_reason=reason)
            if new != old:
                changes[partner.id] = (old, new)
        return changes

    def _save(self, company, changes, origin, leavers):
        Partner = self.env["res.partner"].with_context(strategic_recompute=True)
        Partner._strategic_write_status(company, {pid: new for pid, (_old, new) in changes.items()})
        self._record(company, changes, origin, leavers)

    def _record(self, company, changes, origin, leavers):
        """What follows the status written: history, the lines of those who left, chatter
        and the documents of the clients whose status changed."""
        Partner = self.env["res.partner"].with_context(strategic_recompute=True)
        history, changed_status = [], []
        for partner_id, (old, new) in changes.items():
            status_changed = old["is_strategic"] != new["is_strategic"]
            if status_changed or old["strategic_score"] != new["strategic_score"]:
                history.append((partner_id, new, status_changed))
            if status_changed:
                changed_status.append(partner_id)
        self.env["strategic.score.history"]._insert_rows(company, history, origin)
        if leavers:
            self.env["strategic.score.line"]._delete_lines(company, leavers)
        if changed_status:
            partners = Partner.browse(changed_status)
            partners._strategic_post_status_changes()
            self._on_status_change(company, partners)

    def _on_status_change(self, company, partners):
        """The treatment follows the list: documents show the new status, open deliveries
        and improvement requests take (or leave) the priority of strategic clients."""
        for model in ("sale.order", "stock.picking", "account.move", "project.task"):
            self.env[model]._strategic_refresh(partners, company)
        for model in ("stock.picking", "project.task"):
            self.env[model]._strategic_follow_status(partners, company)
