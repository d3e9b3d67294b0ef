# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""ir.actions.report: the consumption report of several clients as one PDF with a
wkhtmltopdf that cannot merge documents, and whether it prints the layout's separate
header."""

import functools
import subprocess

from odoo import api, models

from odoo.addons.base.models.ir_actions_report import _wkhtml

CONSUMPTION_REPORT = "strategic_client.report_consumption"


@functools.lru_cache(1)
def _wkhtmltopdf_patched_qt():
    """Whether wkhtmltopdf is built "with patched qt" (wkhtmltopdf.org's packages), the build
    that prints a separate header and footer on every page and several documents in one run
    (Odoo keeps only the version number, not the build)."""
    info = _wkhtml()
    if info.state != "ok":
        return False
    try:
        out = subprocess.run(
            [info.bin, "--version"], capture_output=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return b"with patched qt" in out


class IrActionsReport(models.Model):
    """The consumption report of several clients as one PDF, with any wkhtmltopdf."""

    _inherit = "ir.actions.report"

    @api.model
    def _strategic_prints_separate_header(self):
        """Whether the PDFs get the layout's separate header on every page; otherwise the
        consumption report prints the company's header in its pages."""
        return _wkhtmltopdf_patched_qt()

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """Each client of the consumption report is a document of its own (its header and
        footer, its language). Odoo hands several documents to one wkhtmltopdf run, which
        Debian's build (unpatched Qt) refuses; so render one PDF per client, which Odoo then
        merges into one in the clients' order."""
        if self._get_report(report_ref).report_name != CONSUMPTION_REPORT:
            return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        # printed from the screen, the clients come in the report's options
        report = self.env[f"report.{CONSUMPTION_REPORT}"]
        clients = list(dict.fromkeys(report._partner_ids(res_ids, data)))
        if len(clients) < 2:
            return super()._render_qweb_pdf_prepare_streams(
                report_ref, data, res_ids=clients or res_ids
            )
        streams = {}
        for client in clients:
            streams.update(
                super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=[client])
            )
        return streams
