# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""strategic.score.history: a snapshot of a client's score and status at each change, with
what caused it, and its bulk insert (the recompute)."""

from odoo import api, fields, models
from odoo.tools import SQL


class StrategicScoreHistory(models.Model):
    _name = "strategic.score.history"
    _description = "Strategic Score History"
    _order = "date desc, id desc"

    partner_id = fields.Many2one("res.partner", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, index=True, ondelete="cascade")
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    score = fields.Float(string="Score (%)", aggregator="avg")
    points = fields.Float()
    points_possible = fields.Float()
    rank = fields.Integer(aggregator="min")
    is_strategic = fields.Boolean(string="Strategic")
    qualified = fields.Boolean()
    status_changed = fields.Boolean(
        help="The client entered (Strategic) or left the list at this date."
    )
    movement = fields.Selection(
        [("entered", "Entered the list"), ("left", "Left the list")],
        compute="_compute_movement",
        store=True,
        help="At a change of status: whether the client entered or left the list.",
    )
    reason = fields.Selection(
        # the partner's reasons, in the reader's language
        selection=lambda self: (
            self.env["res.partner"]
            ._fields["strategic_status_reason"]
            ._description_selection(self.env)
        ),
        string="Why",
    )
    origin = fields.Selection(
        [
            ("data", "The client's data"),
            ("criteria", "A change of the criteria"),
            ("settings", "A change of the settings"),
            ("override", "An override"),
        ],
        string="Caused By",
        help="What changed since the previous recompute: the client's own invoices, "
        "deliveries and facts; the criteria; the settings (cap, minimum score, payment "
        "habits); or an override of a client's status.",
    )

    @api.depends("status_changed", "is_strategic")
    def _compute_movement(self):
        for row in self:
            row.movement = row.status_changed and ("entered" if row.is_strategic else "left")

    def _insert_rows(self, company, rows, origin):
        """Snapshot the score and status of the partners whose score or status changed.

        :param rows: [(partner_id, {status field: value}, status changed)]
        """
        if not rows:
            return
        self.flush_model()
        fields_of = ("strategic_score", "strategic_points", "strategic_points_possible")
        self.env.execute_query(
            SQL(
                """
                INSERT INTO strategic_score_history
                       (partner_id, score, points, points_possible, rank, is_strategic,
                        qualified, reason, status_changed, movement, origin, company_id, date,
                        create_uid, create_date, write_uid, write_date)
                SELECT snapshot.*,
                       CASE WHEN snapshot.changed AND snapshot.flag THEN 'entered'
                            WHEN snapshot.changed THEN 'left' END,
                       %(origin)s, %(company)s, %(now)s, %(uid)s, %(now)s,
                       %(uid)s, %(now)s
                  FROM unnest(%(partners)s::int[], %(scores)s::float8[], %(points)s::float8[],
                              %(possible)s::float8[], %(ranks)s::int[], %(flags)s::bool[],
                              %(qualified)s::bool[], %(reasons)s::varchar[],
                              %(changed)s::bool[])
                       AS snapshot(partner, score, points, possible, rank, flag, qualified,
                                   reason, changed)
                """,
                origin=origin,
                company=company.id,
                now=self.env.cr.now(),
                uid=self.env.uid,
                partners=[row[0] for row in rows],
                scores=[row[1][fields_of[0]] for row in rows],
                points=[row[1][fields_of[1]] for row in rows],
                possible=[row[1][fields_of[2]] for row in rows],
                ranks=[row[1]["strategic_rank"] for row in rows],
                flags=[row[1]["is_strategic"] for row in rows],
                qualified=[row[1]["strategic_qualified"] for row in rows],
                reasons=[row[1]["strategic_status_reason"] or None for row in rows],
                changed=[row[2] for row in rows],
            )
        )
        self.invalidate_model()
