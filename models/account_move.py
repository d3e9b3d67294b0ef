# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""account.move: the strategic flag on customer invoices, the key account manager following
them, and the daily collection activities of overdue ones."""

from odoo import _, api, fields, models


class AccountMove(models.Model):
    _name = "account.move"
    _inherit = ["account.move", "strategic.document.mixin"]

    strategic_key_account_manager_id = fields.Many2one(
        related="commercial_partner_id.key_account_manager_id",
        string="Key Account Manager",
        groups="base.group_user",
    )
    strategic_collection_activity = fields.Boolean(
        copy=False,
        help="A collection activity was given to the key account manager for this invoice.",
        groups="base.group_user",
    )

    def _strategic_applies(self):
        return self.is_sale_document(include_receipts=False)

    @api.model
    def _strategic_documents_domain(self, partners, company):
        return super()._strategic_documents_domain(partners, company) + [
            ("move_type", "in", ("out_invoice", "out_refund"))
        ]

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._strategic_subscribe_key_account_managers()
        return posted

    def _strategic_subscribe_key_account_managers(self):
        """The key account manager follows the invoices of the strategic clients."""
        invoices = self.filtered(
            lambda m: m.strategic_client and m.strategic_key_account_manager_id
        )
        for manager, moves in invoices.grouped("strategic_key_account_manager_id").items():
            moves.message_subscribe(partner_ids=manager.partner_id.ids)

    @api.model
    def _strategic_overdue_domain(self):
        return [
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "in", ("not_paid", "partial")),
            ("invoice_date_due", "<", fields.Date.context_today(self)),
            ("strategic_client", "=", True),
        ]

    @api.model
    def _cron_strategic_collection(self):
        """One "Collection" activity per overdue invoice of a strategic client, never two
        for the same invoice, for the client's responsible (its key account manager, see
        res.partner._strategic_activity_user)."""
        invoices = self.search(
            self._strategic_overdue_domain() + [("strategic_collection_activity", "=", False)]
        )
        today = fields.Date.context_today(self)
        for user, group in invoices.grouped(
            lambda inv: inv.commercial_partner_id._strategic_activity_user()
        ).items():
            group.activity_schedule(
                "strategic_client.mail_activity_type_collection",
                date_deadline=today,
                summary=_("Collect this overdue invoice"),
                user_id=user.id,
            )
        invoices.strategic_collection_activity = True
