# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The consumption report's figures: the client's purchases by category and product over the
last 3 years and the reference semester, in one grouped query, split into pages."""

from collections import defaultdict
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import SQL, formatLang

YEARS_BEFORE = 3  # the seed: the last 3 years + the semester in reference
# The table is laid out page by page (A4 landscape), each page under the company's header,
# so that the header is on every page even with a wkhtmltopdf that prints no separate header
# nor a table's header again on the next page. Every block of a page has its height fixed in
# pixels by the template's style, whatever the font and whether the layout's stylesheets
# could be loaded (report_consumption_document); the pages add up these heights, the same
# on any server. Heights in CSS pixels, borders and paddings included.
# A page: 180 mm (A4 landscape less the margins) at 96 px an inch; wkhtmltopdf's smart
# shrinking only ever fits more on it.
PAGE_HEIGHT = 680
COMPANY_HEADER_HEIGHT = 64  # 56 + margin
CONTINUED_HEIGHT = 24  # "(continued)" line, 20 + margin
INTRO_HEIGHT = 34 + 24 + 54 + 218  # title, client, intro text, summary and chart
HEAD_HEIGHT = 43  # the columns' labels: 38 + padding + border
LEGEND_HEIGHT = 31  # the line under them on the first page: 26 + padding + border
ROW_HEIGHT = 25  # a row with a line of amounts: 20 + padding + border
DETAIL_HEIGHT = 13  # each line under it (quantity, kg)
MARGIN = 16  # the total's top border, rounding
# the 20 mm more of top margin kept for a separate header (paperformat 30 mm, in-page 10 mm)
SEPARATE_HEADER_HEIGHT = 75
FIRST_PAGE_HEIGHT = (
    PAGE_HEIGHT - COMPANY_HEADER_HEIGHT - INTRO_HEIGHT - HEAD_HEIGHT - LEGEND_HEIGHT - MARGIN
)
NEXT_PAGE_HEIGHT = PAGE_HEIGHT - COMPANY_HEADER_HEIGHT - CONTINUED_HEIGHT - HEAD_HEIGHT - MARGIN


def semester_index(day):
    """Semesters as consecutive integers: 2*year + 0 (Jan-Jun) or 1 (Jul-Dec)."""
    return day.year * 2 + (day.month - 1) // 6


def semester_dates(index):
    year, half = divmod(index, 2)
    start = date(year, 1 + 6 * half, 1)
    return start, start + relativedelta(months=6, days=-1)


def last_complete_semester(today):
    return semester_index(today) - 1


class ConsumptionReport(models.AbstractModel):
    """Consumption of a client over the reference semester and the 3 years before it, by
    product category and product: quantity, kg and untaxed amount per semester."""

    _name = "report.strategic_client.report_consumption"
    _description = "Strategic Clients: consumption report"

    @api.model
    def _reference_semester(self, data):
        data = data or {}
        if data.get("year") and data.get("half"):
            return int(data["year"]) * 2 + int(data["half"]) - 1
        return last_complete_semester(fields.Date.context_today(self))

    @api.model
    def _columns(self, reference):
        """The semesters of the report: the 3 years before ``reference``, then it."""
        return list(range(reference - 2 * YEARS_BEFORE, reference + 1))

    @api.model
    def _lines_domain(self, partners, first, last):
        """The invoice lines the report of ``partners`` adds up, semesters first to last."""
        return self.env["strategic.criterion"]._invoice_line_domain(
            self.env.company, partners, semester_dates(first)[0], semester_dates(last)[1]
        )

    @api.model
    def _check_access(self, partners, reference):
        """Refuse (AccessError) a reader who may not open every invoice the report of
        ``partners`` (commercial partners) for the ``reference`` semester adds up: what the
        report shows never exceeds what Odoo lets the reader read. One query."""
        self.env["res.users"]._strategic_check_group(
            "strategic_client.group_strategic_user", _("Print or send the consumption report")
        )
        if self.env.su:
            return
        if not self.env["account.move.line"].has_access("read"):
            raise AccessError(
                _(
                    "Consumption report: it adds up customer invoices, which you may not read. "
                    "Ask a user with Sales or Invoicing rights to print or send it."
                )
            )
        columns = self._columns(reference)
        hidden = partners - self._printable(
            partners, semester_dates(columns[0])[0], semester_dates(columns[-1])[1]
        )
        if hidden:
            raise AccessError(
                _(
                    "Consumption report of %(clients)s: it adds up invoices of other "
                    "salespeople, which you may not open. Ask a user who may read all customer "
                    "invoices (Sales: All Documents, or Invoicing) to print or send it.",
                    clients=", ".join(hidden.mapped("display_name")),
                )
            )

    def _printable(self, partners, date_from, date_to):
        """Those of ``partners`` (commercial partners) whose report the reader may print:
        Strategic Clients users who may open every invoice of ``date_from`` to ``date_to``
        that it adds up. One query for all (the form shows the report's buttons only where
        they end in a report, not in an access error)."""
        Line = self.env["account.move.line"]
        if self.env.su:
            return partners
        if not (
            self.env.user.has_group("strategic_client.group_strategic_user")
            and Line.has_access("read")
        ):
            return partners.browse()
        domain = Domain(
            self.env["strategic.criterion"]._invoice_line_domain(
                self.env.company, partners, date_from, date_to
            )
        )
        hidden = Line.sudo()._read_group(
            domain & Domain("id", "not in", Line._search(domain)), ["partner_id"]
        )
        return partners.browse(set(partners.ids) - {partner.id for (partner,) in hidden})

    def _printable_from_the_form(self, partners):
        """Those of ``partners`` whose report the form's buttons print and send: the
        default semester's (and the months since, should the reader pick a later one)."""
        first = self._columns(self._reference_semester(None))[0]
        return self._printable(partners, semester_dates(first)[0], fields.Date.context_today(self))

    @api.model
    def _partner_ids(self, docids, data):
        """The clients of the report: the records printed, else those its options name (the
        web client turns a report action with ``data`` into a URL of options, without the
        records' ids: the wizard puts them in the options)."""
        return list(docids or map(int, (data or {}).get("partner_ids") or []))

    @api.model
    def _get_report_values(self, docids, data=None):
        partners = self.env["res.partner"].browse(self._partner_ids(docids, data))
        partners = partners.commercial_partner_id
        company = self.env.company
        reference = self._reference_semester(data)
        self._check_access(partners, reference)
        columns = self._columns(reference)
        figures = self._consumption_figures(company, partners, columns[0], columns[-1])
        header_in_body = (data or {}).get("report_type") == "pdf" and not self.env[
            "ir.actions.report"
        ]._strategic_prints_separate_header()
        return {
            "doc_ids": partners.ids,
            "doc_model": "res.partner",
            "docs": partners,
            "company": company,
            "currency": company.currency_id,
            "company_address": self._one_line_address(company.partner_id),
            "addresses": {partner.id: self._one_line_address(partner) for partner in partners},
            "header_in_body": header_in_body,
            "reports": {
                partner.id: self.with_context(lang=partner.lang)._build(
                    columns, figures.get(partner.id, []), header_in_body=header_in_body
                )
                for partner in partners
            },
        }

    @api.model
    def _one_line_address(self, partner):
        """The address of ``partner`` on one line, so that it takes the same room whatever
        its length."""
        lines = partner.with_context(lang=partner.lang or self.env.lang)._display_address(
            without_company=True
        )
        return ", ".join(filter(None, map(str.strip, lines.splitlines())))

    # ------------------------------------------------------------------------------------
    # One grouped query for every client of the report, whatever the number of lines
    # ------------------------------------------------------------------------------------
    @api.model
    def _consumption_figures(self, company, partners, first, last):
        """The figures of the invoice lines the reader may read (record rules applied).

        :return: {partner_id: [(semester, category_id, product_id, qty, kg, amount)]}"""
        Line = self.env["account.move.line"].with_company(company)
        query = Line._search(self.with_company(company)._lines_domain(partners, first, last))
        move = query.join("account_move_line", "move_id", "account_move", "id", "move")
        product = query.left_join(
            "account_move_line", "product_id", "product_product", "id", "product"
        )
        template = query.left_join(product, "product_tmpl_id", "product_template", "id", "tmpl")
        line_uom = query.left_join(
            "account_move_line", "product_uom_id", "uom_uom", "id", "line_uom"
        )
        product_uom = query.left_join(template, "uom_id", "uom_uom", "id", "product_uom")
        sign = SQL("CASE WHEN %s.move_type = 'out_refund' THEN -1 ELSE 1 END", SQL.identifier(move))
        quantity = SQL(
            "%(sign)s * account_move_line.quantity"
            " * COALESCE(%(line_uom)s.factor / NULLIF(%(product_uom)s.factor, 0), 1)",
            sign=sign,
            line_uom=SQL.identifier(line_uom),
            product_uom=SQL.identifier(product_uom),
        )
        semester = SQL(
            "(EXTRACT(YEAR FROM account_move_line.invoice_date)::int * 2"
            " + (EXTRACT(MONTH FROM account_move_line.invoice_date)::int - 1) / 6)"
        )
        query.groupby = SQL(
            "account_move_line.partner_id, %s, %s.categ_id, account_move_line.product_id",
            semester,
            SQL.identifier(template),
        )
        self.env["account.move.line"].flush_model()
        rows = self.env.execute_query(
            query.select(
                SQL("account_move_line.partner_id"),
                semester,
                SQL("%s.categ_id", SQL.identifier(template)),
                SQL("account_move_line.product_id"),
                SQL("SUM(%s)", quantity),
                SQL("SUM(%s * COALESCE(%s.weight, 0))", quantity, SQL.identifier(product)),
                SQL("SUM(-account_move_line.balance)"),
            )
        )
        kg_factor = self.env["strategic.criterion"]._weight_to_kg_factor()
        figures = defaultdict(list)
        for partner_id, sem, categ_id, product_id, qty, kg, amount in rows:
            figures[partner_id].append((sem, categ_id, product_id, qty, kg * kg_factor, amount))
        return figures

    # ------------------------------------------------------------------------------------
    # Layout of one client's report
    # ------------------------------------------------------------------------------------
    @api.model
    def _semester_label(self, index):
        year, half = divmod(index, 2)
        return _("S%(half)s %(year)s", half=half + 1, year=year)

    @api.model
    def _build(self, columns, rows, header_in_body=True):
        position = {sem: i for i, sem in enumerate(columns)}

        def empty():
            return [[0.0, 0.0, 0.0] for _col in columns]

        categories = defaultdict(lambda: {"cells": empty(), "products": defaultdict(empty)})
        totals = empty()
        for sem, categ_id, product_id, qty, kg, amount in rows:
            i = position[sem]
            category = categories[categ_id]
            for cells in (category["cells"], category["products"][product_id], totals):
                cells[i][0] += qty
                cells[i][1] += kg
                cells[i][2] += amount
        Category = self.env["product.category"].sudo()
        Product = self.env["product.product"].sudo().with_context(active_test=False)
        # names in two grouped reads, whatever the number of products
        products = Product.browse(
            {pid for c in categories.values() for pid in c["products"] if pid}
        )
        products.fetch(["default_code", "product_tmpl_id", "weight"])
        products.product_tmpl_id.fetch(["name", "uom_id"])
        products.uom_id.fetch(["name"])
        by_id = {product.id: product for product in products}  # keeps the prefetch
        Category.browse([cid for cid in categories if cid]).fetch(["complete_name"])
        lines = []
        for categ_id, category in categories.items():
            name = Category.browse(categ_id).complete_name if categ_id else _("No category")
            product_lines = sorted(
                (
                    self._product_line(by_id.get(pid, Product), cells)
                    for pid, cells in category["products"].items()
                ),
                key=lambda p: -p["cells"][-1][2],
            )
            lines.append(
                {
                    "name": name,
                    "cells": category["cells"],
                    "change": self._change(category["cells"]),
                    "weighted": any(p["weighted"] for p in product_lines),
                    "uom": False,  # units of several products do not add up
                    "products": product_lines,
                }
            )
        lines.sort(key=lambda c: (-c["cells"][-1][2], c["name"]))
        return {
            "columns": [
                {"label": self._semester_label(sem), "reference": sem == columns[-1]}
                for sem in columns
            ],
            "reference_label": self._semester_label(columns[-1]),
            "period_label": _(
                "%(first)s to %(last)s",
                first=self._semester_label(columns[0]),
                last=self._semester_label(columns[-1]),
            ),
            "categories": lines,
            "pages": self._pages(
                header_in_body,
                lines,
                {
                    "cells": totals,
                    "change": self._change(totals),
                    "weighted": any(c["weighted"] for c in lines),
                    "uom": False,
                },
            ),
            "change_label": _(
                "%(reference)s vs %(before)s",
                reference=self._semester_label(columns[-1]),
                before=self._semester_label(columns[-3]),
            ),
            "totals": totals,
            "change": self._change(totals),
            "total": totals[-1][2],
            "top_categories": [c["name"] for c in lines if c["cells"][-1][2] > 0][:3],
            "chart": self._chart(columns, totals),
        }

    @api.model
    def _product_line(self, product, cells):
        """A product's row; kg only for a product that has a weight."""
        return {
            "name": self._product_name(product) if product else _("Other"),
            "cells": cells,
            "change": self._change(cells),
            "weighted": bool(product.weight),
            "uom": product.uom_id.name if product else False,
        }

    @api.model
    def _pages(self, header_in_body, categories, total):
        """The table's rows (categories, each followed by its products, then the total) page
        by page, as many as the page holds: less where the layout's header is printed
        apart, in the page's top margin (report_consumption keeps its room then)."""
        room = 0 if header_in_body else SEPARATE_HEADER_HEIGHT
        rows = []
        for category in categories:
            rows.append(dict(category, kind="category"))
            rows += [dict(product, kind="product") for product in category["products"]]
        rows.append(dict(total, kind="total", name=_("Total")))
        pages, height, budget = [[]], 0, FIRST_PAGE_HEIGHT - room
        for row in rows:
            row["details"] = bool(row["uom"]) + row["weighted"]
            row_height = ROW_HEIGHT + DETAIL_HEIGHT * row["details"]
            if pages[-1] and height + row_height > budget:
                pages.append([])
                height, budget = 0, NEXT_PAGE_HEIGHT - room
            pages[-1].append(row)
            height += row_height
        return pages

    @api.model
    def _product_name(self, product):
        name = product.product_tmpl_id.name
        return f"[{product.default_code}] {name}" if product.default_code else name

    @api.model
    def _change(self, cells):
        """% change of the amount in the reference semester against the same semester a
        year earlier, as text in the report's language ("+12.5 %", "+12,5 %"); False when
        there is no base."""
        before, now = cells[-3][2], cells[-1][2]
        if not before:
            return False
        change = 100.0 * (now - before) / abs(before)
        number = formatLang(self.env, change, digits=1)
        return _("%(value)s %%", value=f"+{number}" if change >= 0 else number)

    @api.model
    def _chart(self, columns, totals, width=640, height=200):
        """Bars of the amount per semester, laid out for an inline SVG."""
        amounts = [cell[2] for cell in totals]
        top = max([abs(a) for a in amounts] + [1.0])
        slot = width / len(amounts)
        plot = height - 40
        bars = []
        for i, (sem, amount) in enumerate(zip(columns, amounts, strict=True)):
            bar_height = round(plot * max(amount, 0.0) / top, 1)
            bars.append(
                {
                    "x": round(i * slot + slot * 0.15, 1),
                    "y": round(20 + plot - bar_height, 1),
                    "width": round(slot * 0.7, 1),
                    "height": bar_height,
                    "label": self._semester_label(sem),
                    "label_x": round(i * slot + slot / 2, 1),
                    "amount": amount,
                    "reference": sem == columns[-1],
                }
            )
        return {"width": width, "height": height, "bars": bars, "axis_y": 20 + plot}

    @api.model
    def _check_reference(self, year, half):
        if half not in (1, 2) or not 1900 < year < 3000:
            raise UserError(_("Reference semester: choose a year and the 1st or 2nd semester."))
        if year * 2 + half - 1 > last_complete_semester(fields.Date.context_today(self)):
            raise UserError(_("Reference semester: choose a semester that has already ended."))
