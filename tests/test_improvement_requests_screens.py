# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Improvement requests on the demo data, in English and in Spanish, checked in the browser and
saved as screenshots in ``.screenshots/`` (git-ignored), which the README describes:

- ``requests_form_<lang>.png``: Andes Supermarkets' Strategic tab, its improvement requests;
- ``requests_kanban_<lang>.png``: the demo project *Product improvements*.

Andes' portal page lists its delivered request in the same language.
"""

from odoo.tests import HttpCase, tagged

from .common import TourScreenshots

LANGS = ("en_US", "es_ES")
PORTAL_TEXTS = {
    "en_US": ("Improvement requests", "Delivered"),
    "es_ES": ("Solicitudes de mejora", "Entregada"),
}


@tagged("post_install", "-at_install")
class TestImprovementRequestScreens(TourScreenshots, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("es_ES")
        cls.env["ir.module.module"].search([("state", "=", "installed")])._update_translations(
            ["es_ES"]
        )
        cls.admin = cls.env.ref("base.user_admin")
        cls.portal = cls.env.ref("strategic_client.user_andes_portal")
        cls.andes = cls.env.ref("strategic_client.partner_andes")
        cls.project = cls.env.ref("strategic_client.project_improvements")

    def test_request_screens_in_both_languages(self):
        done = self.env.ref("strategic_client.request_andes_pack")
        self.assertEqual(done.state, "1_done")
        self.assertTrue(self.env.ref("strategic_client.request_pacific_labels").strategic_client)
        for lang in LANGS:
            with self.subTest(lang=lang):
                self.admin.lang = lang
                self.portal.lang = lang
                self._start_tour(
                    f"/odoo/res.partner/{self.andes.id}",
                    "strategic_client_screen_requests_form",
                    "admin",
                    f"requests_form_{lang}",
                )
                self._start_tour(
                    f"/odoo/project/{self.project.id}/tasks",
                    "strategic_client_screen_requests_kanban",
                    "admin",
                    f"requests_kanban_{lang}",
                )
                self.authenticate("andes", "andes")
                page = self.url_open("/my/strategic")
                self.assertIn(done.name, page.text)
                for text in PORTAL_TEXTS[lang]:
                    self.assertIn(text, page.text)
