# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The threshold proposed for each metric: in the form when the metric is chosen, on create
when none is given; no threshold asked for yes/no metrics."""

from odoo.tests import Form, tagged

from .common import StrategicCommon


@tagged("post_install", "-at_install")
class TestProposedThreshold(StrategicCommon):
    def test_choosing_a_metric_in_the_form_proposes_its_threshold(self):
        form = Form(self.Criterion)
        form.name = "Proposed"
        # the default metric, purchase volume: the best 20 %
        self.assertEqual((form.threshold_type, form.threshold), ("top_percent", 20.0))
        for metric, threshold_type, threshold in [
            ("loyalty", "absolute", 75.0),
            ("purchase_amount", "top_percent", 20.0),
            ("multinational", "absolute", 2.0),
            ("cash_payment", "absolute", 80.0),
            ("margin", "absolute", 30.0),
        ]:
            with self.subTest(metric=metric):
                form.metric = metric
                self.assertEqual((form.threshold_type, form.threshold), (threshold_type, threshold))
                self.assertFalse(form._get_modifier("threshold", "invisible"))
        # the administrator's own threshold is kept
        form.threshold = 60.0
        criterion = form.save()
        self.assertEqual((criterion.metric, criterion.threshold), ("margin", 60.0))

    def test_yes_no_metrics_ask_for_no_threshold(self):
        form = Form(self.Criterion)
        form.name = "Famous"
        for metric in ("prestige", "test_client", "domain"):
            with self.subTest(metric=metric):
                form.metric = metric
                self.assertTrue(form._get_modifier("threshold", "invisible"))
                self.assertTrue(form._get_modifier("threshold_type", "invisible"))
                # the list shows the threshold with its unit: nothing for a yes/no criterion
                self.assertFalse(form.threshold_display)
        list_arch = self.Criterion.get_view(view_type="list")["arch"]
        self.assertIn('name="threshold_display"', list_arch)
        self.assertIn(
            """name="threshold_type" optional="hide" invisible="value_unit == 'flag'\"""", list_arch
        )

    def test_created_without_a_threshold_gets_the_proposed_one(self):
        def create(**vals):
            return self.Criterion.create(
                dict({"name": "By API", "company_id": self.company.id}, **vals)
            )

        loyalty = create(metric="loyalty")
        self.assertEqual((loyalty.threshold_type, loyalty.threshold), ("absolute", 75.0))
        volume = create()  # the default metric: purchase volume
        self.assertEqual((volume.threshold_type, volume.threshold), ("top_percent", 20.0))
        given = create(metric="loyalty", threshold=50)
        self.assertEqual((given.threshold_type, given.threshold), ("absolute", 50.0))
        # another threshold type than the proposal's: nothing proposed
        absolute = create(metric="purchase_amount", threshold_type="absolute")
        self.assertEqual((absolute.threshold_type, absolute.threshold), ("absolute", 0.0))
