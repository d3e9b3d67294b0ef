# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
import shutil
from datetime import date
from unittest import SkipTest
from unittest.mock import patch

import lxml.etree
import lxml.html

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import freeze_time, new_test_user, tagged
from odoo.tools.pdf import PdfFileReader

from .common import StrategicCommon

REPORT = "strategic_client.report_consumption"
# S1 2026; columns S1 2023 ... S1 2026 (copied for each rendering: Odoo adds report_type)
REFERENCE = {"year": 2026, "half": 1}


@tagged("post_install", "-at_install")
class TestConsumptionReport(StrategicCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = cls._customer("Andina Foods", email="buyer@andina.example.com")
        cls.site = cls.env["res.partner"].create(
            {"name": "Andina plant", "parent_id": cls.client.id, "type": "delivery"}
        )
        cls.cement = cls.env["product.category"].create({"name": "Cement"})
        cls.bag = cls.env["product.product"].create(
            {"name": "Cement bag", "categ_id": cls.cement.id, "weight": 25.0}
        )
        cls.loose = cls.env["product.product"].create({"name": "Loose item", "weight": 2.0})
        cls.loose.product_tmpl_id.categ_id = False
        cls.dozen = cls.env.ref("uom.product_uom_dozen")

    def _lines_invoice(self, partner, day, lines, move_type="out_invoice", currency=None):
        move = self.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": day,
                "currency_id": (currency or self.company.currency_id).id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "quantity": qty,
                            "price_unit": price,
                            "product_uom_id": (uom or product.uom_id).id,
                            "tax_ids": [],
                        }
                    )
                    for product, qty, price, uom in lines
                ],
            }
        )
        move.action_post()
        return move

    def _values(self, partners=None):
        report = self.env["report.strategic_client.report_consumption"]
        return report._get_report_values((partners or self.client).ids, dict(REFERENCE))

    def test_every_figure(self):
        foreign = self.setup_other_currency("EUR", rates=[("2000-01-01", 2.0)])
        # before the first column and after the reference semester: left out
        self._lines_invoice(self.client, date(2022, 12, 31), [(self.bag, 1, 999, None)])
        self._lines_invoice(self.client, date(2026, 7, 1), [(self.bag, 1, 999, None)])
        # first column, S1 2023 (boundary day)
        self._lines_invoice(self.client, date(2023, 1, 1), [(self.bag, 2, 10, None)])
        # S1 2025: the same semester a year before the reference
        self._lines_invoice(self.client, date(2025, 6, 30), [(self.bag, 4, 25, None)])
        # S1 2026 (reference): units, a dozen, a child address, a credit note, a currency
        self._lines_invoice(self.client, date(2026, 6, 30), [(self.bag, 10, 10, None)])
        self._lines_invoice(self.site, date(2026, 3, 1), [(self.bag, 1, 120, self.dozen)])
        self._lines_invoice(
            self.client, date(2026, 4, 1), [(self.bag, 2, 10, None)], move_type="out_refund"
        )
        self._lines_invoice(
            self.client, date(2026, 5, 1), [(self.loose, 3, 200, None)], currency=foreign
        )
        values = self._values()
        report = values["reports"][self.client.id]
        self.assertEqual(
            [c["label"] for c in report["columns"]],
            ["S1 2023", "S2 2023", "S1 2024", "S2 2024", "S1 2025", "S2 2025", "S1 2026"],
        )
        totals = report["totals"]
        self.assertEqual(totals[0], [2.0, 50.0, 20.0])
        self.assertEqual(totals[4], [4.0, 100.0, 100.0])
        # reference: bags 10 + 12 - 2 = 20 (500 kg), loose 3 (6 kg); amount 100 + 120 - 20
        # + 600 EUR = 300
        self.assertEqual(totals[-1], [23.0, 506.0, 500.0])
        self.assertEqual(report["total"], 500.0)
        self.assertEqual(report["change"], "+400.0 %")
        names = [category["name"] for category in report["categories"]]
        self.assertEqual(names, ["No category", "Cement"])
        cement = report["categories"][1]
        self.assertEqual(cement["cells"][-1], [20.0, 500.0, 200.0])
        self.assertEqual(cement["products"][0]["name"], "Cement bag")
        self.assertEqual(report["top_categories"], ["No category", "Cement"])
        bars = report["chart"]["bars"]
        self.assertEqual(len(bars), 7)
        self.assertTrue(bars[-1]["reference"])
        self.assertGreater(bars[-1]["height"], bars[4]["height"])
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(REPORT, self.client.ids, data=dict(REFERENCE))[0]
            .decode()
        )
        self.assertIn("<svg", html)
        self.assertIn("Andina Foods", html)
        self.assertIn("S1 2026", html)

    def test_default_reference_is_the_last_complete_semester(self):
        report = self.env["report.strategic_client.report_consumption"]
        with freeze_time(date(2026, 11, 22)):
            self.assertEqual(divmod(report._reference_semester(None), 2), (2026, 0))
        with freeze_time(date(2026, 3, 1)):
            self.assertEqual(divmod(report._reference_semester(None), 2), (2025, 1))

    def test_wizard_refuses_a_semester_not_ended(self):
        today = fields.Date.context_today(self.env.user)
        wizard = self.env["strategic.consumption.wizard"].create(
            {"partner_ids": [Command.set(self.client.ids)], "year": today.year + 1, "half": "1"}
        )
        with self.assertRaisesRegex(UserError, "Reference semester"):
            wizard.action_print()
        wizard.year = 2025
        self.company.external_report_layout_id = self.env.ref("web.external_layout_standard")
        action = wizard.action_print()
        # the clients travel in the options: the web client's URL carries no record id
        self.assertEqual(action["data"], {"year": 2025, "half": 1, "partner_ids": self.client.ids})

    def test_printed_from_the_screen_the_clients_come_in_the_options(self):
        """As /report/pdf/<report>?options=... renders it: no record ids, the clients in the
        options (one wkhtmltopdf run per client with Debian's build)."""
        if not shutil.which("wkhtmltopdf"):
            self.skipTest("wkhtmltopdf is not installed (make test installs it where it can)")
        self._lines_invoice(self.client, date(2026, 2, 1), [(self.bag, 3, 70, None)])
        other = self._customer("Second Client")
        self._lines_invoice(other, date(2026, 2, 1), [(self.bag, 1, 40, None)])
        Report = self.env["ir.actions.report"]
        for partners in (self.client, self.client | other):
            options = dict(REFERENCE, partner_ids=partners.ids)
            html = Report._render_qweb_html(REPORT, None, data=dict(options))[0].decode()
            pdf, _kind = Report.with_context(force_report_rendering=True)._render_qweb_pdf(
                REPORT, None, data=dict(options)
            )
            reader = PdfFileReader(io.BytesIO(pdf))
            text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
            for partner in partners:
                self.assertIn(partner.name, html)
                self.assertIn(partner.name, text)
            self.assertEqual(text.count("Consumption report S1 2026"), len(partners))

    def test_query_count_does_not_grow_with_lines(self):
        other = self._customer("Other Client")
        self._lines_invoice(self.client, date(2026, 2, 1), [(self.bag, 1, 10, None)])
        products = self.env["product.product"].create(
            [{"name": f"P{i}", "categ_id": self.cement.id} for i in range(30)]
        )
        self._lines_invoice(
            other, date(2026, 2, 1), [(product, 1, 10, None) for product in products]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        self._values(self.client)
        small = self.cr.sql_log_count - before
        self.env.invalidate_all()
        with self.assertQueryCount(small):
            self._values(other)

    def _load_spanish(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"].search(
            [("name", "=", "strategic_client")]
        )._update_translations(["es_ES"])

    def _documents(self, partners, **context):
        """The HTML report of ``partners``: its headers and its documents (articles)."""
        html = (
            self.env["ir.actions.report"]
            .with_context(**context)
            ._render_qweb_html(REPORT, partners.ids, data=dict(REFERENCE))[0]
        )
        root = lxml.html.fromstring(html)
        by_class = "//div[contains(concat(' ', normalize-space(@class), ' '), ' %s ')]"
        return root.xpath(by_class % "header"), root.xpath(by_class % "article")

    def test_spanish(self):
        self._load_spanish()
        self.client.lang = "es_ES"
        self._lines_invoice(self.client, date(2026, 2, 1), [(self.loose, 1, 10, None)])
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(REPORT, self.client.ids, data=dict(REFERENCE))[0]
            .decode()
        )
        self.assertIn("Informe de consumo", html)
        self.assertIn("Sin categoría", html)
        self.assertNotIn("Consumption report", html)

    def test_change_in_the_number_format_of_the_language(self):
        """Beside "54.000,00" the change reads "+12,5 %" in Spanish, not "+12.5 %"."""
        self._load_spanish()
        self._lines_invoice(self.client, date(2025, 3, 1), [(self.loose, 1, 1000, None)])
        self._lines_invoice(self.client, date(2026, 3, 1), [(self.loose, 1, 1125, None)])
        report = self.env["report.strategic_client.report_consumption"]
        self.client.lang = "es_ES"
        values = report._get_report_values(self.client.ids, dict(REFERENCE))
        self.assertEqual(values["reports"][self.client.id]["change"], "+12,5 %")
        self.client.lang = "en_US"
        values = report._get_report_values(self.client.ids, dict(REFERENCE))
        self.assertEqual(values["reports"][self.client.id]["change"], "+12.5 %")

    def test_one_layout_per_client_in_its_language(self):
        self._load_spanish()
        self.company.external_report_layout_id = self.env.ref("web.external_layout_standard")
        self.company.report_header = "<p>Quality since 1950</p>"
        self.company.update_field_translations(
            "report_header", {"es_ES": {"Quality since 1950": "Calidad desde 1950"}}
        )
        spanish = self._customer("Cliente Uno", lang="es_ES")
        self.client.lang = "en_US"
        headers, articles = self._documents(spanish | self.client)
        # one header and one document per client, in the client's order and language
        self.assertEqual(len(headers), 2)
        self.assertEqual(
            [(int(a.get("data-oe-id")), a.get("data-oe-lang")) for a in articles],
            [(spanish.id, "es_ES"), (self.client.id, "en_US")],
        )
        es_header, en_header = (header.text_content() for header in headers)
        es_text, en_text = (article.text_content() for article in articles)
        self.assertIn("Calidad desde 1950", es_header)
        self.assertNotIn("Quality since 1950", es_header)
        self.assertIn("Quality since 1950", en_header)
        self.assertIn("Informe de consumo", es_text)
        self.assertNotIn("Consumption report", es_text)
        self.assertIn("Consumption report", en_text)
        self.assertNotIn("Informe de consumo", en_text)
        # each document carries its own client's address only
        self.assertIn("Cliente Uno", es_text)
        self.assertNotIn("Andina Foods", es_text)
        self.assertIn("Andina Foods", en_text)

    def test_layout_of_the_current_company(self):
        # the figures are those of the company the report is printed in: so is the layout,
        # even for a client that belongs to another company
        other = self.env["res.company"].create({"name": "Andes Cement Ltd"})
        self.env.user.company_ids |= other
        self.client.company_id = self.company
        headers, articles = self._documents(
            self.client, allowed_company_ids=[other.id, self.company.id]
        )
        self.assertIn(f"o_company_{other.id}_layout", headers[0].get("class"))
        self.assertIn(f"o_company_{other.id}_layout", articles[0].get("class"))
        self.assertIn("Andes Cement Ltd", headers[0].text_content())
        self.assertIn(
            "Your purchases from Andes Cement Ltd", " ".join(articles[0].text_content().split())
        )

    def test_pdf_text(self):
        if not shutil.which("wkhtmltopdf"):
            self.skipTest("wkhtmltopdf is not installed (make test installs it where it can)")
        self._load_spanish()
        self._lines_invoice(self.client, date(2026, 2, 1), [(self.bag, 3, 70, None)])
        other = self._customer("Second Client", lang="es_ES")
        self._lines_invoice(other, date(2025, 8, 1), [(self.bag, 1, 40, None)])
        try:
            pdf, kind = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(REPORT, (self.client | other).ids, data=dict(REFERENCE))
            )
        except SkipTest as error:  # how Odoo says, in tests, wkhtmltopdf refused several
            self.fail(f"Two clients must give one PDF with any wkhtmltopdf: {error}")
        self.assertEqual(kind, "pdf")
        reader = PdfFileReader(io.BytesIO(pdf))
        text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
        # several clients, several documents (one wkhtmltopdf run each where it cannot take
        # them together), one PDF; each client in its own language
        for expected in ("Andina Foods", "Second Client", "S1 2023", "S1 2026", "210", "40"):
            self.assertIn(expected, text)
        self.assertIn("Consumption report", text)
        self.assertIn("Informe de consumo", text)
        self.assertLess(text.index("Andina Foods"), text.index("Second Client"))

    def _pdf_pages(self, partners):
        """The text of each page of the PDF of ``partners``, as a reader selects it."""
        if not shutil.which("wkhtmltopdf"):
            self.skipTest("wkhtmltopdf is not installed (make test installs it where it can)")
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(REPORT, partners.ids, data=dict(REFERENCE))
        )
        reader = PdfFileReader(io.BytesIO(pdf))
        return [" ".join(page.extract_text().split()) for page in reader.pages]

    def _many_products(self):
        """30 products (half of them weighed) bought in S1 2025 and S1 2026 only."""
        products = self.env["product.product"].create(
            [
                {"name": f"Mortar {i:02d}", "categ_id": self.cement.id, "weight": 5.0 * (i % 2)}
                for i in range(30)
            ]
        )
        for day in (date(2025, 3, 1), date(2026, 3, 1)):
            self._lines_invoice(self.client, day, [(p, 2, 30, None) for p in products])
        # large figures too: 1,234,567 Units, 6,172,835 kg, 1,234,567 in a cell
        self._lines_invoice(self.client, date(2024, 3, 1), [(products[1], 1234567, 1, None)])
        return products

    def test_company_header_on_every_page(self):
        self.company.name = "Cementos del Sur"
        self.company.partner_id.write({"street": "Av. Industrial 1200", "city": "Arequipa"})
        # a long address beside the title
        self.client.write(
            {
                "street": "Parque Industrial Río Seco, Manzana C, Lote 14",
                "street2": "Cerro Colorado",
                "city": "Arequipa",
                "zip": "04014",
                "country_id": self.env.ref("base.pe").id,
                "phone": "+51 54 123 456",
            }
        )
        self._many_products()
        data = dict(REFERENCE, report_type="pdf")
        for layout in ("standard", "boxed", "bold", "striped", "bubble", "wave", "folder"):
            self.company.external_report_layout_id = self.env.ref(f"web.external_layout_{layout}")
            pages = self._pdf_pages(self.client)
            # 30 products and their category do not fit one A4 landscape page
            self.assertGreaterEqual(len(pages), 3)
            for number, text in enumerate(pages, 1):
                self.assertIn("Cementos del Sur", text, f"{layout}: no header on page {number}")
            # each page printed holds exactly the rows laid out for it: none overflowed onto
            # a page of its own (the heights are fixed by the template, whatever the font)
            planned = self.env["report.strategic_client.report_consumption"]._get_report_values(
                self.client.ids, dict(data)
            )["reports"][self.client.id]["pages"]
            self.assertEqual(
                [text.count("Mortar ") for text in pages],
                [sum(row["name"].startswith("Mortar ") for row in rows) for rows in planned],
                layout,
            )
            # the text is selectable: words, not drawings
            self.assertIn("Consumption report S1 2026", pages[0])
            # the table's rows are all there, once, page after page
            self.assertEqual(sum(text.count("Mortar ") for text in pages), 30)
        if not self.env["ir.actions.report"]._strategic_prints_separate_header():
            # no separate header printed: it is in the pages, with the address
            html = (
                self.env["ir.actions.report"]
                ._render_qweb_html(
                    REPORT, self.client.ids, data=dict(REFERENCE, report_type="pdf")
                )[0]
                .decode()
            )
            self.assertEqual(len(self._company_headers(html)), len(pages))

    def test_fewer_rows_a_page_under_a_separate_header(self):
        # wkhtmltopdf "with patched qt" prints the layout's header in the top margin: the
        # pages keep room for it and print no header of their own
        self._many_products()
        report = self.env["report.strategic_client.report_consumption"]
        Report = type(self.env["ir.actions.report"])
        data = dict(REFERENCE, report_type="pdf")
        with patch.object(Report, "_strategic_prints_separate_header", return_value=False):
            in_page = report._get_report_values(self.client.ids, data)
        with patch.object(Report, "_strategic_prints_separate_header", return_value=True):
            apart = report._get_report_values(self.client.ids, data)
        self.assertTrue(in_page["header_in_body"])
        self.assertFalse(apart["header_in_body"])
        in_page, apart = (v["reports"][self.client.id]["pages"] for v in (in_page, apart))
        self.assertLess(len(apart[0]), len(in_page[0]))
        self.assertEqual(sum(map(len, apart)), sum(map(len, in_page)))

    def test_header_in_the_page_only_for_pdf_without_separate_header(self):
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(REPORT, self.client.ids, data=dict(REFERENCE))[0]
            .decode()
        )
        # on screen the layout's header shows: not twice
        self.assertFalse(self._company_headers(html))

    def _company_headers(self, html):
        """The company's headers printed in the pages of the report."""
        return lxml.html.fromstring(html).xpath(
            "//div[contains(concat(' ', @class, ' '), ' o_strategic_company_header ')]"
        )

    def _rows(self, html):
        """{row name: [its cells' text]} of the report's table."""
        root = lxml.html.fromstring(html)
        return {
            " ".join(tr[0].text_content().split()): [
                " ".join(td.text_content().split()) for td in tr[1:]
            ]
            for tr in root.xpath("//table[contains(@class, 'o_strategic_table')]/tbody/tr")
        }

    def test_readable_table(self):
        self._lines_invoice(self.client, date(2025, 2, 1), [(self.bag, 4, 25, None)])
        self._lines_invoice(
            self.client, date(2026, 2, 1), [(self.bag, 10, 10, None), (self.loose, 3, 5, None)]
        )
        self.loose.weight = 0.0
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(REPORT, self.client.ids, data=dict(REFERENCE))[0]
            .decode()
        )
        rows = self._rows(html)
        # 7 semesters and the change: one column each
        bag, loose, cement = rows["Cement bag"], rows["Loose item"], rows["Cement"]
        self.assertEqual(len(bag), 8)
        # nothing sold: an empty cell, not a zero
        self.assertEqual(bag[:4] + [bag[5]], ["", "", "", "", ""])
        self.assertEqual(loose[:6], [""] * 6)
        # amount, then quantity in the product's unit and kg, for a product with a weight
        self.assertEqual(bag[4], "100 4 Units 100 kg")
        self.assertEqual(bag[6], "100 10 Units 250 kg")
        # no kg for a product without weight, nor for its category
        self.assertEqual(loose[6], "15 3 Units")
        self.assertNotIn("kg", " ".join(rows["No category"]))
        # a category adds kg, not units of different products
        self.assertEqual(cement[6], "100 250 kg")
        # the change says what it compares
        self.assertEqual(bag[7], "+0.0 %")
        self.assertEqual(loose[7], "")
        root = lxml.html.fromstring(html)
        (change,) = {
            " ".join(table.xpath("./thead/tr[1]/th")[-1].text_content().split())
            for table in root.xpath("//table[contains(@class, 'o_strategic_table')]")
        }
        self.assertEqual(change, "Change S1 2026 vs S1 2025")
        # the chart labels every semester
        labels = [t.text_content() for t in root.xpath("//*[@class='o_strategic_chart_label']")]
        self.assertEqual(
            labels,
            ["S1 2023", "S2 2023", "S1 2024", "S2 2024", "S1 2025", "S2 2025", "S1 2026"],
        )

    def test_pdf_readable_text(self):
        self._lines_invoice(self.client, date(2025, 2, 1), [(self.bag, 4, 25, None)])
        self._lines_invoice(self.client, date(2026, 2, 1), [(self.bag, 10, 10, None)])
        self.loose.weight = 0.0
        self._lines_invoice(self.client, date(2026, 2, 1), [(self.loose, 3, 5, None)])
        (text,) = self._pdf_pages(self.client)
        self.assertNotIn("0.00", text)
        self.assertIn("Change S1 2026 vs S1 2025", text)
        for label in ("S2 2023", "S1 2024", "S2 2024", "S2 2025"):
            # in the chart and the table's header
            self.assertEqual(text.count(label), 2, label)
        # kg in the bag's row, its category's and the total, S1 2025 and S1 2026, and once in
        # the legend; none for the loose item, without weight, nor its category
        self.assertIn("10 Units 250 kg", text)
        self.assertIn("3 Units", text)
        self.assertEqual(text.count(" kg"), 7)


