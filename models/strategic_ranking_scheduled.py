# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""strategic.ranking, the scheduled recompute: a large company measured batch by batch,
each batch committed, over as many runs of the job as it takes, then ranked once."""

import logging
import time

from odoo import api, fields, models
from odoo.tools import SQL, split_every

from .strategic_ranking import LOCK_CLASS

_logger = logging.getLogger(__name__)


class StrategicRanking(models.AbstractModel):
    _inherit = "strategic.ranking"

    # clients measured per batch (and committed) by the scheduled recompute
    _batch_size = 2000

    @api.model
    def _recompute_scheduled(self, company):
        """The scheduled recompute of a company. A large one is measured batch by batch, each
        batch committed as it ends; the run stops cleanly when the cron's time is up and the
        next run resumes after the last client done. The list is ranked once, at the end, from
        the stored figures: nobody flips in and out of it while the batches run. The company's
        lock is held, across the commits, until the run ends.

        :return: whether it ran to the end (False: skipped, or to be resumed)
        """
        if not self._try_lock(company, session=True):
            _logger.info("Strategic recompute of %s skipped: another one is running.", company.name)
            return False
        try:
            return self._run_in_batches(company.sudo().with_company(company))
        finally:
            self.env.execute_query(SQL("SELECT pg_advisory_unlock(%s, %s)", LOCK_CLASS, company.id))

    def _run_in_batches(self, company):
        """Measure the clients left in the round, batch by batch, while the cron's time
        lasts, then rank once. Odoo calls a job again and again within its time (10 s, and
        at least 10 calls: ir.cron._run_job): a call made when the time is already up does
        nothing and reports no progress, which ends the job's run, and triggers the next
        run. Each call stays small whatever the number of clients: the Top % cut-offs are
        measured once per round, at its start, stored, and each batch is decided against
        them; the ranking comes last, in a call of its own when the batches used up the time."""
        Partner = self.env["res.partner"].sudo().with_company(company)
        population = self._population(company)
        if len(population) <= self._batch_size and not company.strategic_batch_last_id:
            return self._recompute(company)
        origin = company.strategic_pending_origin or "data"
        todo = population.filtered(lambda p: p.id > company.strategic_batch_last_id)
        if self._cron_time_left() <= 0:
            # nothing done: Odoo ends this run; the next one starts as soon as the cron
            # workers are free (a trigger wakes them up, no wait for their next poll)
            self._commit_progress(0, len(todo) + 1)
            self.env["ir.cron"].browse(self.env.context["cron_id"])._trigger()
            return False
        criteria = self._criteria(company)
        today = fields.Date.context_today(company)
        if not company.strategic_batch_last_id:
            # a new round: the Top % criteria measured once on the whole population, their
            # cut-offs stored for every batch of the round (and the actions on one client)
            measures = self._measure_top_percent(criteria, population, today)
            self._store_top_cutoffs(criteria, measures)
            del measures
        done = 0
        for batch in split_every(self._batch_size, todo.ids):
            batch = Partner.browse(batch)
            self._recompute(company, batch, rank=False, origin=origin)
            company.strategic_batch_last_id = batch.ids[-1]
            done += len(batch)
            # the ranking at the end counts as one more step
            time_left = self._commit_progress(len(batch), len(todo) - done + 1)
            self._log_batch(company, len(batch), len(todo) - done, time_left)
            if time_left <= 0:
                return False  # out of time: the next call or run goes on after this batch
        self._recompute(company, Partner.browse(), origin=origin, top_measures={})
        # the round measured everyone: like a full recompute, it settles the rules' changes
        company.write({"strategic_batch_last_id": 0, "strategic_pending_origin": False})
        time_left = self._commit_progress(1, 0)
        if self.env.context.get("ir_cron_progress_id"):
            _logger.info(
                "Strategic recompute of %s: %d clients ranked, the round is over (%.0f s left "
                "to this run).",
                company.name,
                len(population),
                time_left,
            )
        return True

    def _cron_time_left(self):
        """Seconds left to the current call of the scheduled job (infinite outside a cron)."""
        end = self.env.context.get("cron_end_time")
        return float("inf") if end is None else end - time.monotonic()

    def _log_batch(self, company, size, left, time_left):
        if self.env.context.get("ir_cron_progress_id"):
            _logger.info(
                "Strategic recompute of %s: batch of %d clients measured and committed, %d "
                "left in the round, %.0f s left to this run.",
                company.name,
                size,
                left,
                time_left,
            )

    def _commit_progress(self, processed, remaining):
        """Commit the batches done when running as a scheduled job (elsewhere the caller's
        transaction decides) and return the time left to the job, in seconds."""
        if not self.env.context.get("ir_cron_progress_id"):
            return float("inf")
        return self.env["ir.cron"]._commit_progress(processed, remaining=remaining)
