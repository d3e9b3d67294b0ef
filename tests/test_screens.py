# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The main screens on the demo data, in English and in Spanish, 1440 pixels wide, checked in
the browser (texts in that language, units, no cut label) and saved as screenshots in
``.screenshots/`` (git-ignored), which the README describes:

- ``list_<lang>.png``: the strategic clients list, every client measured;
- ``kanban_<lang>.png``: its kanban, the rank badge on strategic clients only;
- ``form_<lang>.png``: a strategic client's form, Strategic tab;
- ``breakdown_<lang>.png``: its score breakdown;
- ``history_<lang>.png``: its score history (the graph from its button);
- ``history_all_<lang>.png``, ``history_list_<lang>.png``: Sales > Strategic Clients >
  Score History, graph and list;
- ``criterion_<lang>.png``: a Top % criterion's form, its stored cut-off and its date;
- ``preview_<lang>.png``, ``preview_clients_<lang>.png``: the preview of a rules change, its
  criteria and its result;
- ``transfers_<lang>.png``: the transfers list with the strategic delivery's star and badge;
- ``report_<lang>.png``: the first page of a consumption report (PDF, through pdftoppm).

The tours run on the real date, on the demo data as a first login shows it.
"""

import io
import shutil
import subprocess

from odoo.tests import HttpCase, tagged
from odoo.tools.pdf import PdfFileReader

from .common import SCREENSHOTS, TourScreenshots

LANGS = ("en_US", "es_ES")
CLIENTS = "/odoo/action-strategic_client.action_strategic_clients"
TRANSFERS = "/odoo/action-stock.action_picking_tree_all"
HISTORY = "/odoo/action-strategic_client.action_strategic_score_history"
CRITERIA = "/odoo/action-strategic_client.action_strategic_criterion"
# (url, tour, screenshot): each tour in static/tests/tours/strategic_client_screens.js
SCREENS = [
    (CLIENTS, "strategic_client_screen_list", "list"),
    (CLIENTS, "strategic_client_screen_kanban", "kanban"),
    (CLIENTS, "strategic_client_screen_form", "form"),
    (CLIENTS, "strategic_client_screen_breakdown", "breakdown"),
    (CLIENTS, "strategic_client_screen_history", "history"),
    (HISTORY, "strategic_client_screen_history_all", "history_all"),
    (HISTORY, "strategic_client_screen_history_list", "history_list"),
    (CRITERIA, "strategic_client_screen_criterion", "criterion"),
    (CRITERIA, "strategic_client_screen_preview", "preview"),
    (CRITERIA, "strategic_client_screen_preview_clients", "preview_clients"),
    (TRANSFERS, "strategic_client_screen_transfers", "transfers"),
]
REPORT = "strategic_client.report_consumption"


@tagged("post_install", "-at_install")
class TestMainScreens(TourScreenshots, HttpCase):
    # the width the issue reviewed the screens at: no label may be cut at it
    browser_size = "1440x900"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("es_ES")
        cls.env["ir.module.module"].search([("state", "=", "installed")])._update_translations(
            ["es_ES"]
        )
        cls.admin = cls.env.ref("base.user_admin")
        cls.andes = cls.env.ref("strategic_client.partner_andes")

    def _as_admin_in(self, lang):
        self.admin.lang = lang
        self.andes.lang = lang

    def test_main_screens_in_both_languages(self):
        self.assertTrue(self.andes.is_strategic, "the demo data makes Andes Supermarkets strategic")
        for lang in LANGS:
            with self.subTest(lang=lang):
                self._as_admin_in(lang)
                for url, tour, screenshot in SCREENS:
                    with self.subTest(screen=screenshot):
                        self._start_tour(url, tour, "admin", f"{screenshot}_{lang}")

    def test_consumption_report_first_page_in_both_languages(self):
        for tool in ("wkhtmltopdf", "pdftoppm"):
            if not shutil.which(tool):
                self.skipTest(f"{tool} is not installed (make test installs it where it can)")
        titles = {"en_US": "Consumption report", "es_ES": "Informe de consumo"}
        for lang in LANGS:
            with self.subTest(lang=lang):
                self._as_admin_in(lang)
                pdf, kind = (
                    self.env["ir.actions.report"]
                    .with_context(force_report_rendering=True)
                    ._render_qweb_pdf(REPORT, self.andes.ids)
                )
                self.assertEqual(kind, "pdf")
                # served by the test server, the layout's web fonts apply: the text must still
                # be text (selectable), not drawn as shapes
                first_page = PdfFileReader(io.BytesIO(pdf)).pages[0]
                text = " ".join(first_page.extract_text().split())
                self.assertIn(titles[lang], text)
                self.assertIn("Andes Supermarkets", text)
                SCREENSHOTS.mkdir(exist_ok=True)
                target = SCREENSHOTS / f"report_{lang}"
                target.with_suffix(".png").unlink(missing_ok=True)
                subprocess.run(
                    [
                        "pdftoppm",
                        "-png",
                        "-r",
                        "80",
                        "-f",
                        "1",
                        "-l",
                        "1",
                        "-singlefile",
                        "-",
                        str(target),
                    ],
                    input=pdf,
                    check=True,
                )
                self.assertTrue(target.with_suffix(".png").stat().st_size)