@tagged("post_install", "-at_install")
class TestConsumptionReportRights(StrategicCommon):
    """The report shows no more than Odoo lets the reader read of the invoices it adds up."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            role: new_test_user(cls.env, f"report_{role}", groups=groups, company_id=cls.company.id)
            for role, groups in {
                "own": "sales_team.group_sale_salesman,base.group_partner_manager",
                "all": "sales_team.group_sale_salesman_all_leads,base.group_partner_manager",
                "inventory": "stock.group_stock_user,base.group_partner_manager",
            }.items()
        }
        cls.shared = cls._customer("Shared Client")
        cls.mine = cls._customer("My Client")
        cls._sold(cls.shared, cls.users["own"], 100.0)
        cls._sold(cls.shared, cls.env.user, 900.0)  # another salesperson's invoice
        cls._sold(cls.mine, cls.users["own"], 50.0)

    @classmethod
    def _sold(cls, partner, salesperson, amount):
        invoice = cls._invoice(partner, amount, date(2026, 2, 1), post=False)
        invoice.invoice_user_id = salesperson
        invoice.action_post()

    def _total(self, role, partner):
        report = self.env["report.strategic_client.report_consumption"].with_user(self.users[role])
        return report._get_report_values(partner.ids, REFERENCE)["reports"][partner.id]["total"]

    def test_salesperson_of_own_documents(self):
        # the report of a client invoiced by others too would show their invoices: refused
        with self.assertRaisesRegex(AccessError, "Shared Client.*other salespeople"):
            self._total("own", self.shared)
        with self.assertRaisesRegex(AccessError, "Shared Client"):
            self.env["ir.actions.report"].with_user(self.users["own"])._render_qweb_html(
                REPORT, self.shared.ids, data=REFERENCE
            )
        # ... a client they invoice alone: every figure
        self.assertAlmostEqual(self._total("own", self.mine), 50.0)

    def test_salesperson_of_all_documents(self):
        self.assertAlmostEqual(self._total("all", self.shared), 1000.0)

    def test_inventory_user(self):
        with self.assertRaisesRegex(AccessError, "customer invoices, which you may not read"):
            self._total("inventory", self.mine)

    def test_buttons_only_where_the_report_can_be_printed(self):
        """The form's Consumption report and Send consumption report show (field
        strategic_can_print_consumption) only where they end in a report, not in an
        access error."""
        expected = {
            "own": {self.shared: False, self.mine: True},
            "all": {self.shared: True, self.mine: True},
            "inventory": {self.shared: False, self.mine: False},
        }
        for role, by_client in expected.items():
            clients = (self.shared | self.mine).with_user(self.users[role])
            with self.subTest(role=role):
                self.assertEqual(
                    {client: client.strategic_can_print_consumption for client in clients},
                    {client.with_user(self.users[role]): can for client, can in by_client.items()},
                )
        arch = self.env.ref("strategic_client.view_partner_form").arch
        for button in (
            "action_strategic_print_consumption",
            "action_strategic_send_consumption_report",
        ):
            node = lxml.etree.fromstring(arch).xpath(f"//button[@name='{button}']")[0]
            self.assertIn("not strategic_can_print_consumption", node.get("invisible"))


@tagged("post_install", "-at_install")
class TestConsumptionSending(StrategicCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._criterion("prestige", 1)
        cls.kam = cls.env["res.users"].create(
            {"name": "Kim Manager", "login": "kim", "email": "kim@example.com"}
        )
        cls.with_email = cls._customer(
            "Mailed Client",
            strategic_prestige=True,
            email="client@example.com",
            key_account_manager_id=cls.kam.id,
        )
        cls.accounts = cls.env["res.partner"].create(
            {
                "name": "Accounts payable",
                "parent_id": cls.with_email.id,
                "type": "invoice",
                "email": "ap@example.com",
            }
        )
        cls.without_email = cls._customer(
            "Silent Client", strategic_prestige=True, key_account_manager_id=cls.kam.id
        )
        cls.not_strategic = cls._customer("Ordinary Client", email="o@example.com")
        cls.company._strategic_recompute()

    def _run_cron(self):
        self.env["res.company"]._cron_strategic_consumption_reports()

    def test_semester_job_sends_once_and_lists_the_skipped(self):
        self._run_cron()
        semester = self.env["report.strategic_client.report_consumption"]._reference_semester(None)
        sent = self.env["strategic.consumption.sent"].search(
            [("company_id", "=", self.company.id), ("semester", "=", semester)]
        )
        self.assertEqual(
            {(s.partner_id, s.state) for s in sent},
            {(self.with_email, "sent"), (self.without_email, "skipped")},
        )
        message = sent.filtered(lambda s: s.state == "sent").message_id
        self.assertEqual(message.model, "res.partner")
        self.assertEqual(message.res_id, self.with_email.id)
        self.assertIn("consumption report", message.subject.lower())
        self.assertEqual(message.partner_ids, self.accounts | self.kam.partner_id)
        self.assertEqual(len(message.attachment_ids), 1)
        activities = self.env["mail.activity"].search(
            [
                ("user_id", "=", self.kam.id),
                ("res_id", "=", self.company.partner_id.id),
                ("res_model", "=", "res.partner"),
            ]
        )
        self.assertEqual(len(activities), 1)
        self.assertIn("Silent Client", activities.note)
        # run again: nothing sent twice, no second activity
        messages = self.env["mail.message"].search_count([("model", "=", "res.partner")])
        self._run_cron()
        self.assertEqual(
            self.env["mail.message"].search_count([("model", "=", "res.partner")]), messages
        )
        self.assertEqual(
            self.env["mail.activity"].search_count(
                [("user_id", "=", self.kam.id), ("res_id", "=", self.company.partner_id.id)]
            ),
            1,
        )

    def test_send_button_for_one_client(self):
        self.with_email.action_strategic_send_consumption_report()
        self.assertEqual(
            self.env["strategic.consumption.sent"]
            .search([("partner_id", "=", self.with_email.id)])
            .state,
            "sent",
        )
        with self.assertRaisesRegex(UserError, "Silent Client"):
            self.without_email.action_strategic_send_consumption_report()
