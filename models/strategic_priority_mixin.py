# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""strategic.priority.mixin: open documents (deliveries, improvement requests) whose priority
follows their client's strategic status, unless someone set it by hand."""

from odoo import api, fields, models


class StrategicPriorityMixin(models.AbstractModel):
    """A client's document with a ``priority``: while it is open, it takes the priority of
    strategic clients when its client is strategic, and goes back to the ordinary one when
    it stops being so (with a note on its chatter), unless someone changed its priority by
    hand. Each model says which documents are open, which priority each status gives and
    what the note says."""

    _name = "strategic.priority.mixin"
    _inherit = ["strategic.document.mixin"]
    _description = "Document whose priority follows its strategic client"

    priority_set_by_hand = fields.Boolean(
        copy=True,
        help="Someone changed the priority of this document by hand: the strategic status "
        "of the client no longer changes it.",
    )

    def write(self, vals):
        if "priority" in vals and not self.env.context.get("strategic_priority"):
            vals = dict(vals, priority_set_by_hand=True)
        return super().write(vals)

    # --- what each model says -------------------------------------------------------------
    @api.model
    def _strategic_open_domain(self):
        """The documents whose priority still follows the client (e.g. not done)."""
        return []

    @api.model
    def _strategic_priority(self, is_strategic, company):
        """The priority of a document of a strategic client (or not) in ``company``."""
        raise NotImplementedError()

    @api.model
    def _strategic_priority_note(self, is_strategic, priority):
        """The chatter note of documents given ``priority`` by their client's status."""
        raise NotImplementedError()

    # --- the mechanism ----------------------------------------------------------------------
    @api.model
    def _strategic_follow_status(self, partners, company):
        """``partners`` became strategic or stopped being so in ``company``: their open
        documents follow, unless their priority was set by hand."""
        documents = self.search(
            self._strategic_documents_domain(partners, company)
            + self._strategic_open_domain()
            + [("priority_set_by_hand", "=", False)]
        )
        documents._strategic_apply_priority()
        return documents

    def _strategic_apply_priority(self):
        """Give these documents the priority of their client's status: one write of the
        priority alone per priority, and one batch of chatter notes saying why (the number
        of queries does not grow with the number of documents).

        :return: the documents whose priority changed
        """
        changed = self.browse()
        groups = self.grouped(lambda doc: (doc.company_id, doc.strategic_client))
        for (company, is_strategic), documents in groups.items():
            priority = self._strategic_priority(is_strategic, company)
            documents = documents.filtered(lambda doc, p=priority: doc.priority != p)
            if not documents:
                continue
            # the note says it: no tracking message per document besides
            documents.with_context(strategic_priority=True, mail_notrack=True).write(
                {"priority": priority}
            )
            body = self._strategic_priority_note(is_strategic, priority)
            documents._message_log_batch(bodies=dict.fromkeys(documents.ids, body))
            changed |= documents
        return changed
