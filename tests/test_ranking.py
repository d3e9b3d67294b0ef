# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime

from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.tests import freeze_time, new_test_user, tagged
from odoo.tools import SQL, mute_logger

from .common import StrategicCommon


@tagged("post_install", "-at_install")
class TestRanking(StrategicCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.amount = cls._criterion("purchase_amount", 1000, weight=3, benefit="Sales volume")
        cls.prestige = cls._criterion("prestige", 1, weight=1, benefit="Positioning")
        cls.big = cls._customer("Big")
        cls.mid = cls._customer("Mid")
        cls.small = cls._customer("Small")
        cls.famous = cls._customer("Famous", strategic_prestige=True)
        cls.nobody = cls._customer("Nobody")
        cls._invoice(cls.big, 5000, date(2026, 2, 1))
        cls._invoice(cls.mid, 2000, date(2026, 2, 1))
        cls._invoice(cls.small, 1500, date(2026, 2, 1))
        cls._invoice(cls.famous, 100, date(2026, 2, 1))

    def test_score_qualification_and_benefit(self):
        self._recompute()
        self.assertEqual(self.big.strategic_score, 75.0)
        self.assertEqual(self.famous.strategic_score, 25.0)
        self.assertTrue(self.big.is_strategic)
        self.assertEqual(self.big.strategic_benefit, "Sales volume")
        self.assertEqual(self.famous.strategic_benefit, "Positioning")
        self.assertFalse(self.nobody.strategic_qualified)
        self.assertEqual(self.nobody.strategic_rank, 0)
        self.assertFalse(self.nobody.is_strategic)
        line = self._line(self.small, self.amount)
        self.assertTrue(line.met)
        self.assertEqual(
            line.explanation, "$\xa01,500.00 invoiced in 12 months, needs $\xa01,000.00."
        )
        self.assertEqual(
            self._line(self.famous, self.amount).explanation,
            "$\xa0100.00 invoiced in 12 months, needs $\xa01,000.00.",
        )
        # the minimum score keeps out clients meeting too little
        self.company.strategic_min_score = 50
        self._recompute()
        self.assertFalse(self.famous.strategic_qualified)
        self.assertTrue(self.big.strategic_qualified)

    def test_ranking_under_the_cap_ties_broken_by_invoiced_amount(self):
        self.company.strategic_max_clients = 2
        self._recompute()
        # big, mid, small have the same score: the invoiced amount orders them
        self.assertEqual(
            [self.big.strategic_rank, self.mid.strategic_rank, self.small.strategic_rank],
            [1, 2, 3],
        )
        self.assertEqual(self.famous.strategic_rank, 4)
        self.assertTrue(self.big.is_strategic and self.mid.is_strategic)
        self.assertFalse(self.small.is_strategic)
        self.assertTrue(self.small.strategic_qualified)
        over_cap = self.env["res.partner"].search(
            [("strategic_qualified", "=", True), ("is_strategic", "=", False)]
        )
        self.assertEqual(over_cap, self.small | self.famous)
        self.assertEqual(self.company.strategic_count, 2)

    def test_scheduled_recompute_in_batches_ranks_once(self):
        self.company.strategic_max_clients = 2
        status = self.env.ref("strategic_client.mt_strategic_status")
        # batches of 2 clients: measured batch by batch, then ranked once
        self.patch(type(self.env["strategic.ranking"]), "_batch_size", 2)
        self.assertTrue(self.env["strategic.ranking"]._recompute_scheduled(self.company))
        self.assertEqual(
            [p.strategic_rank for p in (self.big, self.mid, self.small, self.famous)],
            [1, 2, 3, 4],
        )
        self.assertEqual(
            (self.big | self.mid | self.small | self.famous).filtered("is_strategic"),
            self.big | self.mid,
        )
        # no client flipped in and out of the list while the batches ran
        clients = self.big | self.mid | self.small | self.famous | self.nobody
        messages = self.env["mail.message"].search(
            [
                ("model", "=", "res.partner"),
                ("res_id", "in", clients.ids),
                ("subtype_id", "=", status.id),
            ]
        )
        self.assertEqual(sorted(messages.mapped("res_id")), sorted((self.big | self.mid).ids))
        self.assertEqual(self._line(self.small, self.amount).value, 1500.0)

    def test_recompute_measured_by_batches_decides_as_in_one_go(self):
        """The recompute measures a few clients at a time (memory), then ranks them all:
        with batches of 2 it decides as with one batch."""
        self.company.strategic_max_clients = 2
        self.amount.write({"threshold_type": "top_percent", "threshold": 50})
        clients = self.big | self.mid | self.small | self.famous | self.nobody

        def decided():
            self.env.invalidate_all()
            return [
                (p.is_strategic, p.strategic_rank, p.strategic_score, p.strategic_status_reason)
                for p in clients
            ], sorted(
                self.env["strategic.score.line"]
                .search([("partner_id", "in", clients.ids)])
                .mapped(lambda line: (line.partner_id.id, line.criterion_id.id, line.met))
            )

        self._recompute()
        in_one_go = decided()
        self.env["strategic.score.line"].sudo().search([]).unlink()
        self.patch(type(self.env["strategic.ranking"]), "_measure_size", 2)
        self.company._strategic_recompute()
        self.assertEqual(decided(), in_one_go)
        self.assertEqual(len(in_one_go[1]), 10, "5 clients x 2 criteria, written by batch")

    def test_top_percent(self):
        self.amount.write({"threshold_type": "top_percent", "threshold": 40})
        self._recompute()
        # 5 customers, 4 with a value (nobody has none): the top 40 % are 2 (big and mid)
        met = self.env["strategic.score.line"].search(
            [("criterion_id", "=", self.amount.id), ("met", "=", True)]
        )
        self.assertEqual(met.partner_id, self.big | self.mid)

    def test_top_percent_taken_among_the_clients_with_a_value(self):
        """Most clients have no value: the top 25 % is 25 % of the 4 clients with one (1
        place), not of all 12 customers (3 places). The recompute, the sentences, the
        preview and the early warning read the same cut-off."""
        for index in range(8):
            self._customer(f"Never bought {index}")
        self.amount.write({"threshold_type": "top_percent", "threshold": 25})
        self.company.strategic_risk_margin = 5
        self.assertEqual(
            self.amount.top_cutoff_display,
            "Not measured yet: the next full recompute measures it.",
        )
        self._recompute()
        # the form shows the stored cut-off with its unit
        self.assertEqual(self.amount.top_cutoff_display, "$\xa05,000.00")
        self.assertTrue(self.amount.top_cutoff_date)
        met = self.env["strategic.score.line"].search(
            [("criterion_id", "=", self.amount.id), ("met", "=", True)]
        )
        self.assertEqual(met.partner_id, self.big)
        line = self._line(self.mid, self.amount)
        self.assertEqual(line.threshold_value, 5000.0)
        self.assertEqual(
            line.explanation,
            "$\xa02,000.00 invoiced in 12 months; the top 25 % starts at $\xa05,000.00.",
        )
        # the early warning: big is exactly at the cut-off, within the margin
        self.assertIn(
            "where its top 25 % starts: within the 5 % margin", self.big.strategic_risk_reason
        )
        # the preview of the same rules finds nothing to change: big stays in on volume, mid
        # does not enter
        wizard = self.env["strategic.rules.preview"].create({})
        wizard.action_preview()
        self.assertEqual(set(wizard.line_ids.mapped("movement")), {"stay"})
        self.assertEqual(wizard.line_ids.partner_id, self.big | self.famous)

    def test_payment_gate(self):
        self.amount.requires_good_payment = True
        self._invoice(self.mid, 10, date(2026, 5, 1), payment_days=10)  # overdue since May 11
        self._recompute()
        self.assertFalse(self.mid.strategic_good_payment)
        self.assertAlmostEqual(self.mid.strategic_overdue_amount, 10.0)
        line = self._line(self.mid, self.amount)
        self.assertFalse(line.met)
        self.assertFalse(line.payment_ok)
        self.assertIn("payment", line.explanation)
        self.assertTrue(self._line(self.big, self.amount).met)
        # within the tolerance, the gate opens
        self.company.strategic_overdue_tolerance = 10
        self.company.strategic_max_days_late = 60
        self._recompute()
        self.assertTrue(self._line(self.mid, self.amount).met)

    def test_overrides_cap_reason_and_expiry(self):
        self.company.strategic_max_clients = 2
        self._recompute()
        self.nobody.write(
            {"strategic_override": "force_in", "strategic_override_reason": "Chain entry"}
        )
        self.big.write(
            {
                "strategic_override": "force_out",
                "strategic_override_reason": "Disputed contract",
                "strategic_override_until": date(2026, 7, 15),
            }
        )
        self.assertEqual(self.nobody.strategic_override_user_id, self.env.user)
        # forced in takes the first place under the cap, forced out is never strategic
        self.assertEqual(self.nobody.strategic_rank, 1)
        self.assertTrue(self.nobody.is_strategic)
        self.assertFalse(self.big.is_strategic)
        self.assertTrue(self.mid.is_strategic)
        self.assertFalse(self.small.is_strategic)
        # after July 15th the force-out lapses: the daily recompute ends it
        with freeze_time(date(2026, 7, 20)):
            self.company._strategic_recompute()
        self.assertEqual(self.big.strategic_override, "auto")
        self.assertTrue(self.big.is_strategic)
        self.assertFalse(self.mid.is_strategic)
        history = self.env["strategic.score.history"].search([("partner_id", "=", self.mid.id)])
        self.assertEqual(history[0].origin, "override", "the lapse of an override caused it")

    def test_override_without_reason_is_refused_and_nothing_saved(self):
        with self.assertRaisesRegex(ValidationError, "Override Reason"), self.env.cr.savepoint():
            self.big.write({"strategic_override": "force_out"})
        self.assertEqual(self.big.strategic_override, "auto")

    def test_only_administrators_override(self):
        salesman = new_test_user(
            self.env,
            "seller",
            groups="sales_team.group_sale_salesman",
            company_id=self.company.id,
        )
        with self.assertRaises(AccessError):
            self.big.with_user(salesman).write(
                {"strategic_override": "force_in", "strategic_override_reason": "me"}
            )
        # the salesperson sees the flag
        self._recompute()
        self.assertTrue(self.big.with_user(salesman).is_strategic)

    def test_status_change_posted_notified_and_kept_in_history(self):
        follower = self.env["res.partner"].create({"name": "Account team", "email": "t@x.com"})
        self.big.message_subscribe(partner_ids=follower.ids)
        self._recompute()
        message = self.big.message_ids[0]
        self.assertIn("strategic", message.body.lower())
        self.assertIn("Purchase Amount", message.body)
        self.assertEqual(message.subtype_id, self.env.ref("strategic_client.mt_strategic_status"))
        self.assertIn(follower, message.notified_partner_ids)
        history = self.env["strategic.score.history"].search([("partner_id", "=", self.big.id)])
        self.assertEqual(len(history), 1)
        self.assertTrue(history.is_strategic)
        self.assertEqual(history.score, 75.0)

    def test_recompute_is_idempotent(self):
        self._recompute()
        lines = self.env["strategic.score.line"].search([("company_id", "=", self.company.id)])
        # a line written again would take the transaction's time (cr.now()): stamp them earlier
        stamp = datetime(2026, 1, 1)
        self.env.cr.execute(
            SQL(
                "UPDATE strategic_score_line SET write_date = %s WHERE id IN %s",
                stamp,
                tuple(lines.ids),
            )
        )
        self.env.invalidate_all()
        messages = self.env["mail.message"].search_count([("model", "=", "res.partner")])
        history = self.env["strategic.score.history"].search_count([])
        self._recompute()
        lines_after = self.env["strategic.score.line"].search(
            [("company_id", "=", self.company.id)]
        )
        self.assertEqual(lines_after, lines)
        self.assertEqual(set(lines_after.mapped("write_date")), {stamp}, "no line written again")
        self.assertEqual(
            self.env["mail.message"].search_count([("model", "=", "res.partner")]), messages
        )
        self.assertEqual(self.env["strategic.score.history"].search_count([]), history)

    def test_recompute_is_atomic(self):
        self._recompute()
        before = (self.big.strategic_score, self.big.is_strategic)
        broken = self._criterion("domain", 1, domain="[]")
        self.prestige.active = False
        self._invoice(self.famous, 5000, date(2026, 3, 1))  # would change famous' score
        # a rule that fails at measuring time, after the first criteria were measured
        self.env.cr.execute(
            SQL(
                "UPDATE strategic_criterion SET domain = %s WHERE id = %s",
                "[('no_such_field', '=', 1)]",
                broken.id,
            )
        )
        self.env.invalidate_all()
        with self.assertRaises(ValueError), mute_logger("odoo.sql_db"):
            self._recompute()
        self.env.invalidate_all()
        self.assertEqual((self.big.strategic_score, self.big.is_strategic), before)
        self.assertEqual(self.famous.strategic_score, 25.0)

    def test_recompute_on_a_recordset(self):
        self._recompute()
        self._invoice(self.famous, 5000, date(2026, 3, 1))
        # a child address stands for its commercial partner
        contact = self.env["res.partner"].create({"name": "Jo", "parent_id": self.famous.id})
        contact.action_strategic_recompute()
        self.assertEqual(self.famous.strategic_score, 100.0)
        self.assertEqual(self.famous.strategic_rank, 1)
        self.assertEqual(self.big.strategic_rank, 2)

    def test_recompute_of_a_client_says_what_changed(self):
        self._recompute()
        before = self.famous.strategic_status_message
        self._invoice(self.famous, 5000, date(2026, 3, 1))
        action = self.famous.action_strategic_recompute()
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(
            action["params"]["message"],
            f"Famous: {self.famous.strategic_status_message} Before: {before}",
        )
        self.assertNotEqual(self.famous.strategic_status_message, before)
        # recomputed again: nothing changed, and it says so
        action = self.famous.action_strategic_recompute()
        self.assertEqual(
            action["params"]["message"],
            f"Famous, unchanged: {self.famous.strategic_status_message}",
        )

    def test_two_companies_kept_apart(self):
        other = self.setup_other_company()["company"]
        self.assertTrue(
            self.Criterion.with_context(active_test=False).search_count(
                [("company_id", "=", other.id)]
            ),
            "a company created later gets the default criteria",
        )
        self._recompute()
        self.assertTrue(self.big.is_strategic)
        self.assertFalse(self.big.with_company(other).is_strategic)
        other._strategic_recompute()
        self.assertFalse(self.big.with_company(other).is_strategic)
        self.assertTrue(self.big.with_company(self.company).is_strategic)
        other_user = new_test_user(
            self.env,
            "other",
            groups="strategic_client.group_strategic_manager",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        visible = self.Criterion.with_user(other_user).search([])
        self.assertFalse(visible & self.amount)
        lines = self.env["strategic.score.line"].with_user(other_user).search([])
        self.assertFalse(lines.filtered(lambda line: line.company_id == self.company))

    def _new_customers_with_invoices(self, count):
        partners = self.env["res.partner"].create(
            [
                {"name": f"C{count}-{i}", "is_company": True, "customer_rank": 1}
                for i in range(count)
            ]
        )
        self.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": date(2026, 1, 15),
                    "invoice_line_ids": [
                        Command.create(
                            {"product_id": self.product_a.id, "price_unit": 10 + i, "tax_ids": []}
                        )
                    ],
                }
                for i, partner in enumerate(partners)
            ]
        ).action_post()
        self.env.flush_all()
        self.env.invalidate_all()

    def _recompute_and_flush(self):
        self._recompute()
        self.env.flush_all()

    def test_query_count_does_not_grow_with_partners(self):
        self._recompute_and_flush()
        self._new_customers_with_invoices(10)
        before = self.cr.sql_log_count
        self._recompute_and_flush()
        with_10 = self.cr.sql_log_count - before
        self._new_customers_with_invoices(100)
        with self.assertQueryCount(with_10):
            self._recompute_and_flush()
