# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The views read: portfolio and movements grouped by named segments, the strategic clients
list and pivot, criteria thresholds with their unit, the badge without a help icon, the
Confirm button of a user who can waive minimums, the semester wizard and its menu entry."""

from lxml import etree

from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import StrategicCommon


@tagged("post_install", "-at_install")
class TestViews(StrategicCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.key = cls._customer("Key Account", strategic_prestige=True)
        cls.small = cls._customer("Small Shop")
        cls.prestige = cls._criterion("prestige", 1, benefit="Positioning")
        cls.company._strategic_recompute()

    def _arch(self, model, view_type, xmlid=None, user=None):
        Model = self.env[model].with_user(user) if user else self.env[model]
        view_id = self.env.ref(xmlid).id if xmlid else False
        arch = Model.get_views([(view_id, view_type)])["views"][view_type]["arch"]
        return etree.fromstring(arch)

    def _order(self, partner):
        return self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create({"product_id": self.product_a.id, "price_unit": 100.0})
                ],
            }
        )

    def _spanish(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"].search(
            [("name", "=", "strategic_client")]
        )._update_translations(["es_ES"])
        return self.env(context=dict(self.env.context, lang="es_ES"))

    # --- portfolio -----------------------------------------------------------------------
    def test_portfolio_groups_by_named_segments(self):
        for xmlid, view_type in (
            ("strategic_client.sale_order_view_pivot_portfolio", "pivot"),
            ("strategic_client.sale_order_view_graph_portfolio", "graph"),
        ):
            arch = self._arch("sale.order", view_type, xmlid)
            grouped = [f.get("name") for f in arch.iter("field") if f.get("type") != "measure"]
            self.assertIn("strategic_segment", grouped, xmlid)
            self.assertNotIn("strategic_client", grouped, xmlid)
        (self._order(self.key) | self._order(self.small)).action_confirm()
        groups = self.env["sale.order"].formatted_read_group(
            [("partner_id", "in", (self.key | self.small).ids)],
            ["strategic_segment"],
            ["__count"],
        )
        self.assertEqual(
            {group["strategic_segment"]: group["__count"] for group in groups},
            {"strategic": 1, "other": 1},
        )
        selection = self.env["sale.order"].fields_get(["strategic_segment"])
        self.assertEqual(
            selection["strategic_segment"]["selection"],
            [("strategic", "Strategic clients"), ("other", "Other clients")],
        )

    def test_segment_follows_the_client_status(self):
        order = self._order(self.small)
        self.assertEqual(order.strategic_segment, "other")
        self.small.strategic_prestige = True
        self.company._strategic_recompute()
        self.assertTrue(self.small.is_strategic)
        self.assertEqual(order.strategic_segment, "strategic")

    # --- score history -------------------------------------------------------------------
    def test_entering_and_leaving_are_two_named_series(self):
        History = self.env["strategic.score.history"]
        self.key.strategic_prestige = False
        self.company._strategic_recompute()
        rows = History.search([("partner_id", "=", self.key.id), ("status_changed", "=", True)])
        self.assertEqual(sorted(rows.mapped("movement")), ["entered", "left"])
        self.assertFalse(
            History.search([("status_changed", "=", False), ("movement", "!=", False)]),
            "a row without a change of status is no movement",
        )
        # the ORM compute says the same as the bulk insert
        rows.invalidate_recordset(["movement"])
        self.env.add_to_compute(History._fields["movement"], rows)
        self.assertEqual(sorted(rows.mapped("movement")), ["entered", "left"])

        arch = self._arch(
            "strategic.score.history",
            "graph",
            "strategic_client.strategic_score_history_view_graph_movements",
        )
        fields = {f.get("name"): f.get("type") for f in arch.iter("field")}
        self.assertIn("movement", fields)
        self.assertNotIn("is_strategic", fields)
        self.assertNotIn("measure", fields.values(), "the default measure: the count")
        self.assertEqual(
            dict(History.fields_get(["movement"])["movement"]["selection"]),
            {"entered": "Entered the list", "left": "Left the list"},
        )

    def test_score_history_graph_is_a_line_by_month(self):
        """Monthly snapshots grouped by month (by week the line fell to 0 between them, with
        a phantom "None" series); one line, never stacked: a client's score from its
        button, the clients' average from the menu (stacked, the percentages of every client
        added up to about 120 %)."""
        arch = self._arch(
            "strategic.score.history",
            "graph",
            "strategic_client.strategic_score_history_view_graph",
        )
        self.assertEqual((arch.get("type"), arch.get("stacked")), ("line", "0"))
        grouped = [
            (f.get("name"), f.get("interval"))
            for f in arch.iter("field")
            if f.get("type") != "measure"
        ]
        self.assertEqual(grouped, [("date", "month")])
        History = self.env["strategic.score.history"]
        self.assertEqual(History._fields["score"].aggregator, "avg")

    # --- strategic clients list and pivot ------------------------------------------------
    def test_strategic_clients_list_reads(self):
        arch = self._arch("res.partner", "list", "strategic_client.view_partner_strategic_list")
        shown = [
            f.get("name")
            for f in arch.iter("field")
            if not f.get("optional") and f.get("column_invisible") not in ("1", "True")
        ]
        self.assertLessEqual(len(shown), 5, shown)
        fields = {f.get("name"): f for f in arch.iter("field")}
        for amount in ("strategic_invoiced_amount", "strategic_overdue_amount"):
            self.assertEqual(fields[amount].get("widget"), "monetary", amount)
            self.assertIn("strategic_currency_id", fields[amount].get("options"), amount)
        self.assertIn("strategic_currency_id", fields)
        self.assertEqual(fields["is_strategic"].get("widget"), "strategic_badge")
        self.assertEqual(fields["strategic_rank"].get("invisible"), "not strategic_rank")
        self.assertTrue(
            arch.get("default_order").startswith("is_strategic desc, strategic_qualified desc")
        )

    def test_pivots_count_clients(self):
        arch = self._arch("res.partner", "pivot", "strategic_client.view_partner_strategic_pivot")
        measures = [f.get("name") for f in arch.iter("field") if f.get("type") == "measure"]
        self.assertEqual(arch.get("display_quantity"), "1", "the count is a measure")
        self.assertNotIn("strategic_score", measures)

    # --- criteria --------------------------------------------------------------------------
    def test_criteria_thresholds_with_their_unit(self):
        symbol = self.company.currency_id.symbol
        cases = {
            self._criterion("purchase_amount", 1000): symbol,
            self._criterion("margin", 15): "15 %",
            self._criterion("purchase_weight", 12000): "12,000 kg",
            self._criterion("multinational", 2): "2 countries",
            self._criterion("influence", 2): "2 of 3 stars",
            self._criterion("purchase_amount", 20, threshold_type="top_percent"): "Top 20 %",
        }
        for criterion, expected in cases.items():
            self.assertIn(expected, criterion.threshold_display, criterion.metric)
        self.assertFalse(self.prestige.threshold_display, "a yes/no criterion has no number")

        arch = self._arch("strategic.criterion", "list")
        fields = {f.get("name"): f for f in arch.iter("field")}
        self.assertEqual(fields["sequence"].get("widget"), "handle")
        self.assertIn("threshold_display", fields)
        self.assertNotIn("threshold", fields)
        form = self._arch("strategic.criterion", "form")
        self.assertFalse(form.xpath("//field[@name='sequence']"))

    def test_criteria_thresholds_in_spanish(self):
        env = self._spanish()
        weight = self._criterion("purchase_weight", 12000)
        self.assertIn("12.000", weight.with_env(env).threshold_display)
        self.assertFalse(self.prestige.with_env(env).threshold_display)

    # --- documents -----------------------------------------------------------------------
    def test_badge_has_no_label_nor_help_icon(self):
        for model in ("sale.order", "account.move"):
            arch = self._arch(model, "form")
            badges = arch.xpath("//field[@name='strategic_client'][@widget='strategic_badge']")
            self.assertTrue(badges, model)
            for badge in badges:
                self.assertEqual(badge.get("nolabel"), "1", model)

    def test_waiver_sees_no_failing_confirm(self):
        self.company.sale_min_order_amount = 1000.0
        salesman = new_test_user(
            self.env, "views_salesman", groups="sales_team.group_sale_salesman"
        )
        waiver = new_test_user(
            self.env,
            "views_waiver",
            groups="sales_team.group_sale_salesman,strategic_client.group_waive_minimums",
        )
        blocked, waived = self._order(self.small), self._order(self.key)
        self.assertTrue(blocked.strategic_minimum_warning and waived.strategic_minimum_warning)
        self.assertTrue(blocked.with_user(waiver).strategic_confirm_by_waiver)
        self.assertFalse(waived.with_user(waiver).strategic_confirm_by_waiver, "strategic")
        self.assertFalse(blocked.with_user(salesman).strategic_confirm_by_waiver)

        arch = self._arch("sale.order", "form", user=waiver)
        confirms = arch.xpath("//header/button[@name='action_confirm']")
        self.assertEqual(len(confirms), 2)
        for confirm in confirms:
            self.assertIn("strategic_confirm_by_waiver", confirm.get("invisible"))
        (waive,) = arch.xpath("//button[@name='action_strategic_waive_minimums']")
        self.assertIn("not strategic_confirm_by_waiver", waive.get("invisible"))

    # --- consumption report ------------------------------------------------------------
    def test_wizard_year_and_one_print_entry(self):
        arch = self._arch("strategic.consumption.wizard", "form")
        (year,) = arch.xpath("//field[@name='year']")
        self.assertIn("'enable_formatting': false", year.get("options"))
        bindings = self.env["ir.actions.actions"].get_bindings("res.partner")
        consumption = [
            action["name"]
            for kind in ("action", "report")
            for action in bindings.get(kind, [])
            if "Consumption" in action["name"]
        ]
        self.assertEqual(consumption, ["Consumption Report"])
        self.assertIn(
            "Consumption Report", [action["name"] for action in bindings.get("report", [])]
        )

    # --- in Spanish --------------------------------------------------------------------
    def test_labels_in_spanish(self):
        env = self._spanish()
        segments = dict(
            env["sale.order"].fields_get(["strategic_segment"])["strategic_segment"]["selection"]
        )
        self.assertEqual(
            segments, {"strategic": "Clientes estratégicos", "other": "Otros clientes"}
        )
        movements = dict(
            env["strategic.score.history"].fields_get(["movement"])["movement"]["selection"]
        )
        self.assertNotIn("Entered the list", movements.values())
        self.assertNotIn("Left the list", movements.values())
        bindings = env["ir.actions.actions"].get_bindings("res.partner")
        names = [action["name"] for action in bindings.get("report", [])]
        self.assertIn("Informe de consumo", names)
