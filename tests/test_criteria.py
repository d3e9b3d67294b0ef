# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from .common import StrategicCommon, refused_by_constraint


@tagged("post_install", "-at_install")
class TestDefaultCriteria(TransactionCase):
    def test_seed_criteria_in_seed_order(self):
        criteria = self.env["strategic.criterion"].search(
            [("company_id", "=", self.env.ref("base.main_company").id)]
        )
        self.assertEqual(
            criteria[:4].mapped("metric"),
            ["purchase_amount", "distributor", "purchase_weight", "margin"],
        )
        self.assertTrue(all(criteria[:4].mapped("requires_good_payment")))
        self.assertTrue(all(criteria.mapped("benefit")))
        self.assertIn("cash_payment", criteria.mapped("metric"))

    def test_company_created_later_gets_them(self):
        company = self.env["res.company"].create({"name": "Later Co"})
        criteria = (
            self.env["strategic.criterion"]
            .with_context(active_test=False)
            .search([("company_id", "=", company.id)])
        )
        self.assertEqual(
            sorted(criteria.mapped("metric")),
            sorted(
                self.env["strategic.criterion"]
                .with_context(active_test=False)
                .search([("company_id", "=", self.env.ref("base.main_company").id)])
                .mapped("metric")
            ),
        )


@tagged("post_install", "-at_install")
class TestCriterionBadInput(StrategicCommon):
    def _assert_refused(self, vals, words, criterion=None, by_database=False):
        count = self.Criterion.search_count([])
        refused = (
            refused_by_constraint(self, self.Criterion, words)
            if by_database
            else self.assertRaisesRegex(ValidationError, words)
        )
        with refused, self.env.cr.savepoint():
            if criterion:
                criterion.write(vals)
            else:
                self._criterion(**vals)
        self.assertEqual(self.Criterion.search_count([]), count)

    def test_bad_values_refused_naming_the_field(self):
        for weight in (-1, float("nan"), float("inf")):
            self._assert_refused(
                {"metric": "prestige", "threshold": 1, "weight": weight}, "Weight", by_database=True
            )
        self._assert_refused(
            {"metric": "purchase_amount", "threshold": float("nan")}, "Threshold", by_database=True
        )
        self._assert_refused(
            {"metric": "purchase_amount", "threshold": 0, "threshold_type": "top_percent"},
            "Threshold",
        )
        self._assert_refused(
            {"metric": "purchase_amount", "threshold": 120, "threshold_type": "top_percent"},
            "Threshold",
        )
        self._assert_refused(
            {"metric": "purchase_amount", "threshold": 1, "period_months": 0},
            "Period",
            by_database=True,
        )
        self._assert_refused(
            {"metric": "domain", "threshold": 1, "domain": "[('nope', '=', 1)]"}, "Domain"
        )
        self._assert_refused({"metric": "domain", "threshold": 1, "domain": "[(("}, "Domain")
        self._assert_refused({"metric": "distributor", "threshold": 1}, "Partner Tags")

    def test_all_weights_zero_refused(self):
        criterion = self._criterion("prestige", 1, weight=1)
        self._assert_refused({"weight": 0}, "Weight", criterion=criterion)
        self.assertEqual(criterion.weight, 1)

    def test_met_count(self):
        criterion = self._criterion("prestige", 1)
        self._customer("Famous", strategic_prestige=True)
        self._customer("Plain")
        self._recompute()
        self.assertEqual(criterion.met_count, 1)
