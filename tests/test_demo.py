# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, tagged


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
        self.assertTrue(metro.strategic_qualified)
        self.assertFalse(metro.is_strategic)
        tardy = self.partners.browse(self.env.ref("strategic_client.partner_tardy").id)
        self.assertFalse(tardy.strategic_good_payment)
        self.assertFalse(tardy.strategic_qualified)
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
