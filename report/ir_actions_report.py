# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

CONSUMPTION_REPORT = "strategic_client.report_consumption"


class IrActionsReport(models.Model):
    """The consumption report of several clients as one PDF, with any wkhtmltopdf."""

    _inherit = "ir.actions.report"

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """Each client of the consumption report is a document of its own (its header and
        footer, its language). Odoo hands several documents to one wkhtmltopdf run, which
        Debian's build (unpatched Qt) refuses; so render one PDF per client, which Odoo then
        merges into one in the clients' order."""
        clients = list(dict.fromkeys(res_ids or []))
        if len(clients) < 2 or self._get_report(report_ref).report_name != CONSUMPTION_REPORT:
            return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        streams = {}
        for client in clients:
            streams.update(
                super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=[client])
            )
        return streams
