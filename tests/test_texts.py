# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a user reads, in the reader's language: the choices of the score history and of the
preview dialog, the preview's thresholds with their units, and the chatter notes written in
the language of the people who follow the client. (The screens themselves, in English and
Spanish, are checked in the browser by tests/test_screens.py.)"""

import re
from datetime import date

from odoo.tests import new_test_user, tagged

from .common import StrategicCommon


@tagged("post_install", "-at_install")
class TestTexts(StrategicCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("es_ES")
        cls.env["ir.module.module"].search(
            [("name", "=", "strategic_client")]
        )._update_translations(["es_ES"])
        cls.amount = cls._criterion("purchase_amount", 20, threshold_type="top_percent")
        cls.kg = cls._criterion("purchase_weight", 1200)
        cls.prestige = cls._criterion("prestige", 1)
        cls.kam = new_test_user(
            cls.env, "kam_es", groups="sales_team.group_sale_salesman", lang="es_ES"
        )
        cls.client = cls._customer(
            "Cliente Famoso", strategic_prestige=True, key_account_manager_id=cls.kam.id
        )
        cls._invoice(cls.client, 1000, date(2026, 2, 1))

    def _selection(self, model, fname, lang):
        return dict(self.env[model].with_context(lang=lang).fields_get([fname])[fname]["selection"])

    def test_score_history_why_in_the_readers_language(self):
        self._recompute()
        history = self.env["strategic.score.history"].search([("partner_id", "=", self.client.id)])
        self.assertEqual(history.reason, "strategic")
        History = "strategic.score.history"
        self.assertEqual(self._selection(History, "reason", "es_ES")["strategic"], "Estratégico")
        self.assertEqual(
            self._selection(History, "reason", "es_ES")["forced_out"],
            "Forzado como no estratégico",
        )
        self.assertEqual(self._selection(History, "reason", "en_US")["strategic"], "Strategic")

    def test_preview_metric_and_threshold_type_in_the_readers_language(self):
        Line = "strategic.rules.preview.criterion"
        metrics = self._selection(Line, "metric", "es_ES")
        self.assertEqual(metrics["purchase_amount"], "Volumen de compra (monto)")
        self.assertEqual(
            self._selection(Line, "threshold_type", "es_ES")["absolute"], "Valor absoluto"
        )
        self.assertEqual(
            self._selection(Line, "metric", "en_US")["purchase_amount"],
            ("Purchase volume (amount)"),
        )

    def test_preview_thresholds_with_their_units(self):
        """A threshold reads with its unit; a yes/no criterion has none (the dialog hides
        its threshold, as the criteria list does)."""
        for lang, top in (("en_US", "% of customers"), ("es_ES", "% de los clientes")):
            wizard = self.env["strategic.rules.preview"].with_context(lang=lang).create({})
            lines = {line.criterion_id: line for line in wizard.criterion_ids}
            with self.subTest(lang=lang):
                self.assertEqual(lines[self.amount].threshold_unit, top)
                self.assertEqual(lines[self.kg].threshold_unit, "kg")
                self.assertEqual(lines[self.prestige].value_unit, "flag")
                self.assertFalse(lines[self.prestige].threshold_unit)
        arch = self.env.ref("strategic_client.strategic_rules_preview_view_form").arch
        self.assertIn(
            '<field name="threshold" width="90px" invisible="value_unit == \'flag\'"/>', arch
        )

    def test_status_note_in_the_key_account_managers_language(self):
        """The chatter note is stored text: written in the language of the client's key
        account manager (the administrator's here is English)."""
        self.assertEqual(self.env.user.lang, "en_US")
        self._recompute()
        note = self.client.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("strategic_client.mt_strategic_status")
        )
        self.assertIn("Ahora es cliente estratégico de", note.body)
        self.assertIn("criterio principal", note.body)

    def test_minimum_return_and_days_late_with_their_units(self):
        """Settings: Minimum Return reads as a ratio ("x"); the client's form: the days late
        in whole days, with "days"; both in the reader's language."""
        for lang, ratio, days in (
            ("en_US", "x (margin / cost to serve)", "days"),
            ("es_ES", "x (margen / costo de servir)", "días"),
        ):
            with self.subTest(lang=lang):
                settings = self.env["res.config.settings"].with_context(lang=lang)
                arch = settings.get_views([(False, "form")])["views"]["form"]["arch"]
                self.assertRegex(arch, rf'name="strategic_min_roi"[^>]*/>\s*{re.escape(ratio)}')
                form = self.env["res.partner"].with_context(lang=lang)
                arch = form.get_views([(False, "form")])["views"]["form"]["arch"]
                self.assertRegex(arch, rf'name="strategic_days_late"[^>]*/>\s*{days}')
                self.assertRegex(arch, r'name="strategic_days_late"[^>]*digits="\[16, 0\]"')
