# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""strategic.score.line: one line per client and criterion, what the recompute measured and
decided (value, value to reach, reached, payment gate, met, points), its bulk writer, and
the sentence that explains it."""

from odoo import api, fields, models
from odoo.tools import SQL


class StrategicScoreLine(models.Model):
    _name = "strategic.score.line"
    _description = "Strategic Score Line"
    _order = "partner_id, criterion_sequence, criterion_id"

    # indexed by the (partner, criterion) unique index; the recompute inserts ~10 lines per
    # client at once, so no other index than the criterion's (clients meeting it)
    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade")
    criterion_id = fields.Many2one(
        "strategic.criterion", required=True, index=True, ondelete="cascade"
    )
    criterion_sequence = fields.Integer(related="criterion_id.sequence", store=True)
    company_id = fields.Many2one(related="criterion_id.company_id", store=True, precompute=True)
    # the measured figures come from invoices and orders: for those who may read them all
    value = fields.Float(
        help="The measured value of the criterion for this client.",
        groups="strategic_client.group_strategic_figures",
    )
    has_value = fields.Boolean(
        help="Something was measured for this client (an invoice, a delivery, a tag...).",
        groups="strategic_client.group_strategic_figures",
    )
    threshold_value = fields.Float(
        help="The value to reach: the threshold, or the cut-off of the top %.",
        groups="strategic_client.group_strategic_figures",
    )
    reaches = fields.Boolean(help="The value reaches the threshold (payment habits aside).")
    payment_ok = fields.Boolean(
        help="The client passes the good-payment gate (or the criterion has none)."
    )
    met = fields.Boolean()
    points = fields.Float(help="The criterion's weight if met, else 0.")
    explanation = fields.Text(
        string="Why",
        compute="_compute_explanation",
        groups="strategic_client.group_strategic_figures",
    )

    _partner_criterion_unique = models.Constraint(
        "UNIQUE(partner_id, criterion_id)",
        "A client has one score line per criterion.",
    )

    # the figures of a line, in the order of the writer's columns
    _figures = ("value", "has_value", "threshold_value", "reaches", "payment_ok", "met", "points")

    @api.depends("value", "has_value", "threshold_value", "reaches", "payment_ok", "met")
    @api.depends_context("lang")
    def _compute_explanation(self):
        for line in self:
            line.explanation = line.criterion_id._explain(line)

    # ------------------------------------------------------------------------------------
    # Bulk writer (the recompute): only lines new or changed, one statement each
    # ------------------------------------------------------------------------------------
    @api.model
    def _write_lines(self, company, partners, decisions):
        """Write the score lines of ``partners``: one read of the current lines, then one
        upsert of those that are new or changed, one delete of those of criteria archived
        or deleted since.

        :param decisions: {criterion: {partner_id: (value, threshold, has_value, reaches,
            payment_ok)}}
        """
        self.flush_model()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT partner_id, criterion_id, value, has_value, threshold_value, reaches,
                       payment_ok, met, points, criterion_sequence
                  FROM strategic_score_line
                 WHERE company_id = %s AND partner_id = ANY(%s)
                   -- a batch's range of ids: the index reads only its lines (by ids alone,
                   -- a batch of 10,000 among 100,000 clients took 3x longer)
                   AND partner_id BETWEEN %s AND %s
                """,
                company.id,
                partners.ids,
                min(partners.ids),
                max(partners.ids),
            )
        )
        current = {(row[0], row[1]): tuple(row[2:]) for row in rows}
        changed = []
        for criterion, results in decisions.items():
            # read once: the loop runs over every client measured
            criterion_id, weight, sequence = criterion.id, criterion.weight, criterion.sequence
            for partner_id, (value, threshold, has_value, reaches, payment_ok) in results.items():
                met = reaches and payment_ok
                figures = (
                    value,
                    has_value,
                    threshold,
                    reaches,
                    payment_ok,
                    met,
                    weight if met else 0.0,
                    sequence,
                )
                if current.pop((partner_id, criterion_id), None) != figures:
                    changed.append((partner_id, criterion_id, *figures))
        if changed:
            columns = list(zip(*changed, strict=True))
            names = ("partner_id", "criterion_id", *self._figures, "criterion_sequence")
            types = ("int4", "int4", "float8", "bool", "float8", "bool", "bool", "bool")
            types += ("float8", "int4")
            self.env.execute_query(
                SQL(
                    """
                    INSERT INTO strategic_score_line
                           (%(names)s, company_id, create_uid, create_date, write_uid, write_date)
                    SELECT line.*, %(company)s, %(uid)s, %(now)s, %(uid)s, %(now)s
                      FROM unnest(%(arrays)s) AS line
                    ON CONFLICT (partner_id, criterion_id) DO UPDATE
                       SET %(updates)s, write_uid = EXCLUDED.write_uid,
                           write_date = EXCLUDED.write_date
                    """,
                    names=SQL(", ").join(map(SQL.identifier, names)),
                    company=company.id,
                    uid=self.env.uid,
                    now=self.env.cr.now(),
                    arrays=SQL(", ").join(
                        SQL("%s::%s[]", list(column), SQL(kind))
                        for column, kind in zip(columns, types, strict=True)
                    ),
                    updates=SQL(", ").join(
                        SQL("%s = EXCLUDED.%s", SQL.identifier(name), SQL.identifier(name))
                        for name in names[2:]
                    ),
                )
            )
        if current:  # lines of criteria no longer active
            obsolete_partners, obsolete_criteria = zip(*current, strict=True)
            self.env.execute_query(
                SQL(
                    """
                    DELETE FROM strategic_score_line line
                     USING unnest(%s::int[], %s::int[]) AS obsolete(partner_id, criterion_id)
                     WHERE line.partner_id = obsolete.partner_id
                       AND line.criterion_id = obsolete.criterion_id
                    """,
                    list(obsolete_partners),
                    list(obsolete_criteria),
                )
            )
        self.invalidate_model()

    @api.model
    def _delete_lines(self, company, partners):
        """Remove the lines of clients no longer measured (they left the population)."""
        self.flush_model()
        self.env.execute_query(
            SQL(
                "DELETE FROM strategic_score_line WHERE company_id = %s AND partner_id = ANY(%s)",
                company.id,
                partners.ids,
            )
        )
        self.invalidate_model()
