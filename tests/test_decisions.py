# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Decisions users can trust: who leaves the list, yes/no criteria, the daily job, forced-out
clients, one recompute at a time within its time limit, and every decision explained
(the score in points, the why of each line and of the status, what caused each change)."""

import time
from contextlib import closing, contextmanager
from datetime import date, datetime, timedelta

from lxml import etree

from odoo import api
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import SQL

from .common import StrategicCommon


@tagged("post_install", "-at_install")
class TestDecisions(StrategicCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.amount = cls._criterion("purchase_amount", 1000, weight=3, benefit="Sales volume")
        cls.prestige = cls._criterion("prestige", 1, weight=1, benefit="Positioning")
        cls.big = cls._customer("Big")
        cls.mid = cls._customer("Mid")
        cls.famous = cls._customer("Famous", strategic_prestige=True)
        cls.nobody = cls._customer("Nobody")
        cls._invoice(cls.big, 5000, date(2026, 2, 1))
        cls._invoice(cls.mid, 2000, date(2026, 2, 1))
        cls._invoice(cls.famous, 100, date(2026, 2, 1))
        cls.Ranking = cls.env["strategic.ranking"]

    def _status_messages(self, partner):
        return partner.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("strategic_client.mt_strategic_status")
        )

    # --- 1. those who leave the measured population lose their status ----------------------
    def test_archived_client_leaves_the_list(self):
        self._recompute()
        self.assertTrue(self.big.is_strategic)
        count = self.company.strategic_count
        self.big.action_archive()
        self._recompute()
        big = self.big.with_context(active_test=False)
        self.assertFalse(big.is_strategic)
        self.assertEqual((big.strategic_rank, big.strategic_score), (0, 0.0))
        self.assertEqual(big.strategic_status_reason, "archived")
        self.assertEqual(big.strategic_status_message, "Not measured: archived.")
        self.assertIn("archived", self._status_messages(big)[0].body)
        self.assertEqual(self.company.strategic_count, count - 1)
        self.assertFalse(self.env["strategic.score.line"].search([("partner_id", "=", big.id)]))

    def test_client_no_longer_customer_leaves_the_list_and_its_deliveries_follow(self):
        self._recompute()
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.company.id)])
        picking = self.env["stock.picking"].create(
            {"partner_id": self.mid.id, "picking_type_id": warehouse.out_type_id.id}
        )
        self.env["stock.picking"]._strategic_follow_status(self.mid, self.company)
        self.assertEqual(picking.priority, "1")
        self.mid.customer_rank = 0
        self._recompute()
        self.assertFalse(self.mid.is_strategic)
        self.assertEqual(self.mid.strategic_status_reason, "not_customer")
        self.assertIn("no longer a customer", self._status_messages(self.mid)[0].body)
        self.assertEqual(picking.priority, "0")

    def test_forced_out_non_customer_leaves_the_list(self):
        prospect = self.env["res.partner"].create({"name": "Prospect", "is_company": True})
        prospect.write({"strategic_override": "force_in", "strategic_override_reason": "Chain"})
        self.assertTrue(prospect.is_strategic)
        prospect.write({"strategic_override": "force_out", "strategic_override_reason": "No"})
        self.assertFalse(prospect.is_strategic)
        self.assertEqual(prospect.strategic_rank, 0)
        self.assertEqual(prospect.strategic_status_reason, "forced_out")

    # --- 2. a yes/no criterion is met only where the answer is yes ---------------------------
    def test_yes_no_criterion_with_threshold_zero_is_met_only_where_yes(self):
        tag = self.env["res.partner.category"].create({"name": "Distributor"})
        self.mid.category_id = tag
        for metric, vals in (
            ("distributor", {"partner_category_ids": [Command.set(tag.ids)]}),
            ("test_client", {}),
            ("prestige", {}),
        ):
            criterion = self.Criterion.create(
                dict({"name": metric, "metric": metric, "company_id": self.company.id}, **vals)
            )
            criterion.threshold = 0
            self._recompute()
            met = self.env["strategic.score.line"].search(
                [("criterion_id", "=", criterion.id), ("met", "=", True)]
            )
            expected = {"distributor": self.mid, "test_client": self.big.browse()}
            self.assertEqual(met.partner_id, expected.get(metric, self.famous), metric)
            criterion.active = False

    def test_clients_without_a_value_never_meet_unless_said_so(self):
        self.amount.threshold = 0
        self._recompute()
        self.assertTrue(self._line(self.big, self.amount).met)
        line = self._line(self.nobody, self.amount)
        self.assertFalse(line.met)
        self.assertEqual(line.explanation, "Nothing invoiced in 12 months, needs $\xa00.00.")
        self.amount.meets_without_value = True
        self._recompute()
        self.assertTrue(self._line(self.nobody, self.amount).met)

    # --- 3. the daily job recomputes a company whose criteria are all archived ---------------
    def test_daily_job_empties_the_list_when_all_criteria_are_archived(self):
        self._recompute()
        self.assertTrue(self.company.strategic_count)
        (self.amount | self.prestige).active = False
        self.env["res.company"]._cron_strategic_recompute()
        self.assertEqual(self.company.strategic_count, 0)
        self.assertEqual(self.big.strategic_status_reason, "no_criterion")

    # --- 5. a forced-out client shows no benefit nor main criterion, and sorts last ---------
    def test_forced_out_client_has_no_benefit_and_sorts_after_the_ranked(self):
        self._recompute()
        self.big.write({"strategic_override": "force_out", "strategic_override_reason": "Dispute"})
        self.assertFalse(self.big.strategic_benefit)
        self.assertFalse(self.big.strategic_criterion_id)
        self.assertTrue(self.mid.strategic_criterion_id)
        arch = self.env.ref("strategic_client.view_partner_strategic_list").arch
        order = etree.fromstring(arch).get("default_order")
        listed = self.env["res.partner"].search(
            [("id", "in", (self.big | self.mid | self.famous).ids)], order=order
        )
        self.assertEqual(listed[-1], self.big)
        self.assertEqual(listed[0].strategic_rank, 1)

    # --- 8. an override while a recompute runs is queued, and the user is told --------------
    def test_override_during_a_recompute_is_queued_and_the_user_told(self):
        cron = self.env.ref("strategic_client.ir_cron_strategic_recompute")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        with closing(self.registry.cursor()) as other_cr:
            # another connection runs a recompute of the company (it holds its lock)
            other_cr.execute(SQL("SELECT pg_try_advisory_lock(7410155, %s)", self.company.id))
            self.assertTrue(other_cr.fetchone()[0])
            self.big.write(
                {"strategic_override": "force_in", "strategic_override_reason": "Key chain"}
            )
            other_cr.execute(SQL("SELECT pg_advisory_unlock(7410155, %s)", self.company.id))
            other_cr.rollback()
        self.assertEqual(self.big.strategic_override, "force_in")
        self.assertFalse(self.big.is_strategic, "applied by the queued recompute, not yet")
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]), triggers + 1
        )
        self.env.cr.precommit.run()  # the notification goes out with the transaction
        notice = self.env["bus.bus"].sudo().search([("message", "ilike", "recompute queued")])
        self.assertIn("simple_notification", notice.message)
        self.assertIn("Big", notice.message)

    def test_scheduled_lock_is_held_across_commits(self):
        with (
            closing(self.registry.cursor()) as first,
            closing(self.registry.cursor()) as second,
        ):
            ranking = api.Environment(first, api.SUPERUSER_ID, {})["strategic.ranking"]
            other = api.Environment(second, api.SUPERUSER_ID, {})["strategic.ranking"]
            company = self.env.ref("base.main_company")
            self.assertTrue(ranking._try_lock(company, session=True))
            first.commit()  # a batch committed: the lock stays
            self.assertFalse(other._try_lock(company))
            second.rollback()
            first.execute(SQL("SELECT pg_advisory_unlock(7410155, %s)", company.id))
            self.assertTrue(other._try_lock(company))
            second.rollback()

    # --- 9. batches within the cron's time, resumed by the next run; measured once ----------
    @contextmanager
    def _cron_run(self, seconds):
        cron = self.env.ref("strategic_client.ir_cron_strategic_recompute")
        with self.enter_registry_test_mode(), self.registry.cursor() as cr:
            env = api.Environment(
                cr,
                api.SUPERUSER_ID,
                {
                    "cron_id": cron.id,
                    "cron_end_time": time.monotonic() + seconds,
                },
            )
            cron, progress = cron.with_env(env)._add_progress()
            yield cron.env, progress

    def _progress(self, env, progress):
        [row] = env["ir.cron.progress"].search_read(
            [("id", "=", progress.id)], ["done", "remaining"]
        )
        return row["done"], row["remaining"]

    def test_scheduled_batches_stop_when_time_is_up_and_resume(self):
        self.patch(type(self.Ranking), "_batch_size", 2)
        population = self.Ranking._population(self.company)
        self.assertEqual(len(population), 4)
        # a call made when the run's time is up (Odoo calls a job at least 10 times) does
        # nothing and reports no progress: Odoo then ends the run and queues the next one
        with self._cron_run(-1) as (env, progress):
            self.assertFalse(env["strategic.ranking"]._recompute_scheduled(self.company))
            self.assertEqual(self._progress(env, progress), (0, 5), "4 clients, then the rank")
            triggers = env["ir.cron.trigger"].search([("cron_id", "=", env.context["cron_id"])])
            self.assertTrue(triggers, "the next run is triggered at once")
        self.env.invalidate_all()
        self.assertEqual(self.company.strategic_batch_last_id, 0)
        # a call started in time whose time runs out during its first batch: that batch is
        # committed, the rest left to the next call
        self.patch(type(self.Ranking), "_cron_time_left", lambda ranking: 1.0)
        with self._cron_run(-1) as (env, progress):
            self.assertFalse(env["strategic.ranking"]._recompute_scheduled(self.company))
            self.assertEqual(self._progress(env, progress), (2, 3))
        self.env.invalidate_all()
        self.assertEqual(self.company.strategic_batch_last_id, population[1].id)
        self.assertFalse(self.big.is_strategic, "ranked only at the end of the round")
        with self._cron_run(-1) as (env, progress):
            # the last batch, then out of time: the ranking is left to a call of its own
            self.assertFalse(env["strategic.ranking"]._recompute_scheduled(self.company))
            self.assertEqual(self._progress(env, progress), (2, 1))
        self.env.invalidate_all()
        self.assertEqual(self.company.strategic_batch_last_id, population[-1].id)
        self.assertFalse(self.big.is_strategic, "ranked only at the end of the round")
        with self._cron_run(3600) as (env, progress):
            self.assertTrue(env["strategic.ranking"]._recompute_scheduled(self.company))
            self.assertEqual(self._progress(env, progress), (1, 0))
        self.env.invalidate_all()
        self.assertEqual(self.company.strategic_batch_last_id, 0)
        self.assertFalse(self.company.strategic_pending_origin, "the round settled the change")
        self.assertTrue(self.big.is_strategic and self.mid.is_strategic)
        self.assertEqual(self._line(self.nobody, self.amount).value, 0.0)

    def test_scheduled_round_of_several_large_companies_ends(self):
        """Each company takes several runs of the job: the company whose round is under
        way resumes first, and one done in this round is not started again, so the round
        of every company ends."""
        self.patch(type(self.Ranking), "_batch_size", 2)
        self.patch(type(self.Ranking), "_cron_time_left", lambda ranking: 1.0)
        second = self.env["res.company"].create({"name": "Second company"})
        self._criterion("prestige", 1, company_id=second.id)
        companies = self.env["res.company"]._strategic_companies_to_recompute()
        self.assertIn(second, companies)
        self.assertGreater(len(self.Ranking._population(second)), 2, "a round of batches")
        cron = self.env.ref("strategic_client.ir_cron_strategic_recompute")
        cron.nextcall = datetime.now() - timedelta(hours=1)  # the daily round is due
        self.env.flush_all()
        for _run in range(30):
            with self._cron_run(-1) as (env, _progress):
                if not env["res.company"]._strategic_companies_due():
                    break
                env["res.company"]._cron_strategic_recompute()
        else:
            self.fail("the round of the companies never ended")
        self.env.invalidate_all()
        self.assertFalse(any(companies.mapped("strategic_batch_last_id")))
        for company in companies:
            self.assertGreaterEqual(company.strategic_last_recompute, cron.nextcall)
        self.assertGreater(self.famous.with_company(second).strategic_points, 0, "measured")
        # a change of the rules after its recompute makes a company due again in the round
        second.strategic_min_score += 1
        self.env.flush_all()
        with self._cron_run(-1) as (env, _progress):
            self.assertEqual(env["res.company"]._strategic_companies_due(), second)
        # and so does an override saved but not applied (queued while a recompute ran)
        second.strategic_min_score -= 1
        second.strategic_pending_origin = False
        self.assertFalse(self.company._strategic_overrides_waiting())
        self.big.with_context(strategic_recompute=True).write(
            {"strategic_override": "force_out", "strategic_override_reason": "Queued"}
        )
        self.assertTrue(self.company._strategic_overrides_waiting())
        self.env.flush_all()
        with self._cron_run(-1) as (env, _progress):
            self.assertEqual(env["res.company"]._strategic_companies_due(), self.company)
        # triggered off schedule (an override queued): every company is due again
        cron.nextcall = datetime.now() + timedelta(hours=23)
        self.env.flush_all()
        with self._cron_run(-1) as (env, _progress):
            self.assertEqual(env["res.company"]._strategic_companies_due(), companies)

    def test_each_metric_measured_once_whatever_the_batches(self):
        """The recompute and the preview decide and write a few clients at a time (memory),
        but measure each metric once for all of them: a query per batch would read the
        tables once per batch."""
        self.company.strategic_risk_margin = 0
        criteria = self.Ranking._criteria(self.company)

        def preview():
            self.Ranking._simulate(self.company, criteria, self.company)

        self.assertEqual(len(self._invoiced_sums(self._recompute)), 1)
        self.assertEqual(len(self._invoiced_sums(preview)), 1)
        self.patch(type(self.Ranking), "_measure_size", 1)
        self.assertEqual(len(self._invoiced_sums(self._recompute)), 1, "4 batches, 1 measure")
        self.assertEqual(len(self._invoiced_sums(preview)), 1, "4 batches, 1 measure")

    def _invoiced_sums(self, run):
        queries = []
        with contextmanager(self._patchExecute)(queries):
            run()
        return [q for q in queries if 'SUM("account_move_line"."balance")' in q]

    def test_invoiced_amount_measured_once_per_recompute(self):
        self._criterion("growth", 20)
        # volume, growth (this period) and the tie-break share one measure; growth's
        # previous period is the other; the early warning measures the volume of the same
        # 12 months a year earlier, for the strategic clients only (off: 2)
        self.assertEqual(len(self._invoiced_sums(self._recompute)), 3)
        self.company.strategic_risk_margin = 0
        self.assertEqual(len(self._invoiced_sums(self._recompute)), 2)

    def test_top_percent_measured_once_per_scheduled_run(self):
        self.amount.write({"threshold_type": "top_percent", "threshold": 50})
        self.patch(type(self.Ranking), "_batch_size", 2)
        sums = self._invoiced_sums(lambda: self.Ranking._recompute_scheduled(self.company))
        # the whole population once at the start of the round (the cut-off stored), then
        # each of the 2 batches (its clients against that cut-off, and the tie-break: one
        # measure), then the early warning's year earlier (the strategic clients meeting
        # it, at the end)
        self.assertEqual(len(sums), 4)
        self.assertTrue(self.amount.top_cutoff_date)
        self.assertEqual(
            (self.big | self.mid).mapped("is_strategic"), [True, True], "top 50 % of 4"
        )

    # --- 10-12. every decision explains itself -----------------------------------------------
    def test_score_reads_as_points_met_out_of_possible(self):
        self._recompute()
        self.assertEqual(self.big.strategic_score_display, "3 of 4 points, 75 %")
        self.assertEqual(self.nobody.strategic_score_display, "0 of 4 points, 0 %")
        self.assertIn(
            "3 of 4 points, 75 %", self.big.strategic_status_message, "the status says it too"
        )

    def test_why_not_sentences_with_units(self):
        self.company.strategic_max_days_late = 15
        self.amount.requires_good_payment = True
        late = self._customer("Late")
        self._invoice(late, 2000, date(2026, 4, 1), payment_days=0)  # 90 days late
        multinational = self._criterion("multinational", 2)
        self._recompute()
        self.assertEqual(
            self._line(late, self.amount).explanation,
            "$\xa02,000.00 invoiced in 12 months, needs $\xa01,000.00, but its payment habits "
            "are not good: 90 days late on average, at most 15 allowed; $\xa02,000.00 overdue, "
            "at most $\xa00.00 allowed.",
        )
        self.assertEqual(
            self._line(self.nobody, self.prestige).explanation, "Not marked as a prestige client."
        )
        self.assertEqual(
            self._line(self.big, multinational).explanation,
            "No country on the client or its addresses, needs 2 countries.",
        )

    def test_status_section_says_why_in_or_out(self):
        self.company.write({"strategic_max_clients": 1, "strategic_min_score": 50})
        self.amount.requires_good_payment = True
        self._invoice(self.famous, 5000, date(2026, 3, 1), payment_days=0)  # unpaid, late
        self._recompute()
        self.assertEqual(
            self.big.strategic_status_message,
            "Strategic: rank 1 of 1 places, main criterion Purchase Amount; 3 of 4 points, 75 %.",
        )
        self.assertEqual(self.mid.strategic_status_reason, "over_cap")
        self.assertEqual(
            self.mid.strategic_status_message,
            "Qualified but over the cap: rank 2, the cap is 1 places; 3 of 4 points, 75 %.",
        )
        self.assertEqual(self.famous.strategic_status_reason, "payment")
        self.assertIn("Kept out by its payment habits:", self.famous.strategic_status_message)
        # what its habits cost it, not "1 of 4 points, 25 %" as if it met little
        self.assertEqual(
            self.famous.strategic_score_display, "1 of 4 points; 3 more without the payment gate"
        )
        self.assertEqual(self.nobody.strategic_status_reason, "no_criterion")
        self.company.strategic_min_score = 80
        self._recompute()
        self.assertEqual(
            self.big.strategic_status_message,
            "Below the minimum score: 3 of 4 points, 75 %, needs 80 %.",
        )
        self.mid.write(
            {
                "strategic_override": "force_in",
                "strategic_override_reason": "Key chain",
                "strategic_override_until": date(2026, 12, 31),
            }
        )
        self.assertEqual(
            self.mid.strategic_status_message,
            f"Strategic, forced in by {self.env.user.name} on 06/30/2026: Key chain "
            "(until 12/31/2026).",
        )
        # the list's filters per reason
        kept_out = self.env["res.partner"].search([("strategic_status_reason", "=", "payment")])
        self.assertEqual(kept_out, self.famous)

    # --- 13. what caused each change of the score history -----------------------------------
    def test_history_says_what_caused_each_change(self):
        History = self.env["strategic.score.history"]
        self._recompute()
        self.assertEqual(set(History.search([]).mapped("origin")), {"criteria"})
        self.assertFalse(self.company.strategic_pending_origin)
        self._invoice(self.famous, 5000, date(2026, 3, 1))
        self._recompute()
        self.assertEqual(History.search([("partner_id", "=", self.famous.id)])[0].origin, "data")
        self.company.strategic_min_score = 80
        self.assertEqual(self.company.strategic_pending_origin, "settings")
        self._recompute()
        self.assertEqual(History.search([("partner_id", "=", self.mid.id)])[0].origin, "settings")
        self.nobody.write({"strategic_override": "force_in", "strategic_override_reason": "x"})
        self.assertEqual(
            History.search([("partner_id", "=", self.nobody.id)])[0].origin, "override"
        )
        self.prestige.threshold = 2
        self.assertEqual(self.company.strategic_pending_origin, "criteria")
