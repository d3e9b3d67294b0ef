# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Demo data that XML cannot express: four years of invoices dated from today
(posted in date order, some paid, some late), an order invoiced, an override, the first
recompute, monthly score snapshots before it, a strategic delivery, a consumption report
recorded as sent (for the portal) and the collection activities of overdue invoices (called from
demo/strategic_client_demo.xml). Kept out of the models, the way Odoo's account keeps its
demo code in account/demo."""

from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.fields import Command
from odoo.tools import SQL

# partner, [(months ago, amount, days to pay or None = unpaid)]: four years of invoices, so
# that the consumption report (the last complete semester and the 3 years before it) has
# every semester; amounts set so that only Horizon grows more than 20 % over the year before
MONTHS = 48
DEMO_INVOICES = [
    ("partner_andes", [(m, (9000, 8000, 7100, 6300)[m // 12], 10) for m in range(MONTHS)]),
    ("partner_pacific", [(m, 1500, 5) for m in range(2, MONTHS, 4)]),
    (
        "partner_horizon",
        [(3, 3200, 5), (14, 1000, 5), (26, 900, 5), (32, 800, 5), (38, 700, 5), (44, 700, 5)],
    ),
    (
        "partner_global",
        [
            (2, 600, None),
            (4, 400, 5),
            (16, 500, 5),
            (20, 500, 5),
            (28, 400, 5),
            (40, 400, 5),
            (44, 400, 5),
        ],
    ),
    ("partner_caribe", [(m, (700, 600, 600, 500)[m // 12], 5) for m in range(MONTHS)]),
    ("partner_valle", [(m, (300, 300, 200, 200)[m // 12], 5) for m in range(MONTHS)]),
    ("partner_metro", [(m, 12000, 20) for m in range(1, MONTHS, 2)]),
    (
        "partner_tardy",
        [(5, 40000, None), (4, 30000, None), (16, 35000, 25), (20, 30000, 25)]
        + [(28, 30000, 25), (40, 25000, 25), (44, 25000, 25)],
    ),
]
HISTORY_MONTHS = 11  # monthly score snapshots before the first recompute


class ResCompany(models.Model):
    _inherit = "res.company"

    def _strategic_load_demo(self):
        self.ensure_one()
        company = self.with_company(self)
        ref = company.env.ref
        today = fields.Date.context_today(company)
        invoices_to_pay = company._strategic_demo_invoices(today)
        # high margin: a service sold far above its cost, ordered, invoiced and paid
        order = company.env["sale.order"].create(
            {
                "partner_id": ref("strategic_client.partner_sierra").id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": ref("strategic_client.product_premium_service").id,
                            "product_uom_qty": 5,
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.action_post()
        invoices_to_pay.append((invoice, today))
        for invoice, payment_date in invoices_to_pay:
            company.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create({"payment_date": payment_date})._create_payments()
        # forced out by the demo's administrator, as a user of the demo would do it
        admin = ref("base.user_admin")
        company.env["res.partner"].with_user(admin).browse(
            ref("strategic_client.partner_metro").id
        ).write(
            {
                "strategic_override": "force_out",
                "strategic_override_reason": "Big, but its conditions cost more than they "
                "bring: not a good alliance for us.",
            }
        )
        company._strategic_recompute()
        company._strategic_demo_score_history()
        company._strategic_demo_delivery()
        company._strategic_demo_portal()
        # overdue invoices of strategic clients: a Collection activity for their manager
        company.env["account.move"]._cron_strategic_collection()

    def _strategic_demo_invoices(self, today):
        """Post DEMO_INVOICES oldest first, so that their numbers follow their dates.

        :return: [(invoice, payment date)] of the invoices paid by today
        """
        ref = self.env.ref
        supply = ref("strategic_client.product_standard_supply")
        planned = []
        for xmlid, invoices in DEMO_INVOICES:
            partner = ref(f"strategic_client.{xmlid}")
            for months, amount, pay_days in invoices:
                day = today - relativedelta(months=months)
                planned.append((day.replace(day=min(5, day.day)), partner, amount, pay_days))
        planned.sort(key=lambda plan: plan[0])
        to_pay = []
        for invoice_date, partner, amount, pay_days in planned:
            invoice = self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": invoice_date,
                    "invoice_date_due": invoice_date + relativedelta(days=30),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": supply.id,
                                "quantity": amount / supply.list_price,
                                "price_unit": supply.list_price,
                                "tax_ids": [],
                            }
                        )
                    ],
                }
            )
            invoice.action_post()
            if pay_days is not None and invoice_date + relativedelta(days=pay_days) <= today:
                to_pay.append((invoice, invoice_date + relativedelta(days=pay_days)))
        return to_pay

    def _strategic_demo_score_history(self):
        """Monthly snapshots of the past months: for each, what a recompute on that day would
        have decided (the recompute's own measures and ranking, on the invoices dated by
        then), so the history charts draw each client's real curve from the first login.
        Only history rows are written; the first recompute's rows say whether the client
        entered or left against the last of these months."""
        History = self.env["strategic.score.history"]
        first_recompute = History.search([("company_id", "=", self.id)])
        ranking = self.env["strategic.ranking"].sudo().with_company(self)
        ranking = ranking.with_context(active_test=True)
        population = ranking._population(self)
        criteria = ranking._criteria(self)
        current = self.env["res.partner"]._strategic_read_status(self, population)
        today = fields.Date.context_today(self)
        now = fields.Datetime.now()
        rows, was_strategic = [], {pid: False for pid in population.ids}
        for months in range(HISTORY_MONTHS, 0, -1):
            day = today - relativedelta(months=months)
            top_measures = ranking._measure_top_percent(criteria, population, day)
            values = ranking._measure_values(self, criteria, population, day, top_measures)
            measured, _decisions = ranking._decide_figures(criteria, population.ids, values)
            changes = ranking._rank(self, population, measured, current)
            for partner_id in population.ids:
                status = changes[partner_id][1] if partner_id in changes else current[partner_id][0]
                changed = status["is_strategic"] != was_strategic[partner_id]
                was_strategic[partner_id] = status["is_strategic"]
                if not (status["strategic_rank"] or changed):
                    continue
                rows.append(
                    {
                        "partner_id": partner_id,
                        "company_id": self.id,
                        "date": now - relativedelta(months=months),
                        "score": status["strategic_score"],
                        "points": status["strategic_points"],
                        "points_possible": status["strategic_points_possible"],
                        "rank": status["strategic_rank"],
                        "is_strategic": status["is_strategic"],
                        "qualified": status["strategic_qualified"],
                        "reason": status["strategic_status_reason"],
                        "origin": "data",
                        "status_changed": changed and months < HISTORY_MONTHS,
                    }
                )
        History.create(rows)
        # the first recompute's rows: an entry or a leave against the last of these months
        for changed in (True, False):
            first_recompute.filtered(
                lambda row, changed=changed: (
                    (row.is_strategic != was_strategic.get(row.partner_id.id, False)) == changed
                    and row.status_changed != changed
                )
            ).write({"status_changed": changed})

    def _strategic_demo_delivery(self):
        """A confirmed order of a strategic client: its delivery is urgent (the star) and
        carries the badge; the stock to deliver it is there."""
        ref = self.env.ref
        supply = ref("strategic_client.product_standard_supply")
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.id)], limit=1)
        self.env["stock.quant"].with_context(inventory_mode=True).create(
            {
                "product_id": supply.id,
                "location_id": warehouse.lot_stock_id.id,
                "inventory_quantity": 500,
            }
        ).action_apply_inventory()
        order = self.env["sale.order"].create(
            {
                "partner_id": ref("strategic_client.partner_caribe").id,
                "warehouse_id": warehouse.id,
                "order_line": [Command.create({"product_id": supply.id, "product_uom_qty": 20})],
            }
        )
        order.action_confirm()

    def _strategic_demo_portal(self):
        """The consumption report of the last complete semester recorded as sent to Andes
        Supermarkets, whose purchasing director (portal user ``andes``) finds it in her
        portal with the actions of the joint plan shared with her. No mail is sent at
        install (wkhtmltopdf could not reach the server for the report's styles): the
        portal renders the report of that semester when it is downloaded, as for a report
        whose mail was deleted."""
        andes = self.env.ref("strategic_client.partner_andes")
        Report = self.env["report.strategic_client.report_consumption"]
        semester = Report._reference_semester(None)
        self.env["strategic.consumption.sent"].create(
            {
                "partner_id": andes.id,
                "company_id": self.id,
                "semester": semester,
                "semester_label": Report.with_context(lang=andes.lang)._semester_label(semester),
                "state": "sent",
            }
        )

    def _strategic_demo_requests(self):
        """The demo's improvement requests made weeks ago (Andes' delivered 31 days after
        it was made), so the client's form shows real times from request to done."""
        ref = self.env.ref
        now = fields.Datetime.now()
        dates = {
            "request_andes_pack": (now - relativedelta(days=45), now - relativedelta(days=14)),
            "request_pacific_labels": (now - relativedelta(days=20), None),
            "request_valle_recipes": (now - relativedelta(days=9), None),
        }
        Task = self.env["project.task"]
        Task.flush_model()
        for xmlid, (created, done) in dates.items():
            self.env.cr.execute(
                SQL(
                    "UPDATE project_task SET create_date = %s, date_end = %s WHERE id = %s",
                    created,
                    done,
                    ref(f"strategic_client.{xmlid}").id,
                )
            )
        Task.invalidate_model(["create_date", "date_end"])

    # ------------------------------------------------------------------------------------
    # Consumption reports, every 6 months (1 January and 1 July)
    # ------------------------------------------------------------------------------------
