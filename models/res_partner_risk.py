# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""res.partner: the early warning of a strategic client at risk, per company, as the
recompute (strategic.ranking, see strategic_ranking_risk.py) stored it: the flag (filter,
column, form) and the facts of each reason, with their SQL reader and writer; the reasons'
sentences, with the figures, are built from the facts in the reader's language."""

import json

from odoo import api, fields, models
from odoo.tools import SQL


class ResPartner(models.Model):
    _inherit = "res.partner"

    strategic_at_risk = fields.Boolean(
        string="At Risk",
        company_dependent=True,
        copy=False,
        readonly=True,
        help="A strategic client that may soon lose its status or its place: a criterion "
        "it meets is near its threshold, its payment habits near the limits, its rank "
        "near the cap, or a met figure fell against a year earlier (see Settings, Early "
        "Warning Margin). Set by the recompute of the strategic clients.",
        groups="base.group_user",
    )
    # the facts behind each reason (figures from invoices: for those who may read them), as
    # the recompute found them; the sentences are built from them in the reader's language
    strategic_risk_facts = fields.Text(
        string="Facts of the Risk",
        company_dependent=True,
        copy=False,
        readonly=True,
        help="The reasons why the client is at risk and their figures (JSON), as the last "
        "recompute of the strategic clients found them.",
        groups="strategic_client.group_strategic_figures",
    )
    strategic_risk_reason = fields.Text(
        string="Why at Risk",
        compute="_compute_strategic_risk_reason",
        help="Why the client is at risk, one sentence per reason with the figures, as the "
        "last recompute of the strategic clients found it.",
        groups="strategic_client.group_strategic_figures",
    )

    @api.depends("strategic_risk_facts")
    @api.depends_context("company", "lang")
    def _compute_strategic_risk_reason(self):
        ranking = self.env["strategic.ranking"]
        company = self.env.company
        reasons = {partner: json.loads(partner.strategic_risk_facts or "[]") for partner in self}
        # a criterion deleted since the recompute: its reasons go with it
        criterion_ids = {
            facts["criterion"]
            for found in reasons.values()
            for _key, facts in found
            if "criterion" in facts
        }
        existing = set(self.env["strategic.criterion"].browse(criterion_ids).exists().ids)
        for partner, found in reasons.items():
            partner.strategic_risk_reason = (
                "\n".join(
                    ranking._risk_texts(company, facts)[1]
                    for _key, facts in found
                    if "criterion" not in facts or facts["criterion"] in existing
                )
                or False
            )

    @api.model
    def _strategic_write_risk(self, company, changes):
        """Write the company's early warning of the partners in ``changes``
        ({partner_id: (at_risk, facts as JSON or False)}) in one statement."""
        if not changes:
            return
        self.flush_model(["strategic_at_risk", "strategic_risk_facts"])
        ids = list(changes)
        self.env.execute_query(
            SQL(
                """
                UPDATE res_partner partner
                   SET strategic_at_risk = COALESCE(partner.strategic_at_risk, '{}'::jsonb)
                           || jsonb_build_object(%(key)s::text, risk.at_risk),
                       strategic_risk_facts = COALESCE(partner.strategic_risk_facts, '{}'::jsonb)
                           || jsonb_build_object(%(key)s::text, risk.reason)
                  FROM unnest(%(ids)s::int[], %(flags)s::bool[], %(reasons)s::text[])
                       AS risk(id, at_risk, reason)
                 WHERE partner.id = risk.id
                """,
                key=str(company.id),
                ids=ids,
                flags=[changes[pid][0] for pid in ids],
                reasons=[changes[pid][1] or None for pid in ids],
            )
        )
        self.invalidate_model(
            ["strategic_at_risk", "strategic_risk_facts", "strategic_risk_reason"]
        )

    @api.model
    def _strategic_read_risk(self, company, partner_ids):
        """The company's stored early warning of ``partner_ids`` and of every partner now
        at risk, in one query: {partner_id: (at_risk, facts as JSON or False)}."""
        self.flush_model(["strategic_at_risk", "strategic_risk_facts"])
        key = str(company.id)
        rows = self.env.execute_query(
            SQL(
                """
                SELECT id, COALESCE((strategic_at_risk->>%(key)s)::bool, FALSE),
                       strategic_risk_facts->>%(key)s
                  FROM res_partner
                 WHERE (strategic_at_risk->>%(key)s)::bool OR id = ANY(%(ids)s)
                """,
                key=key,
                ids=list(partner_ids),
            )
        )
        return {pid: (at_risk, reason or False) for pid, at_risk, reason in rows}
