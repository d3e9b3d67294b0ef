# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import json
import pathlib
import shutil
import subprocess
from contextlib import contextmanager
from datetime import date, datetime, time
from unittest.mock import patch

from dateutil.relativedelta import relativedelta
from psycopg2 import IntegrityError

from odoo.fields import Command
from odoo.tests import freeze_time
from odoo.tests.common import ChromeBrowser
from odoo.tools import mute_logger

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

# Every test runs on this date: the classes are frozen on it (setUpClass included), at noon
# UTC so that it is the same day in the users' time zones.
TODAY = date(2026, 6, 30)


@freeze_time(datetime.combine(TODAY, time(12)))
class StrategicCommon(AccountTestInvoicingCommon):
    """A company of its own with no criteria but those a test creates, and no customers
    but those a test creates (demo customers are set back to non-customers)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.env.user.write(
            {
                "group_ids": [
                    Command.link(cls.env.ref(xmlid).id)
                    for xmlid in (
                        "strategic_client.group_strategic_manager",
                        "sales_team.group_sale_manager",
                        "stock.group_stock_manager",
                    )
                ]
            }
        )
        cls.company.write(
            {
                "strategic_min_score": 10,
                "strategic_max_clients": 0,
                "strategic_max_days_late": 15,
                "strategic_overdue_tolerance": 0,
                "strategic_cash_days": 3,
            }
        )
        cls.Criterion = cls.env["strategic.criterion"]
        cls.Criterion.with_context(active_test=False).search(
            [("company_id", "=", cls.company.id)]
        ).unlink()
        cls.env["res.partner"].search([("customer_rank", ">", 0)]).write({"customer_rank": 0})
        cls.product_a.write({"taxes_id": [Command.clear()]})

    # --- data ---------------------------------------------------------------------------
    @classmethod
    def _customer(cls, name, **vals):
        return cls.env["res.partner"].create(
            dict({"name": name, "is_company": True, "customer_rank": 1}, **vals)
        )

    @classmethod
    def _criterion(cls, metric, threshold, **vals):
        return cls.Criterion.create(
            dict(
                {
                    "name": metric.replace("_", " ").title(),
                    "metric": metric,
                    "threshold": threshold,
                    "company_id": cls.company.id,
                    "weight": 1,
                },
                **vals,
            )
        )

    @classmethod
    def _invoice(
        cls,
        partner,
        amount,
        invoice_date,
        move_type="out_invoice",
        currency=None,
        product=None,
        lines=None,
        post=True,
        payment_days=None,
    ):
        lines = lines or [(product or cls.product_a, amount)]
        vals = {
            "move_type": move_type,
            "partner_id": partner.id,
            "invoice_date": invoice_date,
            "date": invoice_date,
            "currency_id": (currency or cls.company.currency_id).id,
            "invoice_line_ids": [
                Command.create(
                    {"product_id": prod.id, "quantity": 1, "price_unit": price, "tax_ids": []}
                )
                for prod, price in lines
            ],
        }
        if payment_days is not None:
            vals["invoice_date_due"] = invoice_date + relativedelta(days=payment_days)
            vals["invoice_payment_term_id"] = False
        move = cls.env["account.move"].create(vals)
        if post:
            move.action_post()
        return move

    @classmethod
    def _pay(cls, invoices, payment_date):
        return (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoices.ids)
            .create({"payment_date": payment_date})
            ._create_payments()
        )

    def _recompute(self, partners=None):
        self.company._strategic_recompute(partners)

    def _line(self, partner, criterion):
        return self.env["strategic.score.line"].search(
            [("partner_id", "=", partner.id), ("criterion_id", "=", criterion.id)]
        )

    def _measure(self, criterion, partners):
        return criterion._measure(partners, TODAY)


@contextmanager
def refused_by_constraint(test, model, words):
    """The writes of the block break a constraint of ``model``'s table (models.Constraint):
    the database refuses them, nothing is saved, and the user reads the constraint's message,
    which says ``words`` (a request turns it into a ValidationError: see test_external_api)."""
    with (
        test.assertRaises(IntegrityError) as caught,
        mute_logger("odoo.sql_db"),
        test.env.cr.savepoint(),
    ):
        yield
    test.assertIn(words, model._sql_error_to_message(caught.exception))


# Screenshots of the tours' last steps, at the root of the checkout (git-ignored)
SCREENSHOTS = pathlib.Path(__file__).resolve().parent.parent / ".screenshots"


class TourScreenshots:
    """For HttpCase classes: ``_start_tour`` runs a tour, then saves a screenshot of its
    last step as ``.screenshots/<name>.png`` and keeps the files the web client downloaded
    during the tour (see ``captureDownloads`` in static/tests/tours/strategic_tour_utils.js)."""

    def _start_tour(self, url, tour, login, screenshot=None, timeout=60):
        """Run the tour, then save a screenshot of its last step (named ``screenshot`` or
        after the tour).

        :return: the files the tour downloaded, in order: [(the request the web client
            sent to /report/download, the file's bytes)]"""
        shot_path = SCREENSHOTS / f"{screenshot or tour}.png"
        run_tour = ChromeBrowser._wait_code_ok
        downloads = []

        def run_tour_then_screenshot(browser, code, timeout, error_checker=None):
            run_tour(browser, code, timeout, error_checker=error_checker)
            shot = browser._websocket_request("Page.captureScreenshot")
            SCREENSHOTS.mkdir(exist_ok=True)
            shot_path.write_bytes(base64.b64decode(shot["data"]))
            kept = browser._websocket_request(
                "Runtime.evaluate",
                params={
                    "expression": "JSON.stringify(window.strategicDownloads || [])",
                    "returnByValue": True,
                },
            )
            downloads.extend(
                (json.loads(item["request"]), base64.b64decode(item["file"]))
                for item in json.loads(kept["result"]["value"])
            )

        shot_path.unlink(missing_ok=True)
        with patch.object(ChromeBrowser, "_wait_code_ok", run_tour_then_screenshot):
            self.start_tour(url, tour, login=login, timeout=timeout)
        self.assertTrue(shot_path.stat().st_size)
        return downloads

    def _pdf_text(self, pdf):
        """The text of a PDF as a reader selects it (pdftotext, Debian's poppler-utils),
        words separated by single spaces."""
        self.assertEqual(pdf[:5], b"%PDF-", "not a PDF")
        if not shutil.which("pdftotext"):
            self.skipTest(
                "pdftotext is not installed (make test installs poppler-utils where it can)"
            )
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        return " ".join(text.split())
