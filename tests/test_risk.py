# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Early warning: strategic clients at risk, why (with the figures), their activities, the
filter, the form warning and the cost of the pass."""

from datetime import date

from odoo.tests import new_test_user, tagged

from .common import TODAY, StrategicCommon

NBSP = "\xa0"


@tagged("post_install", "-at_install")
class TestRisk(StrategicCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.strategic_risk_margin = 5
        cls.amount = cls._criterion("purchase_amount", 1000, name="Purchase volume")
        # comfortably above the threshold, as much as a year earlier
        cls.safe = cls._customer("Safe")
        cls._invoice(cls.safe, 5000, date(2026, 2, 1))
        cls._invoice(cls.safe, 5000, date(2025, 2, 1))
        # 4 % above the threshold: within the 5 % margin
        cls.near = cls._customer("Near")
        cls._invoice(cls.near, 1040, date(2026, 2, 1))
        # well above the threshold, but 40 % less than the same 12 months a year earlier
        cls.fallen = cls._customer("Fallen")
        cls._invoice(cls.fallen, 3000, date(2026, 2, 1))
        cls._invoice(cls.fallen, 5000, date(2025, 2, 1))
        # not strategic: fell too, and below the threshold
        cls.outsider = cls._customer("Outsider")
        cls._invoice(cls.outsider, 500, date(2026, 2, 1))
        cls._invoice(cls.outsider, 5000, date(2025, 2, 1))
        cls.risk_type = cls.env.ref("strategic_client.mail_activity_type_strategic_risk")

    def _risk_activities(self, partners):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", partners.ids),
                ("activity_type_id", "=", self.risk_type.id),
            ]
        )

    def test_near_threshold_with_the_figures(self):
        self._recompute()
        self.assertTrue(self.near.is_strategic)
        self.assertTrue(self.near.strategic_at_risk)
        self.assertEqual(
            self.near.strategic_risk_reason,
            f"Purchase volume is ${NBSP}1,040.00 against a threshold of ${NBSP}1,000.00: "
            "within the 5 % margin.",
        )
        # comfortably above the threshold (5,000 against 1,000) and no fall: not at risk
        self.assertFalse(self.safe.strategic_at_risk)
        self.assertFalse(self.safe.strategic_risk_reason)

    def test_count_set_by_hand_at_its_threshold_is_no_risk(self):
        """Countries change by someone's decision, not by drifting: exactly at the threshold
        is no early warning (a drifting metric there is, see the threshold test)."""
        self._criterion("multinational", 2, name="Multinational")
        spain, france = self.env.ref("base.es"), self.env.ref("base.fr")
        abroad = self._customer("Abroad", country_id=spain.id)
        self.env["res.partner"].create(
            {
                "name": "Abroad FR",
                "parent_id": abroad.id,
                "type": "delivery",
                "country_id": france.id,
            }
        )
        self._recompute()
        self.assertTrue(abroad.is_strategic)
        self.assertEqual(abroad.strategic_criterion_id.name, "Multinational")
        self.assertFalse(abroad.strategic_at_risk)

    def test_fall_against_a_year_earlier(self):
        self._recompute()
        self.assertTrue(self.fallen.strategic_at_risk)
        self.assertEqual(
            self.fallen.strategic_risk_reason,
            f"Purchase volume fell 40 % against the same 12 months a year earlier "
            f"(${NBSP}3,000.00 against ${NBSP}5,000.00).",
        )
        # a fall smaller than the margin is no reason
        self.company.strategic_risk_margin = 45
        self._recompute()
        self.assertNotIn("fell", self.fallen.strategic_risk_reason or "")

    def test_payment_habits_near_the_limit(self):
        self.company.strategic_max_days_late = 15
        self.amount.requires_good_payment = True
        slow = self._customer("Slow")
        invoice = self._invoice(slow, 2000, date(2026, 4, 1), payment_days=0)
        self._pay(invoice, date(2026, 4, 16))  # 15 days late, the most allowed
        self._recompute()
        self.assertTrue(slow.is_strategic)
        self.assertEqual(
            slow.strategic_risk_reason,
            "Payment habits near the limit: 15 days late on average, at most 15 allowed "
            "(within the 5 % margin); a criterion it meets requires good payment habits.",
        )
        # without the payment gate, payment habits cannot cost it the status
        self.amount.requires_good_payment = False
        self._recompute()
        self.assertFalse(slow.strategic_at_risk)

    def test_rank_near_the_cap(self):
        self.company.strategic_max_clients = 2
        self._recompute()
        # same score for all: ranked by invoiced amount; safe 1, fallen 2, near over the cap
        self.assertEqual([self.safe.strategic_rank, self.fallen.strategic_rank], [1, 2])
        self.assertFalse(self.near.is_strategic)
        self.assertIn(
            "Rank 2 of the 2 places of the cap: among its last 5 %; a client ranked below it "
            "that overtook it would push it over the cap.",
            self.fallen.strategic_risk_reason,
        )
        self.assertFalse(self.safe.strategic_at_risk)
        # not strategic (over the cap), so not at risk, although near the threshold
        self.assertFalse(self.near.strategic_at_risk)
        self.assertIn(
            f"rank-{self.company.id}",
            self._risk_activities(self.fallen).mapped("strategic_risk_key"),
        )

    def test_non_strategic_client_is_not_at_risk(self):
        self._recompute()
        self.assertFalse(self.outsider.is_strategic)
        self.assertFalse(self.outsider.strategic_at_risk)
        self.assertFalse(self._risk_activities(self.outsider))

    def test_margin_zero_disables_and_clears(self):
        self._recompute()
        self.assertTrue(self.near.strategic_at_risk)
        self.company.strategic_risk_margin = 0
        self._recompute()
        at_risk = self.env["res.partner"].search([("strategic_at_risk", "=", True)])
        self.assertFalse(at_risk)
        self.assertFalse(self.near.strategic_risk_reason)

    def test_activities_one_per_client_and_reason_no_duplicate(self):
        self.near.key_account_manager_id = self.env.user
        self._recompute()
        activities = self._risk_activities(self.near | self.fallen | self.safe)
        self.assertEqual(
            sorted((a.res_id, a.strategic_risk_key) for a in activities),
            sorted(
                [
                    (self.near.id, f"threshold-{self.amount.id}"),
                    (self.fallen.id, f"fall-{self.amount.id}"),
                ]
            ),
        )
        near = activities.filtered(lambda a: a.res_id == self.near.id)
        self.assertEqual(near.user_id, self.env.user, "the key account manager")
        self.assertEqual(near.summary, "At risk: Purchase volume near its threshold")
        self.assertIn("1,040.00", str(near.note))
        self.assertEqual(near.date_deadline, TODAY)
        # the next daily run: still at risk, no second activity
        self.env["strategic.ranking"]._recompute_scheduled(self.company)
        self.assertEqual(self._risk_activities(self.near | self.fallen | self.safe), activities)
        # done: a new one while the risk lasts
        near.action_done()
        self._recompute()
        self.assertEqual(len(self._risk_activities(self.near)), 1)
        self.assertNotEqual(self._risk_activities(self.near), near)

    def test_sentences_in_the_readers_and_the_managers_language(self):
        """The facts are stored once; each reader reads the sentence in its own language,
        and the key account manager's activity is in the manager's language."""
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"].search(
            [("name", "=", "strategic_client")]
        )._update_translations(["es_ES"])
        manager = new_test_user(
            self.env,
            "kam_es",
            groups="sales_team.group_sale_salesman_all_leads",
            company_id=self.company.id,
            lang="es_ES",
        )
        self.near.key_account_manager_id = manager
        self._recompute()
        self.assertIn("against a threshold of", self.near.strategic_risk_reason)
        spanish = self.near.with_context(lang="es_ES")
        spanish.invalidate_recordset(["strategic_risk_reason"])
        self.assertIn("frente a un umbral de", spanish.strategic_risk_reason)
        self.assertIn("dentro del margen del 5 %", spanish.strategic_risk_reason)
        activity = self._risk_activities(self.near)
        self.assertEqual(activity.user_id, manager)
        self.assertEqual(activity.summary, "En riesgo: Purchase volume cerca de su umbral")
        self.assertIn("frente a un umbral de", str(activity.note))

    def test_reasons_of_a_deleted_criterion_go_with_it(self):
        self._recompute()
        self.assertTrue(self.near.strategic_risk_reason)
        self._risk_activities(self.near | self.fallen).unlink()
        self.amount.unlink()
        self.near.invalidate_recordset(["strategic_risk_reason"])
        self.assertFalse(self.near.strategic_risk_reason)

    def test_filter_column_and_form_warning(self):
        self._recompute()
        Partner = self.env["res.partner"]
        self.assertEqual(
            Partner.search([("strategic_at_risk", "=", True)]), self.near | self.fallen
        )
        search = Partner.get_views([(False, "search")])["views"]["search"]["arch"]
        self.assertIn('name="strategic_at_risk"', search)
        strategic_list = self.env.ref("strategic_client.view_partner_strategic_list")
        arch = Partner.get_view(strategic_list.id, "list")["arch"]
        self.assertIn('name="strategic_at_risk"', arch)
        self.assertIn('name="strategic_risk_reason"', arch)
        form = Partner.get_view(False, "form")["arch"]
        self.assertIn('name="strategic_risk_warning"', form)
        self.assertIn('name="strategic_risk_reason"', form)

    def test_query_count_does_not_grow_with_clients_at_risk(self):
        Ranking = self.env["strategic.ranking"].sudo().with_company(self.company)

        def risk_pass_queries(count):
            self.company.strategic_risk_margin = 0
            for index in range(count):
                client = self._customer(f"Near {count} {index}")
                self._invoice(client, 1040 + index % 10, date(2026, 2, 1))
            self._recompute()
            self._risk_activities(self.env["res.partner"].search([])).unlink()
            self.company.strategic_risk_margin = 5
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            Ranking._risk_pass(self.company, TODAY)
            self.env.flush_all()
            return self.cr.sql_log_count - before

        risk_pass_queries(1)  # warm the caches (references, models)
        with_few = risk_pass_queries(2)
        self.assertEqual(len(self.env["res.partner"].search([("strategic_at_risk", "=", True)])), 5)
        with_more = risk_pass_queries(20)
        self.assertEqual(
            len(self.env["res.partner"].search([("strategic_at_risk", "=", True)])), 25
        )
        self.assertEqual(with_more, with_few)
