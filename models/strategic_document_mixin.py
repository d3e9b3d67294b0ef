# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""strategic.document.mixin: the strategic flag and benefit that orders, transfers and
invoices read from their client's stored status."""

from odoo import api, fields, models


class StrategicDocumentMixin(models.AbstractModel):
    """A document (order, transfer, invoice) of a client: shows whether its commercial
    partner is strategic for the document's company, and the benefit it brings."""

    _name = "strategic.document.mixin"
    _description = "Document of a strategic client"

    strategic_client = fields.Boolean(
        string="Strategic",
        compute="_compute_strategic_client",
        store=True,
        help="The client (commercial partner) is strategic for this company: give it priority.",
        groups="base.group_user",
    )
    strategic_segment = fields.Selection(
        [("strategic", "Strategic clients"), ("other", "Other clients")],
        string="Client Segment",
        compute="_compute_strategic_client",
        store=True,
        help="Strategic clients or other clients: the flag Strategic, named for reports "
        "(pivots and graphs group by it).",
        groups="base.group_user",
    )
    strategic_benefit = fields.Char(
        compute="_compute_strategic_benefit",
        help="What the company gains from this strategic client.",
        groups="base.group_user",
    )

    def _strategic_applies(self):
        """Whether the flag applies to this document at all (e.g. customer invoices only)."""
        self.ensure_one()
        return True

    @api.depends("partner_id.commercial_partner_id", "company_id")
    def _compute_strategic_client(self):
        for record in self:
            partner = record.partner_id.commercial_partner_id.with_company(record.company_id)
            record.strategic_client = (
                bool(partner) and record._strategic_applies() and (partner.sudo().is_strategic)
            )
            record.strategic_segment = "strategic" if record.strategic_client else "other"

    @api.depends("strategic_client")
    def _compute_strategic_benefit(self):
        for record in self:
            partner = record.partner_id.commercial_partner_id.with_company(record.company_id)
            record.strategic_benefit = (
                record.strategic_client and partner.sudo().strategic_benefit or False
            )

    @api.model
    def _strategic_documents_domain(self, partners, company):
        return [
            ("partner_id.commercial_partner_id", "in", partners.ids),
            ("company_id", "=", company.id),
        ]

    @api.model
    def _strategic_refresh(self, partners, company):
        """The status of ``partners`` changed in ``company``: recompute the flag of their
        documents (one search, one batched update)."""
        documents = self.with_context(active_test=False).search(
            self._strategic_documents_domain(partners, company)
        )
        for name in ("strategic_client", "strategic_segment"):
            self.env.add_to_compute(self._fields[name], documents)
        documents.flush_recordset(["strategic_client", "strategic_segment"])
        return documents
