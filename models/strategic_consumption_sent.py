# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StrategicConsumptionSent(models.Model):
    """What the semester job did for a client and semester: sent (the message) or skipped
    (no email). The job never does it twice, even when run again or after a crash."""

    _name = "strategic.consumption.sent"
    _description = "Consumption report sent"
    _order = "semester desc, id desc"

    partner_id = fields.Many2one("res.partner", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, index=True, ondelete="cascade")
    semester = fields.Integer(
        string="Semester Number",
        required=True,
        help="2 x year + 0 for January-June, + 1 for July-December.",
    )
    semester_label = fields.Char(string="Semester")
    state = fields.Selection([("sent", "Sent"), ("skipped", "Skipped: no email")], required=True)
    message_id = fields.Many2one("mail.message", ondelete="set null")

    _partner_semester_unique = models.Constraint(
        "UNIQUE(partner_id, company_id, semester)",
        "The consumption report of a semester is sent once to a client.",
    )
