# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The consumption report printed and sent from the screens, in a real browser: from the
contact form (English and Spanish) and from a list of two clients, each PDF the web client
downloads read back with pdftotext; Send consumption report from the Strategic tab."""

import json
from datetime import timedelta
from urllib.parse import parse_qs, unquote, urlparse

from odoo.tests import HttpCase, tagged

from odoo.addons.strategic_client.report.consumption_report import semester_dates

from .common import StrategicCommon, TourScreenshots

REPORT_URL = "/report/pdf/strategic_client.report_consumption"


@tagged("post_install", "-at_install")
class TestConsumptionReportTour(StrategicCommon, TourScreenshots, HttpCase):
    # the browser and the server it talks to run on the real date
    freeze_time = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.write({"password": cls.env.user.login})
        # the company has chosen its document layout (else Odoo asks for it first)
        cls.company.external_report_layout_id = cls.env.ref("web.external_layout_standard")
        cls._criterion("prestige", 1, benefit="Positioning")
        cls.one = cls._customer(
            "Report Client One", strategic_prestige=True, email="one@example.com"
        )
        cls.two = cls._customer("Report Client Two", strategic_prestige=True)
        report = cls.env["report.strategic_client.report_consumption"]
        cls.semester = report._reference_semester(None)
        cls.label = report._semester_label(cls.semester)
        day = semester_dates(cls.semester)[0] + timedelta(days=30)
        cls._invoice(cls.one, 1234.0, day)
        cls._invoice(cls.two, 5678.0, day)
        cls.company._strategic_recompute()

    def _print(self, tour, url):
        downloads = self._start_tour(url, tour, self.env.user.login, timeout=240)
        self.assertEqual(len(downloads), 1, "one PDF downloaded")
        ((request, pdf),) = downloads
        # the URL the web client built from the report action, sent to /report/download
        url, _kind = json.loads(request["data"])
        self.assertTrue(url.startswith(REPORT_URL), url)
        return url, self._pdf_text(pdf)

    def _report_url_options(self, url):
        return json.loads(unquote(parse_qs(urlparse(url).query)["options"][0]))

    def test_print_from_the_contact_form(self):
        url, text = self._print(
            "strategic_client_consumption_report_form", f"/odoo/res.partner/{self.one.id}"
        )
        self.assertIn(f"Consumption report {self.label}", text)
        self.assertIn("Report Client One", text)
        self.assertIn("1,234", text)
        self.assertNotIn("Report Client Two", text)
        # the client's id travels in the options of the URL
        self.assertEqual(self._report_url_options(url)["partner_ids"], self.one.ids)

    def test_print_from_the_contact_form_in_spanish(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"].search(
            [("name", "=", "strategic_client")]
        )._update_translations(["es_ES"])
        self.env.user.lang = "es_ES"
        self.one.lang = "es_ES"
        _url, text = self._print(
            "strategic_client_consumption_report_form", f"/odoo/res.partner/{self.one.id}"
        )
        self.assertIn("Informe de consumo", text)
        self.assertNotIn("Consumption report", text)
        self.assertIn("Report Client One", text)
        self.assertIn("1.234", text)

    def test_print_two_clients_from_a_list(self):
        url, text = self._print(
            "strategic_client_consumption_report_list",
            "/odoo/action-strategic_client.action_strategic_clients",
        )
        # one PDF, each client a document of its own with its own figures
        for name, amount in (("Report Client One", "1,234"), ("Report Client Two", "5,678")):
            self.assertIn(name, text)
            self.assertIn(amount, text)
        self.assertEqual(text.count(f"Consumption report {self.label}"), 2)
        self.assertEqual(
            sorted(self._report_url_options(url)["partner_ids"]), sorted((self.one | self.two).ids)
        )

    def test_send_from_the_strategic_tab(self):
        self._start_tour(
            f"/odoo/res.partner/{self.one.id}",
            "strategic_client_consumption_report_send",
            self.env.user.login,
            timeout=240,
        )
        sent = self.env["strategic.consumption.sent"].search([("partner_id", "=", self.one.id)])
        self.assertEqual((sent.semester, sent.state), (self.semester, "sent"))
        # the mail is in the client's chatter, the report attached
        self.assertEqual(
            (sent.message_id.model, sent.message_id.res_id), ("res.partner", self.one.id)
        )
        self.assertTrue(sent.message_id.attachment_ids)
