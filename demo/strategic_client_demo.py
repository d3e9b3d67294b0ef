# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Demo data that XML cannot express: invoices dated from today (posted, some paid, some
late), an order invoiced, an override, then the first recompute (called from
demo/strategic_client_demo.xml). Kept out of the models, the way Odoo's account keeps its
demo code in account/demo."""

from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.fields import Command


class ResCompany(models.Model):
    _inherit = "res.company"

    def _strategic_load_demo(self):
        self.ensure_one()
        company = self.with_company(self)
        ref = company.env.ref
        today = fields.Date.context_today(company)
        product = ref("strategic_client.product_premium_service")
        supply = ref("strategic_client.product_standard_supply")

        def months_ago(months, day=5):
            return (today - relativedelta(months=months)).replace(day=day)

        plan = [
            # partner, [(months ago, amount, days to pay or None = unpaid)]
            ("partner_andes", [(m, 9000, 10) for m in range(11)]),
            ("partner_pacific", [(2, 1500, 5), (6, 1500, 5)]),
            ("partner_horizon", [(14, 1000, 5), (3, 3200, 5)]),
            ("partner_global", [(4, 400, 5)]),
            ("partner_caribe", [(m, 700, 5) for m in range(10)]),
            ("partner_valle", [(m, 300, 5) for m in range(10)]),
            ("partner_metro", [(m, 12000, 20) for m in (1, 3, 5, 7)]),
            ("partner_tardy", [(5, 40000, None), (4, 30000, None)]),
        ]
        invoices_to_pay = []
        for xmlid, invoices in plan:
            partner = ref(f"strategic_client.{xmlid}")
            for months, amount, pay_days in invoices:
                invoice_date = months_ago(months)
                invoice = company.env["account.move"].create(
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
                    invoices_to_pay.append((invoice, invoice_date + relativedelta(days=pay_days)))
        # high margin: a service sold far above its cost, ordered, invoiced and paid
        order = company.env["sale.order"].create(
            {
                "partner_id": ref("strategic_client.partner_sierra").id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 5})],
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
        company.env["res.partner"].browse(ref("strategic_client.partner_metro").id).write(
            {
                "strategic_override": "force_out",
                "strategic_override_reason": "Big, but its conditions cost more than they "
                "bring: not a good alliance for us.",
            }
        )
        company._strategic_recompute()

    # ------------------------------------------------------------------------------------
    # Consumption reports, every 6 months (1 January and 1 July)
    # ------------------------------------------------------------------------------------
