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
)


@tagged("post_install", "-at_install")
class TestExternalApi(HttpCase):
    """The addon's models called from outside, through XML-RPC (/xmlrpc/2 and the legacy
    /xmlrpc) and JSON-2 (/json/2), with malformed arguments: every call ends in a clean
    error (a UserError, ValidationError or AccessError, naming the field) and writes
    nothing; never a server error with a traceback."""

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
        cls.keys = {
            user: user.with_user(user)
            .env["res.users.apikeys"]
            ._generate(scope="rpc", name="test", expiration_date=datetime.now() + timedelta(days=1))
            for user in (cls.manager, cls.seller)
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
        fnames = [
            fname for fname in (vals if isinstance(vals, dict) else ()) if fname in record._fields
        ] or ["display_name"]
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
        weight = self._label(criterion, "weight")
        self._refused(criterion, "weight=3", "dictionary")
        self._refused(criterion, ["weight", 3], "dictionary")
        self._refused(criterion, {"weight_factor": 3}, "weight_factor")
        self._refused(criterion, {"weight": "heavy"}, weight)
        self._refused(criterion, {"weight": [3]}, weight)
        self._refused(
            criterion, {"threshold_type": "best"}, self._label(criterion, "threshold_type")
        )
        self._refused(criterion, {"company_id": "main"}, self._label(criterion, "company_id"))
        self._refused(criterion, {"company_id": 1.5}, self._label(criterion, "company_id"))
        self._refused(criterion, {"name": {"en_US": "Prestige"}}, self._label(criterion, "name"))
        self._refused(criterion, {"partner_category_ids": "vip"}, "Partner Tags")
        # NaN and too large integers: JSON-2 only (XML-RPC clients refuse to send them)
        for vals, field in (
            ({"weight": float("nan")}, weight),
            ({"weight": float("inf")}, weight),
            ({"period_months": 2**40}, self._label(criterion, "period_months")),
        ):
            with self.subTest(vals=vals):
                self._json2_refused(
                    self.manager,
                    criterion._name,
                    "write",
                    {"ids": criterion.ids, "vals": vals},
                    field,
                )
        # ids that are not ids
        self._xmlrpc_refused(
            self.manager, criterion._name, "write", [["abc"], {"weight": 2}], "not record ids"
        )
        self._json2_refused(
            self.manager,
            criterion._name,
            "write",
            {"ids": [1.5], "vals": {"weight": 2}},
            "not record ids",
        )
        self._json2_refused(
            self.manager, criterion._name, "create", {"vals_list": ["Prestige"]}, "dictionary"
        )
        self._json2_refused(self.manager, criterion._name, "create", {"vals_list": 7}, "dictionary")
        self._xmlrpc_refused(
            self.manager, criterion._name, "create", [[["Prestige"]]], "dictionary"
        )
        self.env.invalidate_all()
        self.assertEqual(criterion.weight, 1)
        self.assertEqual(criterion.threshold_type, "absolute")
        self.assertEqual(self.env["strategic.criterion"].search_count([]), count)

    def test_partner_strategic_fields(self):
        client = self.client
        self._refused(
            client, {"strategic_override": "forced"}, self._label(client, "strategic_override")
        )
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
                "strategic_override_until": "someday",
            },
            self._label(client, "strategic_override_until"),
        )
        self._refused(
            client,
            {"strategic_override_reason": 42},
            self._label(client, "strategic_override_reason"),
        )
        self._refused(
            client,
            {"key_account_manager_id": "boss"},
            self._label(client, "key_account_manager_id"),
        )
        self._refused(
            client,
            {"strategic_market_influence": 3},
            self._label(client, "strategic_market_influence"),
        )
        self._refused(
            client, {"profile_employees": "many"}, self._label(client, "profile_employees")
        )
        self._refused(client, "strategic_override=force_in", "dictionary")
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
        client = self._label(plan, "partner_id")
        self._refused(plan, {"partner_id": "ACME"}, client)
        self._refused(plan, {"partner_id": 1.5}, client)
        self._refused(plan, {"partner_id": [self.client.id]}, client)
        self._refused(plan, {"partner_id": 2_000_000_000}, client)
        self._refused(plan, {"date_to": "2026-02-30"}, self._label(plan, "date_to"))
        self._refused(plan, {"date_to": "2025-01-01"}, self._label(plan, "date_to"))
        self._refused(plan, {"date_to": False}, self._label(plan, "date_to"))
        self._refused(plan, {"state": "open"}, self._label(plan, "state"))
        self._refused(plan, {"name": ""}, self._label(plan, "name"))
        self._refused(plan, {"objective_ids": "grow"}, self._label(plan, "objective_ids"))
        self._refused(
            plan, {"objective_ids": [[0, 0, {"name": "Grow", "status": "great"}]]}, "Status"
        )
        self._refused(plan, {"action_ids": [[4, 2_000_000_000]]}, self._label(plan, "action_ids"))
        self._json2_refused(
            self.manager,
            plan._name,
            "create",
            {"vals_list": [{"name": "No client, no end"}]},
            self._label(plan, "date_to"),
        )
        self._xmlrpc_refused(
            self.manager,
            plan._name,
            "create",
            [{"name": "No client, no end", "partner_id": self.client.id}],
            self._label(plan, "date_to"),
        )
        self.env.invalidate_all()
        self.assertEqual(plan.partner_id, self.client)
        self.assertEqual(plan.date_to, date(2026, 12, 31))
        self.assertEqual(plan.state, "draft")
        self.assertFalse(plan.objective_ids)
        self.assertEqual(self.env["strategic.account.plan"].search_count([]), count)

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
