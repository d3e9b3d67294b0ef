# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval


@tagged("post_install", "-at_install")
class TestDemo(TransactionCase):
    """The demo data makes every outcome of the rules engine visible on first login."""

    def setUp(self):
        super().setUp()
        company = self.env.ref("base.main_company")
        self.partners = self.env["res.partner"].with_company(company)

    def test_five_strategic_clients_for_different_reasons(self):
        strategic = self.partners.search([("is_strategic", "=", True)])
        self.assertGreaterEqual(len(strategic), 5)
        self.assertGreaterEqual(len(strategic.strategic_criterion_id), 5)
        self.assertTrue(all(strategic.mapped("strategic_benefit")))

    def test_one_over_the_cap_one_forced_out_one_kept_out_by_payments(self):
        over_cap = self.partners.search(
            [
                ("strategic_qualified", "=", True),
                ("is_strategic", "=", False),
                ("strategic_override", "!=", "force_out"),
            ]
        )
        self.assertIn(self.env.ref("strategic_client.partner_valle"), over_cap)
        metro = self.partners.browse(self.env.ref("strategic_client.partner_metro").id)
        self.assertEqual(metro.strategic_override, "force_out")
        self.assertTrue(metro.strategic_override_reason)
        # forced out by a person of the demo, not by OdooBot (who installed it)
        admin = self.env.ref("base.user_admin")
        self.assertEqual(metro.strategic_override_user_id, admin)
        self.assertIn(f"Forced out by {admin.name} on ", metro.strategic_status_message)
        self.assertTrue(metro.strategic_qualified)
        self.assertFalse(metro.is_strategic)
        tardy = self.partners.browse(self.env.ref("strategic_client.partner_tardy").id)
        self.assertFalse(tardy.strategic_good_payment)
        self.assertFalse(tardy.strategic_qualified)
        # what its habits cost it, not "0 of 59 points, 0 %"
        self.assertRegex(
            tardy.strategic_score_display, r"^0 of \d+ points; \d+ more without the payment gate$"
        )
        amount_line = tardy.strategic_score_line_ids.filtered(
            lambda line: line.criterion_id.metric == "purchase_amount"
        )
        self.assertTrue(amount_line.value >= amount_line.threshold_value)
        self.assertFalse(amount_line.payment_ok)

    def test_views_group_by_company_dependent_status(self):
        groups = self.partners._read_group(
            [("strategic_rank", ">", 0)], ["is_strategic"], ["strategic_score:sum", "__count"]
        )
        self.assertEqual({flag for flag, _total, _count in groups}, {True, False})

    def test_workspace_demo(self):
        for xmlid in ("strategic_client.partner_andes", "strategic_client.partner_pacific"):
            partner = self.partners.browse(self.env.ref(xmlid).id)
            with self.subTest(partner=partner.name):
                self.assertTrue(partner.strategic_plan_ids)
                self.assertTrue(partner.strategic_cost_entry_ids)
                self.assertTrue(partner.profile_annual_sales)
                self.assertTrue(partner.child_ids.filtered("decision_influence"))
        andes = self.partners.browse(self.env.ref("strategic_client.partner_andes").id)
        self.assertGreaterEqual(andes.strategic_visit_count, 1)
        self.assertGreaterEqual(andes.strategic_call_count, 2)

    def test_return_on_investment_demo(self):
        """The number one is invoiced, never ordered: its margin is measured on its
        invoices, so it shows a return and is not flagged; a client without a cost to serve
        shows No data, never 0."""
        andes = self.partners.browse(self.env.ref("strategic_client.partner_andes").id)
        self.assertEqual(andes.strategic_rank, 1)
        self.assertFalse(andes.sale_order_ids)
        self.assertGreater(andes.strategic_margin_amount, 0)
        self.assertGreater(andes.strategic_roi, self.env.ref("base.main_company").strategic_min_roi)
        self.assertNotEqual(andes.strategic_roi_label, "No data")
        self.assertFalse(andes.strategic_low_return)
        pacific = self.partners.browse(self.env.ref("strategic_client.partner_pacific").id)
        self.assertTrue(pacific.strategic_low_return, "costs far above its margin: review")
        caribe = self.partners.browse(self.env.ref("strategic_client.partner_caribe").id)
        self.assertTrue(caribe.is_strategic)
        self.assertEqual(caribe.strategic_roi_label, "No data")
        self.assertFalse(caribe.strategic_low_return)

    def test_readme_demo_data_section(self):
        """Each claim of the README's Demo data section, checked on the demo."""
        company = self.env.ref("base.main_company")
        ref = self.env.ref
        demo = self.partners.browse(
            [
                ref(f"strategic_client.partner_{name}").id
                for name in (
                    "andes",
                    "pacific",
                    "horizon",
                    "sierra",
                    "global",
                    "caribe",
                    "valle",
                    "metro",
                    "tardy",
                )
            ]
        )
        today = fields.Date.context_today(self.env.user)
        # ranking: seven strategic (the cap) for six reasons, LightsUp among them
        strategic = self.partners.search([("is_strategic", "=", True)])
        self.assertEqual(company.strategic_max_clients, 7)
        self.assertEqual(len(strategic), 7)
        self.assertEqual(len(strategic.strategic_criterion_id), 6)
        self.assertIn(ref("base.res_partner_6"), strategic, "LightsUp")
        # invoices over four years (at least three and a half), numbers following dates
        invoices = self.env["account.move"].search(
            [
                ("partner_id", "in", demo.ids),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
            ]
        )
        for partner in demo - ref("strategic_client.partner_sierra"):
            with self.subTest(partner=partner.name):
                oldest = min(
                    invoices.filtered(lambda i, p=partner: i.partner_id == p).mapped("invoice_date")
                )
                self.assertLessEqual(oldest, today - relativedelta(years=3, months=6))
        by_sequence = invoices.sorted(
            lambda i: (i.journal_id.id, i.sequence_prefix, i.sequence_number)
        )
        for journal, moves in by_sequence.grouped("journal_id").items():
            dates = moves.mapped("invoice_date")
            self.assertEqual(dates, sorted(dates), f"numbers follow dates in {journal.name}")
        # the consumption report compares semesters and names categories
        report = self.env["report.strategic_client.report_consumption"]
        andes = self.partners.browse(ref("strategic_client.partner_andes").id)
        built = report.with_company(company)._get_report_values(andes.ids)["reports"][andes.id]
        self.assertEqual(len(built["totals"]), 7)
        self.assertTrue(all(amount > 0 for _qty, _kg, amount in built["totals"]))
        self.assertTrue(all(kg > 0 for _qty, kg, _amount in built["totals"]))
        self.assertEqual(built["top_categories"], ["Goods / Groceries"])
        supply = ref("strategic_client.product_standard_supply")
        self.assertEqual(supply.categ_id.complete_name, "Goods / Groceries")
        self.assertEqual(supply.weight, 12)
        self.assertEqual(
            ref("strategic_client.product_premium_service").categ_id,
            ref("product.product_category_services"),
        )
        # every strategic client has a key account manager and an email
        for partner in strategic:
            with self.subTest(partner=partner.name):
                self.assertTrue(partner.key_account_manager_id)
                self.assertTrue(partner.email)
        # early warning: Caribe, last place of the cap, at risk with an activity
        risk_type = ref("strategic_client.mail_activity_type_strategic_risk")
        caribe = self.partners.browse(ref("strategic_client.partner_caribe").id)
        self.assertTrue(caribe.strategic_at_risk)
        self.assertIn("Rank 7 of the 7 places", caribe.sudo().strategic_risk_reason)
        activities = caribe.activity_ids.filtered(lambda a: a.activity_type_id == risk_type)
        self.assertEqual(activities.user_id, caribe.key_account_manager_id)
        # collection: Global Brands' overdue invoice, with its activity, for admin
        admin = ref("base.user_admin")
        glob = self.partners.browse(ref("strategic_client.partner_global").id)
        self.assertTrue(glob.is_strategic)
        self.assertEqual(glob.key_account_manager_id, admin)
        overdue = self.env["account.move"].search(
            self.env["account.move"]._strategic_overdue_domain() + [("partner_id", "=", glob.id)]
        )
        self.assertTrue(overdue)
        self.assertEqual(
            overdue.activity_ids.filtered(
                lambda a: (
                    a.activity_type_id == ref("strategic_client.mail_activity_type_collection")
                )
            ).user_id,
            admin,
        )
        receivables = ref("strategic_client.action_my_strategic_receivables")
        domain = safe_eval(receivables.domain, {"uid": admin.id})
        self.assertIn(overdue[0], self.env["account.move"].search(domain))
        # a strategic delivery: Caribe's, urgent (the star) and strategic (the badge)
        caribe = self.partners.browse(ref("strategic_client.partner_caribe").id)
        delivery = self.env["stock.picking"].search(
            [("partner_id", "=", caribe.id), ("picking_type_code", "=", "outgoing")]
        )
        self.assertTrue(caribe.is_strategic)
        self.assertEqual(delivery.priority, "1")
        self.assertTrue(delivery.strategic_client)
        # score history: 11 monthly points measured as a recompute on each of those days would
        # have, then the first recompute: the lines move, and clients enter and leave
        history = self.env["strategic.score.history"].search([("company_id", "=", company.id)])
        andes = self.partners.browse(ref("strategic_client.partner_andes").id)
        andes_rows = history.filtered(lambda row: row.partner_id == andes)
        self.assertEqual(len({(d.year, d.month) for d in andes_rows.mapped("date")}), 12)
        self.assertGreater(len(set(andes_rows.mapped("rank"))), 1, "Andes' rank moves")
        for partner in strategic:
            with self.subTest(partner=partner.name):
                self.assertIn(partner, history.partner_id)
        scores = {
            partner: set(
                history.filtered(lambda row, p=partner: row.partner_id == p).mapped("score")
            )
            for partner in history.partner_id
        }
        self.assertTrue(any(len(values) > 1 for values in scores.values()), "scores move")
        movements = {(row.partner_id.name, row.movement) for row in history if row.movement}
        self.assertIn(("Tardy Traders", "left"), movements)
        self.assertIn(("Valle Wholesale", "left"), movements)
        self.assertIn(("Horizon Growth Foods", "entered"), movements)
        # workspace: visits and calls of Andes and Pacific naming who they were assigned to
        for name, manager in (("andes", "Mitchell Admin"), ("pacific", "Marc Demo")):
            partner = self.partners.browse(ref(f"strategic_client.partner_{name}").id)
            with self.subTest(partner=partner.name):
                self.assertGreaterEqual(partner.strategic_visit_count, 1)
                self.assertGreaterEqual(partner.strategic_call_count, 1)
                done = self.env["mail.message"].search(
                    [
                        ("model", "=", "res.partner"),
                        ("res_id", "=", partner.id),
                        ("mail_activity_type_id", "!=", False),
                    ]
                )
                self.assertTrue(done)
                for message in done:
                    self.assertIn(f"assigned to {manager}", message.body)
        self.assertGreaterEqual(andes.strategic_courtesy_count, 1)
        self.assertIn("food", andes.profile_competitor_visit_ids.competitor)
        self.assertTrue(andes.profile_certification_ids)
        self.assertAlmostEqual(andes.strategic_roi, 3, delta=0.5, msg="about 3 times its cost")

    def test_portal_demo(self):
        """The README's Portal claim: Andes's purchasing director (login andes) finds the
        report sent to Andes and the two actions of the joint plan shared with it."""
        user = self.env["res.users"].search([("login", "=", "andes")])
        self.assertTrue(user._is_portal())
        andes = self.partners.browse(self.env.ref("strategic_client.partner_andes").id)
        self.assertEqual(user.commercial_partner_id, andes)
        self.assertTrue(andes.is_strategic)
        sent = self.env["strategic.consumption.sent"].with_user(user).search([])
        self.assertEqual(sent.sudo().partner_id, andes)
        self.assertEqual(sent.state, "sent")
        last = self.env["report.strategic_client.report_consumption"]._reference_semester(None)
        self.assertEqual(sent.semester, last)
        shared = self.env["strategic.account.plan.action"].with_user(user).search([])
        self.assertEqual(
            sorted(shared.mapped("name")),
            ["In-store promotion, 2 for 1", "Joint forecast workshop"],
        )
        self.assertTrue(shared.plan_id.sudo().is_current)
