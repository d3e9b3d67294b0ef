# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""strategic.consumption.wizard: choose the reference semester and print the consumption
report."""

from odoo import api, fields, models


class StrategicConsumptionWizard(models.TransientModel):
    _name = "strategic.consumption.wizard"
    _description = "Consumption report: choose the reference semester"

    partner_ids = fields.Many2many("res.partner", string="Clients", required=True)
    year = fields.Integer(required=True, default=lambda self: self._default_semester()[0])
    half = fields.Selection(
        [("1", "1st semester (January-June)"), ("2", "2nd semester (July-December)")],
        string="Semester",
        required=True,
        default=lambda self: str(self._default_semester()[1]),
    )

    @api.model
    def _default_semester(self):
        semester = self.env["report.strategic_client.report_consumption"]._reference_semester(None)
        year, half = divmod(semester, 2)
        return year, half + 1

    def action_print(self):
        self.ensure_one()
        report = self.env["report.strategic_client.report_consumption"]
        report._check_reference(self.year, int(self.half))
        reference = report._reference_semester({"year": self.year, "half": self.half})
        clients = self.partner_ids.commercial_partner_id
        report._check_access(clients, reference)
        # the web client sends a report action with data as options only, without the ids
        # of the records: the clients travel in the options
        return self.env.ref("strategic_client.action_report_consumption").report_action(
            clients, data={"year": self.year, "half": int(self.half), "partner_ids": clients.ids}
        )
