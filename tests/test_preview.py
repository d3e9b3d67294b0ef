# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The preview of a rules change (strategic.rules.preview): who would enter, leave or
change rank, with the reason in the words of the status section; nothing written by a
preview; Apply saves and recomputes; Discard changes nothing; previews side by side and
during a recompute; a cost that does not grow with the clients; the tour."""

from contextlib import closing
from datetime import date

from odoo import api
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import SQL

from .common import StrategicCommon, TourScreenshots

STATUS_COLUMNS = (
    "is_strategic",
    "strategic_qualified",
    "strategic_status_reason",
    "strategic_score",
    "strategic_rank",
    "strategic_criterion_id",
    "strategic_override",
)


class PreviewCommon(StrategicCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.amount = cls._criterion("purchase_amount", 1000, name="Volume", benefit="Volume")
        cls.prestige = cls._criterion("prestige", 1, name="Fame", benefit="Positioning")
        cls.big = cls._customer("Preview Big")
        cls.mid = cls._customer("Preview Mid")
        cls.famous = cls._customer("Preview Famous", strategic_prestige=True)
        cls.nobody = cls._customer("Preview Nobody")
        cls._invoice(cls.big, 5000, date(2026, 2, 1))
        cls._invoice(cls.mid, 2000, date(2026, 2, 1))
        cls._invoice(cls.famous, 500, date(2026, 2, 1))
        cls.company._strategic_recompute()

    def _wizard(self, **settings):
        return self.env["strategic.rules.preview"].create(settings)

    def _edit(self, wizard, criterion, **values):
        line = wizard.criterion_ids.filtered(lambda line: line.criterion_id == criterion)
        line.write(values)
        return line

    def _results(self, wizard):
        return {
            line.partner_id: (line.movement, line.rank_now, line.rank_after)
            for line in wizard.line_ids
        }


@tagged("post_install", "-at_install")
class TestPreview(PreviewCommon):
    def test_preview_shows_who_enters_leaves_and_changes_rank_with_the_reason(self):
        # now: three clients with 1 of 2 points each, ranked by invoiced amount
        self.assertEqual(
            [self.big.strategic_rank, self.mid.strategic_rank, self.famous.strategic_rank],
            [1, 2, 3],
        )
        wizard = self._wizard(strategic_max_clients=2)
        self.assertEqual(wizard.strategic_min_score, 10)
        self.assertEqual(wizard.criterion_ids.criterion_id, self.amount | self.prestige)
        self._edit(wizard, self.amount, threshold=3000)
        wizard.criterion_ids = [
            Command.create(
                {
                    "name": "Named one",
                    "metric": "domain",
                    "threshold": 1,
                    "domain": f"[('id', '=', {self.nobody.id})]",
                }
            )
        ]
        wizard.action_preview()
        self.assertEqual(
            self._results(wizard),
            {
                self.big: ("stay", 1, 1),
                self.mid: ("leave", 2, 0),
                self.famous: ("rank", 3, 2),
                self.nobody: ("rank", 0, 3),
            },
        )
        self.assertEqual(
            (wizard.count_now, wizard.count_after, wizard.enter_count, wizard.leave_count),
            (3, 2, 0, 1),
        )
        self.assertEqual(
            wizard.summary,
            "Strategic clients: 2 after the change (at most 2 places), 3 now. "
            "Would enter: 0; would leave: 1; would change rank: 2.",
        )
        lines = {line.partner_id: line for line in wizard.line_ids}
        self.assertEqual(
            lines[self.mid].why_now,
            "Strategic: rank 2 (no cap), main criterion Volume; 1 of 2 points, 50 %.",
        )
        self.assertEqual(lines[self.mid].why_after, "Meets no criterion (0 of 3 points, 0 %).")
        self.assertEqual(
            lines[self.famous].why_after,
            "Strategic: rank 2 of 2 places, main criterion Fame; 1 of 3 points, 33 %.",
        )
        self.assertEqual(
            lines[self.nobody].why_after,
            "Qualified but over the cap: rank 3, the cap is 2 places; 1 of 3 points, 33 %.",
        )
        # a client entering: archive the volume criterion, lower nothing else
        wizard.criterion_ids.filtered(
            lambda line: line.name == "Named one"
        ).criterion_active = False
        self._edit(wizard, self.amount, criterion_active=False)
        self._edit(wizard, self.prestige, threshold=1)
        wizard.strategic_max_clients = 0
        wizard.action_preview()
        self.assertEqual(
            self._results(wizard),
            {
                self.big: ("leave", 1, 0),
                self.mid: ("leave", 2, 0),
                self.famous: ("rank", 3, 1),
            },
        )
        wizard.criterion_ids.filtered(lambda line: line.name == "Named one").criterion_active = True
        wizard.action_preview()
        self.assertEqual(self._results(wizard)[self.nobody], ("enter", 0, 2))
        self.assertEqual(
            wizard.line_ids.filtered(lambda line: line.partner_id == self.nobody).why_after,
            "Strategic: rank 2 (no cap), main criterion Named one; 1 of 2 points, 50 %.",
        )

    def test_payment_settings_are_previewed(self):
        late = self._customer("Preview Late Payer")
        invoice = self._invoice(late, 8000, date(2026, 2, 1), payment_days=0)
        self._pay(invoice, date(2026, 2, 21))  # 20 days after the due date and the invoice
        self.amount.requires_good_payment = True
        cash = self._criterion("cash_payment", 80, name="Cash", weight=1)
        self.company._strategic_recompute()
        self.assertEqual(late.strategic_status_reason, "payment")
        self.assertFalse(self._line(late, cash).met)
        # 30 days late allowed: the volume criterion counts; cash within 30 days: cash too
        wizard = self._wizard(strategic_max_days_late=30, strategic_cash_days=30)
        wizard.action_preview()
        line = wizard.line_ids.filtered(lambda line: line.partner_id == late)
        self.assertEqual((line.movement, line.rank_after, line.score_after), ("enter", 1, 66.67))
        self.assertEqual(
            line.why_after,
            "Strategic: rank 1 (no cap), main criterion Volume; 2 of 3 points, 67 %.",
        )
        self.assertIn("Kept out by its payment habits: 20 days late", line.why_now)
        wizard.action_apply()
        self.assertEqual((late.is_strategic, late.strategic_score), (True, 66.67))

    def test_preview_writes_nothing(self):
        wizard = self._wizard(strategic_max_clients=1, strategic_min_score=60)
        self._edit(wizard, self.amount, threshold=3000, weight=2)
        self._edit(wizard, self.prestige, criterion_active=False)
        wizard.criterion_ids = [Command.create({"name": "New", "metric": "prestige"})]
        self.env.flush_all()

        def snapshot():
            self.env.flush_all()
            self.env.cr.precommit.run()  # tracking is written at the end of the transaction
            tables = {
                table: self.env.execute_query(SQL("SELECT * FROM %s ORDER BY id", SQL(table)))
                for table in (
                    "strategic_score_line",
                    "strategic_score_history",
                    "strategic_criterion",
                    "mail_message",
                    "mail_tracking_value",
                    "res_company",
                )
            }
            tables["res_partner"] = self.env.execute_query(
                SQL(
                    "SELECT id, %s, write_date FROM res_partner ORDER BY id",
                    SQL(", ").join(SQL.identifier(column) for column in STATUS_COLUMNS),
                )
            )
            return tables

        before = snapshot()
        self.assertTrue(before["strategic_score_line"])
        wizard.action_preview()
        self.assertTrue(wizard.line_ids)
        after = snapshot()
        for table, rows in before.items():
            self.assertEqual(after[table], rows, f"{table} changed")

    def test_apply_saves_and_recomputes_as_previewed(self):
        wizard = self._wizard(strategic_max_clients=2)
        self._edit(wizard, self.amount, threshold=3000)
        wizard.action_preview()
        previewed = {
            line.partner_id: (line.strategic_after, line.rank_after, line.why_after)
            for line in wizard.line_ids
        }
        history = self.env["strategic.score.history"].search_count([])
        action = wizard.with_context(tracking_disable=False, mail_notrack=False).action_apply()
        self.assertIn("recomputed: 2 strategic (cap 2)", action["params"]["message"])
        self.assertEqual(self.amount.threshold, 3000)
        self.assertEqual(self.company.strategic_max_clients, 2)
        # tracked as any change of the criterion
        self.env.cr.precommit.run()
        self.assertIn(3000.0, self.amount.message_ids.tracking_value_ids.mapped("new_value_float"))
        for partner, (strategic, rank, why) in previewed.items():
            self.assertEqual(
                (partner.is_strategic, partner.strategic_rank, partner.strategic_status_message),
                (strategic, rank, why),
            )
        self.assertGreater(self.env["strategic.score.history"].search_count([]), history)
        self.assertFalse(self.company.strategic_pending_origin)

    def test_preview_measured_by_batches_lists_as_in_one_go(self):
        def listed():
            wizard = self._wizard(strategic_max_clients=2)
            self._edit(wizard, self.amount, threshold=3000)
            wizard.action_preview()
            return sorted(
                (line.partner_id.id, line.strategic_after, line.rank_after, line.why_after)
                for line in wizard.line_ids
            )

        in_one_go = listed()
        self.assertTrue(in_one_go)
        self.patch(type(self.env["strategic.ranking"]), "_measure_size", 1)
        self.assertEqual(listed(), in_one_go)

    def test_apply_from_the_settings_reloads_them(self):
        wizard = self._wizard(strategic_max_clients=2)
        action = wizard.with_context(strategic_preview_from_settings=True).action_apply()
        # the settings form shows the values now saved, without asking to save them again
        self.assertEqual(action, {"type": "ir.actions.client", "tag": "reload"})
        self.assertEqual(self.company.strategic_max_clients, 2)
        self.assertEqual(self.famous.strategic_status_reason, "over_cap")

    def test_apply_adds_and_archives_criteria(self):
        wizard = self._wizard()
        self._edit(wizard, self.prestige, criterion_active=False)
        wizard.criterion_ids = [
            Command.create({"name": "Added", "metric": "prestige", "weight": 2, "sequence": 20})
        ]
        wizard.action_apply()
        self.assertFalse(self.prestige.active)
        added = self.Criterion.search(
            [("company_id", "=", self.company.id), ("name", "=", "Added")]
        )
        self.assertEqual((added.metric, added.weight), ("prestige", 2))
        self.assertEqual(self.famous.strategic_criterion_id, added)

    def _criteria(self):
        return self.Criterion.with_context(active_test=False).search(
            [("company_id", "=", self.company.id)]
        )

    def test_apply_saves_exactly_the_edits_the_web_client_sends(self):
        """Preview changes makes the preview on the server; the web client then sends only
        what the user edited (a line's saved criterion is read-only: never sent)."""
        criteria = self._criteria()
        action = self.Criterion.action_strategic_preview_rules()
        wizard = self.env["strategic.rules.preview"].browse(action["res_id"])
        self.assertEqual(wizard.criterion_ids.criterion_id, criteria)
        volume = wizard.criterion_ids.filtered(lambda line: line.criterion_id == self.amount)
        wizard.write(
            {
                "strategic_max_clients": 2,
                "criterion_ids": [Command.update(volume.id, {"threshold": 3000})],
            }
        )
        wizard.action_apply()
        self.assertEqual(self._criteria(), criteria)
        self.assertEqual(self.amount.threshold, 3000)
        self.assertEqual(self.big.strategic_score_display, "1 of 2 points, 50 %")

    def test_apply_refuses_a_line_claiming_a_criterion_of_another_company_or_twice(self):
        other = self.setup_other_company()["company"]
        foreign = self._criterion("prestige", 1, company_id=other.id)
        for claimed, error in ((foreign, AccessError), (self.amount, ValidationError)):
            with self.subTest(criterion=claimed.name):
                wizard = self._wizard(strategic_max_clients=1)
                self._edit(wizard, self.prestige, weight=5)
                wizard.criterion_ids = [
                    Command.create(
                        {"name": "Claim", "metric": "prestige", "criterion_id": claimed.id}
                    )
                ]
                criteria, saved = self._criteria(), (claimed.name, claimed.metric)
                with self.assertRaises(error), self.env.cr.savepoint():
                    wizard.action_apply()
                # nothing saved
                self.assertEqual(self._criteria(), criteria)
                self.assertEqual(self.prestige.weight, 1)
                self.assertEqual((claimed.name, claimed.metric), saved)
                self.assertEqual(self.company.strategic_max_clients, 0)

    def test_discard_changes_nothing(self):
        wizard = self._wizard(strategic_max_clients=1)
        self._edit(wizard, self.amount, threshold=100000)
        wizard.action_preview()
        # Discard closes the dialog: nothing saved, a recompute decides as before
        self.assertEqual(self.amount.threshold, 1000)
        self.assertEqual(self.company.strategic_max_clients, 0)
        self.company._strategic_recompute()
        self.assertEqual(
            [self.big.is_strategic, self.mid.is_strategic, self.famous.is_strategic],
            [True, True, True],
        )

    def test_two_previews_at_once_are_independent(self):
        first = self._wizard(strategic_max_clients=1)
        second = self._wizard()
        self._edit(second, self.prestige, criterion_active=False)
        first.action_preview()
        second.action_preview()
        self.assertEqual(
            self._results(first),
            {
                self.big: ("stay", 1, 1),
                self.mid: ("leave", 2, 2),
                self.famous: ("leave", 3, 3),
            },
        )
        self.assertEqual(self._results(second)[self.famous], ("leave", 3, 0))
        self.assertEqual(self._results(second)[self.mid], ("stay", 2, 2))
        # the first one's edits are its own: the second did not archive its criterion
        self.assertTrue(
            first.criterion_ids.filtered(lambda l: l.criterion_id == self.prestige).criterion_active
        )

    def test_only_the_rules_of_the_users_own_companies(self):
        """An administrator of this company cannot preview or apply, by a crafted call, the
        rules of a company it does not belong to, nor edit another company's criterion."""
        other = self.setup_other_company()["company"]
        foreign = self.env["strategic.criterion"].search([("company_id", "=", other.id)], limit=1)
        foreign = foreign or self._criterion("prestige", 1, company_id=other.id)
        admin = new_test_user(
            self.env,
            "preview_admin",
            groups="base.group_user,strategic_client.group_strategic_manager",
            company_id=self.company.id,
        )
        Preview = self.env["strategic.rules.preview"].with_user(admin)
        theirs = Preview.create({"company_id": other.id, "strategic_max_clients": 1})
        mine = Preview.create({})
        mine.criterion_ids[:1].write({"criterion_id": foreign.id, "threshold": 99999})
        cap, threshold = other.strategic_max_clients, foreign.threshold
        for wizard in (theirs, mine):
            for action in ("action_preview", "action_apply"):
                with (
                    self.subTest(wizard=wizard.id, action=action),
                    self.assertRaises(AccessError),
                    self.env.cr.savepoint(),
                ):
                    getattr(wizard, action)()
        self.assertEqual(other.strategic_max_clients, cap)
        self.assertEqual(foreign.threshold, threshold)

    def test_bad_input_gets_the_criteria_and_settings_messages(self):
        wizard = self._wizard()
        cases = [
            (self.amount, {"weight": -1}, "Weight must be a number of at least 0"),
            (self.amount, {"period_months": 0}, r"Period \(months\) must be at least 1 month"),
            (
                self.amount,
                {"threshold_type": "top_percent", "threshold": 150},
                "Threshold must be above 0 and at most 100",
            ),
            (self.prestige, {"metric": "segment"}, "needs Industries"),
        ]
        for criterion, values, words in cases:
            with (
                self.subTest(values=values),
                self.assertRaisesRegex(ValidationError, words),
                self.env.cr.savepoint(),
            ):
                self._edit(wizard, criterion, **values)
        for values, words in [
            ({"strategic_max_clients": -1}, "Maximum Strategic Clients cannot be negative"),
            ({"strategic_min_score": 120}, "must be between 0 and 100"),
            ({"strategic_overdue_tolerance": -5}, "Overdue Tolerance cannot be negative"),
        ]:
            with (
                self.subTest(values=values),
                self.assertRaisesRegex(ValidationError, words),
                self.env.cr.savepoint(),
            ):
                wizard.write(values)
        with self.assertRaisesRegex(ValidationError, "at least one active criterion"):
            self._edit(wizard, self.amount, weight=0)
            self._edit(wizard, self.prestige, weight=0)
            wizard.action_apply()
        self.env.invalidate_all()
        self.assertEqual((self.amount.weight, self.prestige.weight), (1, 1))

    def _main_company_wizard(self, **values):
        """A preview of the main company's rules (its criteria and clients are committed:
        another connection sees them)."""
        main = self.env.ref("base.main_company")
        self.env.user.company_ids |= main
        return self.env["strategic.rules.preview"].with_company(main).create(values)

    def test_preview_during_a_recompute(self):
        """A recompute running elsewhere holds the company's lock: a preview neither waits
        for it nor takes it; Apply refuses, saving nothing."""
        wizard = self._main_company_wizard(strategic_max_clients=1)
        company = wizard.company_id
        cap = company.strategic_max_clients
        with closing(self.registry.cursor()) as other_cr:
            other = api.Environment(other_cr, api.SUPERUSER_ID, {})["strategic.ranking"]
            self.assertTrue(other._try_lock(company, session=True))
            try:
                self.env.cr.execute("SET LOCAL lock_timeout = '5s'")
                wizard.action_preview()
                self.assertEqual(wizard.state, "previewed")
                with self.assertRaisesRegex(UserError, "already running"), self.env.cr.savepoint():
                    wizard.action_apply()
                self.env.invalidate_all()
                self.assertEqual(company.strategic_max_clients, cap)
            finally:
                other_cr.execute(SQL("SELECT pg_advisory_unlock(%s, %s)", 7410155, company.id))
            other_cr.rollback()
        # the preview took no lock: a recompute may start right after it
        wizard.action_preview()
        with closing(self.registry.cursor()) as other_cr:
            other = api.Environment(other_cr, api.SUPERUSER_ID, {})["strategic.ranking"]
            self.assertTrue(other._try_lock(company))
            other_cr.rollback()

    def test_two_administrators_preview_at_once(self):
        """Two administrators, two connections: each previews its own edits while the
        other's preview is open in its transaction; neither waits for the other, neither
        sees the other's edits or results."""
        mine = self._main_company_wizard(strategic_max_clients=1)
        mine.action_preview()
        mine_results = self._results(mine)
        self.assertLessEqual(mine.count_after, 1)
        self.env.flush_all()
        with closing(self.registry.cursor()) as other_cr:
            # waiting for a lock would fail the test instead of hanging it
            other_cr.execute("SET LOCAL lock_timeout = '2s'")
            env = api.Environment(other_cr, api.SUPERUSER_ID, {})
            main = env.ref("base.main_company")
            theirs = env["strategic.rules.preview"].with_company(main).create({})
            theirs.action_preview()
            self.assertEqual(theirs.state, "previewed")
            # their preview keeps the saved cap: more than the one place of mine
            self.assertEqual(theirs.strategic_max_clients, main.strategic_max_clients)
            self.assertGreater(theirs.count_after, 1)
            other_cr.rollback()
        self.assertLessEqual(mine.count_after, 1)
        self.assertEqual(self._results(mine), mine_results)

    def test_preview_locks_no_saved_criterion(self):
        """An administrator previewing edits of criteria does not lock them: another one
        (or a recompute) may update them meanwhile."""
        wizard = self._main_company_wizard()
        criteria = wizard.criterion_ids.criterion_id
        self.assertTrue(criteria)
        wizard.criterion_ids.write({"weight": 2})
        wizard.action_preview()
        self.env.flush_all()
        with closing(self.registry.cursor()) as other_cr:
            # waiting for a lock would fail the test instead of hanging it
            other_cr.execute("SET LOCAL lock_timeout = '2s'")
            other_cr.execute(
                SQL(
                    "UPDATE strategic_criterion SET threshold = threshold WHERE id = ANY(%s)",
                    criteria.ids,
                )
            )
            self.assertEqual(other_cr.rowcount, len(criteria))
            other_cr.rollback()

    def test_preview_queries_do_not_grow_with_the_clients(self):
        wizard = self._wizard(strategic_max_clients=2)
        self._edit(wizard, self.amount, threshold=1500)
        wizard.criterion_ids = [
            Command.create(
                {
                    "name": "Top",
                    "metric": "purchase_amount",
                    "threshold_type": "top_percent",
                    "threshold": 50,
                }
            )
        ]
        wizard.action_preview()  # warm the caches of the registry

        def count_queries():
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            wizard.action_preview()
            self.env.flush_all()
            return self.env.cr.sql_log_count - start

        queries = count_queries()
        self.assertEqual(len(wizard.line_ids), 3)
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        self.assertTrue(all(wizard.line_ids.mapped("why_after")))
        display = self.env.cr.sql_log_count - start
        for index in range(3):
            client = self._customer(f"Preview More {index}", strategic_prestige=True)
            self._invoice(client, 2000 + index, date(2026, 3, 1))
        self.company._strategic_recompute()
        self.env.invalidate_all()
        with self.assertQueryCount(queries):
            wizard.action_preview()
            self.env.flush_all()
        self.assertEqual(len(wizard.line_ids), 6)
        # the reasons, built when displayed: as many queries for 6 lines as for 3
        self.env.invalidate_all()
        with self.assertQueryCount(display):
            self.assertTrue(all(wizard.line_ids.mapped("why_after")))
            self.assertTrue(all(wizard.line_ids.mapped("why_now")))


@tagged("post_install", "-at_install")
class TestPreviewTour(PreviewCommon, TourScreenshots, HttpCase):
    # the browser and the server it talks to run on the real date
    freeze_time = None

    def test_tour_preview_rules_change(self):
        self.env.user.write({"password": self.env.user.login})
        self._start_tour(
            "/odoo/action-strategic_client.action_strategic_criterion",
            "strategic_client_preview_rules",
            login=self.env.user.login,
            screenshot="preview_rules_change",
        )
        # the tour previewed, then discarded: nothing saved
        self.assertEqual(self.amount.threshold, 1000)
        self.assertEqual(self.company.strategic_max_clients, 0)

    def test_tour_preview_from_the_settings_saves_nothing(self):
        self.env.user.write({"password": self.env.user.login})
        self._start_tour(
            "/odoo/action-sale.action_sale_config_settings",
            "strategic_client_preview_rules_settings",
            login=self.env.user.login,
            screenshot="preview_rules_change_settings",
        )
        # the cap typed in the settings was previewed, not saved
        self.assertEqual(self.company.strategic_max_clients, 0)

    def _scales(self):
        """Out of how many points each client's score is ("1 of 2 points, 50 %")."""
        return {
            partner: partner.strategic_score_display.split(" of ")[1].split(",")[0]
            for partner in (self.big, self.mid, self.famous, self.nobody)
        }

    def _apply_in_the_browser(self, url, tour):
        """Run ``tour`` (the cap to 2, Volume's threshold to 3,000, Preview, Apply), then
        check that exactly these edits were saved."""
        self.env.user.write({"password": self.env.user.login})
        criteria = self.Criterion.with_context(active_test=False).search(
            [("company_id", "=", self.company.id)]
        )
        scales = self._scales()
        self._start_tour(url, tour, login=self.env.user.login)
        # exactly the edits saved: no criterion added, the threshold and the cap saved
        self.assertEqual(
            self.Criterion.with_context(active_test=False).search(
                [("company_id", "=", self.company.id)]
            ),
            criteria,
        )
        self.assertEqual(self.amount.threshold, 3000)
        self.assertEqual(self.company.strategic_max_clients, 2)
        # the scores keep their scale (points of the same criteria)
        self.assertEqual(set(scales.values()), {"2 points"})
        self.assertEqual(self._scales(), scales)
        self.assertEqual(
            [self.big.is_strategic, self.mid.is_strategic, self.famous.is_strategic],
            [True, False, True],
        )

    def test_tour_preview_apply_from_the_criteria_list(self):
        self._apply_in_the_browser(
            "/odoo/action-strategic_client.action_strategic_criterion",
            "strategic_client_preview_apply",
        )

    def test_tour_preview_apply_from_the_settings(self):
        self._apply_in_the_browser(
            "/odoo/action-sale.action_sale_config_settings",
            "strategic_client_preview_apply_settings",
        )
