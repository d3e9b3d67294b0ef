# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""strategic.ranking, the what-if of a rules change: what a full recompute would decide
with criteria and settings not saved, measured and decided by the recompute's own methods
(_measure_values, _decide_figures, _rank, _leaver_changes), writing nothing and taking no
lock: it only reads, so it neither waits for a running recompute nor for another preview."""

from odoo import api, fields, models
from odoo.tools import split_every


class StrategicRanking(models.AbstractModel):
    _inherit = "strategic.ranking"

    @api.model
    def _simulate(self, company, criteria, settings):
        """What a full recompute of ``company`` would decide with these rules.

        :param criteria: the active criteria, most important first: saved records, or new
            records (``Criterion.new(values, origin=criterion)``) holding unsaved edits
        :param settings: the company, or a new record of it holding unsaved settings
            (minimum score, cap, payment settings)
        :return: (current, changes): {partner_id: (stored status, override)} of the clients
            measured or leaving, and {partner_id: (stored status, status it would get)} of
            those whose status would change
        """
        company = company.sudo().with_company(company)
        ranking = (
            self.sudo()
            .with_company(company)
            .with_context(active_test=True, strategic_cash_days=settings.strategic_cash_days)
        )
        memo = ranking.env.cr.cache.setdefault("strategic_invoiced", {})
        try:
            return ranking._simulate_run(company, criteria.with_env(ranking.env), settings)
        finally:
            memo.clear()

    def _simulate_run(self, company, criteria, settings):
        today = fields.Date.context_today(company)
        population = self._population(company)
        leavers = self._leavers(company, population)
        current = self.env["res.partner"]._strategic_read_status(company, population | leavers)
        # the recompute first ends the overrides that lapsed: here, in memory only
        lapsing = set(self._lapsing_overrides(today).ids)
        simulated = {
            partner_id: (status, "auto" if partner_id in lapsing else override)
            for partner_id, (status, override) in current.items()
        }
        measured = {}
        if population:
            top_measures = self._measure_top_percent(criteria, population, today)
            values = self._measure_values(
                company, criteria, population, today, top_measures, settings
            )
            # decided by batches, as the recompute: the memory holds one batch's decisions
            for ids in split_every(self._measure_size, population.ids):
                figures, _decisions = self._decide_figures(criteria, ids, values)
                measured.update(figures)
        changes = self._rank(settings, population, measured, simulated)
        changes.update(self._leaver_changes(simulated, leavers))
        return current, changes
