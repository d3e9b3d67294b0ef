# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import xmlrpc.client
from datetime import date, datetime, timedelta

from odoo.tests import HttpCase, get_db_name, new_test_user, tagged
from odoo.tests.common import Transport
from odoo.tools import mute_logger

# XML-RPC fault codes of /xmlrpc/2 for a UserError or ValidationError, and an AccessError;
# anything else (1) is a server error, whose fault string is the traceback
RPC_FAULT_CODE_WARNING = 2
RPC_FAULT_CODE_ACCESS_ERROR = 4
CLEAN_ERRORS = {
    "odoo.exceptions.ValidationError": 422,
    "odoo.exceptions.UserError": 422,
    "odoo.exceptions.AccessError": 403,
}
LOGGERS = (
    "odoo.addons.rpc.controllers.xmlrpc",
    "odoo.http",
    "odoo.service.model",
    "odoo.sql_db",
)


@tagged("post_install", "-at_install")
class TestExternalApi(HttpCase):
    """The addon's models called from outside, through XML-RPC (/xmlrpc/2 and the legacy
    /xmlrpc) and JSON-2 (/json/2), with values its rules refuse: every call ends in a clean
    error (a UserError, ValidationError or AccessError, naming the field; a value a
    constraint of the database refuses comes as a ValidationError with the constraint's
    message) and writes nothing; never a server error with a traceback. (Values of the
    wrong type, such as text in a number field, are refused by Odoo's own conversion of
    values, as for any model: not tested here.)"""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            "api_manager",
            groups="base.group_partner_manager,strategic_client.group_strategic_manager,"
            "sales_team.group_sale_salesman",
        )
        cls.seller = new_test_user(
            cls.env,
            "api_seller",
            groups="base.group_partner_manager,sales_team.group_sale_salesman",
        )
        # who may change the company's settings and the products
        cls.admin = new_test_user(
            cls.env,
            "api_admin",
            groups="base.group_system,strategic_client.group_strategic_manager,"
            "sales_team.group_sale_manager",
        )
        cls.keys = {
            user: user.with_user(user)
            .env["res.users.apikeys"]
            ._generate(scope="rpc", name="test", expiration_date=datetime.now() + timedelta(days=1))
            for user in (cls.manager, cls.seller, cls.admin)
        }
        company = cls.manager.company_id
        cls.criterion = cls.env["strategic.criterion"].create(
            {"name": "Prestige", "metric": "prestige", "threshold": 1, "company_id": company.id}
        )
        cls.client = cls.env["res.partner"].create(
            {"name": "API Client", "is_company": True, "customer_rank": 1}
        )
        cls.plan = cls.env["strategic.account.plan"].create(
            {
                "name": "Plan",
                "partner_id": cls.client.id,
                "company_id": company.id,
                "date_from": date(2026, 1, 1),
                "date_to": date(2026, 12, 31),
            }
        )

    def setUp(self):
        super().setUp()
        self.enterContext(mute_logger(*LOGGERS))
        self.legacy_object = xmlrpc.client.ServerProxy(
            f"{self.base_url()}/xmlrpc/object", transport=Transport(self)
        )

    # --- calls --------------------------------------------------------------------------
    def _label(self, record, fname):
        return record._fields[fname].get_description(self.env)["string"]

    def _xmlrpc_refused(self, user, model, method, args, expected):
        """Call through /xmlrpc/2 then the legacy /xmlrpc: a clean fault naming ``expected``
        each time."""
        key = self.keys[user]
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.xmlrpc_object.execute_kw(get_db_name(), user.id, key, model, method, args, {})
        fault = caught.exception
        self.assertIn(fault.faultCode, (RPC_FAULT_CODE_WARNING, RPC_FAULT_CODE_ACCESS_ERROR), fault)
        self.assertNotIn("Traceback", fault.faultString)
        self.assertIn(expected, fault.faultString)
        # the legacy endpoint puts the error, prefixed, in the fault code
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.legacy_object.execute_kw(get_db_name(), user.id, key, model, method, args, {})
        fault = caught.exception
        self.assertTrue(str(fault.faultCode).startswith("warning -- "), fault)
        self.assertNotIn("Traceback", fault.faultCode)
        self.assertIn(expected, fault.faultCode)
        return fault

    def _json2_refused(self, user, model, method, body, expected, status=422):
        """Call through /json/2: a 4xx naming an exception of odoo.exceptions and ``expected``.
        (Odoo adds a "debug" traceback to every JSON-2 error body, even a UserError's.)"""
        response = self.url_open(
            f"/json/2/{model}/{method}",
            data=json.dumps(body),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.keys[user]}",
            },
        )
        error = response.json()
        self.assertEqual(response.status_code, status, error)
        self.assertEqual(CLEAN_ERRORS.get(error["name"]), status, error)
        self.assertIn(expected, error["message"])
        return error

    def _refused(self, record, vals, expected, user=None, status=422):
        """Write ``vals`` on ``record`` through XML-RPC and JSON-2: refused, naming
        ``expected``, and nothing written."""
        user = user or self.manager
        fnames = [fname for fname in vals if fname in record._fields]
        before = record.read(fnames)
        self._xmlrpc_refused(user, record._name, "write", [record.ids, vals], expected)
        self._json2_refused(
            user, record._name, "write", {"ids": record.ids, "vals": vals}, expected, status
        )
        self.env.invalidate_all()
        self.assertEqual(record.read(fnames), before)

    # --- tests --------------------------------------------------------------------------
    def test_criterion(self):
        criterion = self.criterion
        count = self.env["strategic.criterion"].search_count([])
        self._refused(criterion, {"weight": -1}, "Weight must be a number of at least 0")
        self._refused(criterion, {"period_months": 0}, "Period (months) must be at least 1")
        self._refused(
            criterion,
            {"threshold_type": "top_percent", "threshold": 120},
            "Threshold must be above 0 and at most 100",
        )
        self._refused(criterion, {"company_id": False}, "'Company' (company_id)")
        # NaN and infinity: JSON-2 only (XML-RPC clients refuse to send them)
        for vals, message in (
            ({"weight": float("nan")}, "Weight must be a number"),
            ({"weight": float("inf")}, "Weight must be a number"),
            ({"threshold": float("nan")}, "Threshold must be a number"),
        ):
            with self.subTest(vals=vals):
                self._json2_refused(
                    self.manager,
                    criterion._name,
                    "write",
                    {"ids": criterion.ids, "vals": vals},
                    message,
                )
        self._json2_refused(
            self.manager,
            criterion._name,
            "create",
            {"vals_list": [{"name": "Heavy", "metric": "prestige", "weight": -2}]},
            "Weight must be a number of at least 0",
        )
        self.env.invalidate_all()
        self.assertEqual(criterion.weight, 1)
        self.assertEqual(criterion.threshold_type, "absolute")
        self.assertEqual(self.env["strategic.criterion"].search_count([]), count)

    def test_settings_and_products(self):
        company = self.manager.company_id
        minimum = company.sale_min_order_amount
        self._refused(
            company,
            {"strategic_max_clients": -1},
            "Maximum Strategic Clients cannot be negative",
            user=self.admin,
        )
        self._refused(company, {"strategic_min_score": 101}, "between 0 and 100", user=self.admin)
        self._xmlrpc_refused(
            self.admin,
            "res.config.settings",
            "create",
            [{"sale_min_order_amount": -5}],
            "Minimum Order Amount cannot be negative",
        )
        product = self.env["product.template"].create({"name": "Widget", "sale_min_qty": 2})
        self._refused(
            product,
            {"sale_min_qty": -1},
            "Minimum Sale Quantity cannot be negative",
            user=self.admin,
        )
        self.env.invalidate_all()
        self.assertEqual(company.sale_min_order_amount, minimum)
        self.assertEqual(product.sale_min_qty, 2)

    def test_partner_strategic_fields(self):
        client = self.client
        self._refused(
            client,
            {"strategic_override": "force_in"},
            self._label(client, "strategic_override_reason"),
        )
        self._refused(
            client,
            {
                "strategic_override": "force_in",
                "strategic_override_reason": "Chain entry",
                "strategic_override_until": "2020-01-01",
            },
            "Override Until 2020-01-01 is in the past",
        )
        # the status is set by the recompute only
        self._refused(client, {"strategic_score": 100}, "set by the recompute")
        # a seller may not override: 403 / access fault, nothing written
        self._refused(
            client,
            {"strategic_override": "force_in", "strategic_override_reason": "Chain entry"},
            "Strategic Clients / Administrator",
            user=self.seller,
            status=403,
        )
        self.env.invalidate_all()
        self.assertFalse(client.strategic_override_reason)
        self.assertIn(client.strategic_override, (False, "auto"))

    def test_account_plan(self):
        plan = self.plan
        count = self.env["strategic.account.plan"].search_count([])
        self._refused(plan, {"date_to": "2025-01-01"}, "To must be on or after its From")
        self._refused(plan, {"date_to": False}, "'To' (date_to)")
        self._refused(plan, {"partner_id": False}, "'Client' (partner_id)")
        self._refused(
            plan,
            {
                "action_ids": [
                    [0, 0, {"name": "Fair", "date_start": "2026-05-02", "date_end": "2026-05-01"}]
                ]
            },
            "End must be on or after its Start",
        )
        self._json2_refused(
            self.manager,
            plan._name,
            "create",
            {"vals_list": [{"name": "No client, no end"}]},
            "Missing required value",
        )
        self._xmlrpc_refused(
            self.manager,
            plan._name,
            "create",
            [{"name": "No end", "partner_id": self.client.id}],
            "'To' (date_to)",
        )
        self._json2_refused(
            self.manager,
            "strategic.cost.entry",
            "create",
            {"vals_list": [{"partner_id": self.client.id, "amount": 0}]},
            "Amount must be above 0",
        )
        self.env.invalidate_all()
        self.assertEqual(plan.partner_id, self.client)
        self.assertEqual(plan.date_to, date(2026, 12, 31))
        self.assertFalse(plan.action_ids)
        self.assertEqual(self.env["strategic.account.plan"].search_count([]), count)
        self.assertFalse(
            self.env["strategic.cost.entry"].search([("partner_id", "=", self.client.id)])
        )

    def test_a_good_call_goes_through(self):
        """The same calls, well formed, are accepted (the refusals above are not the API's
        refusing everything)."""
        self.xmlrpc_object.execute_kw(
            get_db_name(),
            self.manager.id,
            self.keys[self.manager],
            "strategic.criterion",
            "write",
            [self.criterion.ids, {"weight": 3}],
            {},
        )
        response = self.url_open(
            "/json/2/strategic.account.plan/write",
            data=json.dumps({"ids": self.plan.ids, "vals": {"state": "agreed"}}),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.keys[self.manager]}",
            },
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.env.invalidate_all()
        self.assertEqual(self.criterion.weight, 3)
        self.assertEqual(self.plan.state, "agreed")
