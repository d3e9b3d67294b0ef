# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Random values written through the ORM by users who are not the superuser: a write is
either accepted, and the addon's rules still hold, or refused, and the record reads as
before."""

import math
from datetime import date, timedelta

import psycopg2
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from odoo import models
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import TODAY, StrategicCommon

# Odoo's conversion of a value of the wrong type (text in a number field, a choice that is
# not one, a malformed date...), the database refusing what it passes on (an integer out of
# range, True for an id), a record that does not exist
ODOOS = (
    ValueError,
    TypeError,
    OverflowError,
    psycopg2.DataError,
    psycopg2.ProgrammingError,
    MissingError,
)
# the addon's rules (ValidationError, UserError, AccessError) and constraints (IntegrityError)
REFUSED = (ValidationError, UserError, AccessError, psycopg2.IntegrityError, *ODOOS)
numbers = st.one_of(st.floats(), st.integers(min_value=-(10**9), max_value=10**9))  # NaN, inf
# what an external caller may send in place of anything
garbage = st.one_of(
    st.none(),
    st.booleans(),
    st.text(max_size=8),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.lists(st.integers(min_value=-3, max_value=3), max_size=3),
)
dates = st.one_of(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
    st.sampled_from(["2026-02-30", "30/06/2026", "", "tomorrow", False]),
    st.integers(),
)
REAL = "<an existing record>"  # replaced by the test with the id of an existing record
record_ids = st.one_of(st.just(REAL), st.integers(min_value=-5, max_value=10**6), garbage)
CRITERION_VALUES = st.fixed_dictionaries(
    {},
    optional={
        "weight": numbers,
        "threshold": numbers,
        "threshold_type": st.sampled_from(["absolute", "top_percent", "best"]),
        "period_months": st.integers(min_value=-1000, max_value=1000),
        "metric": st.sampled_from(["purchase_amount", "prestige", "domain", "nope"]),
        "domain": st.sampled_from(["[]", "[('name', '=', 'x')]", "[('nope', '=', 1)]", "[(("]),
        "active": st.booleans(),
    },
)
# setting: smallest value allowed, largest (the constraints of res.company)
SETTING_RANGES = {
    "strategic_min_score": (0, 100),
    "strategic_max_clients": (0, math.inf),
    "strategic_max_days_late": (0, math.inf),
    "strategic_overdue_tolerance": (0, math.inf),
    "strategic_cash_days": (0, math.inf),
    "sale_min_order_amount": (0, math.inf),
    "strategic_monitoring_months": (1, math.inf),
    "strategic_roi_months": (1, math.inf),
    "strategic_min_roi": (0, math.inf),
    "strategic_risk_margin": (0, 100),
}
SETTINGS_VALUES = st.fixed_dictionaries(
    {},
    optional={
        fname: st.one_of(st.integers(min_value=-3, max_value=120), numbers, garbage)
        for fname in SETTING_RANGES
    },
)
OVERRIDE_VALUES = st.fixed_dictionaries(
    {},
    optional={
        "strategic_override": st.one_of(
            st.sampled_from(["auto", "force_in", "force_out", "forced"]), garbage
        ),
        "strategic_override_reason": st.one_of(st.sampled_from(["Chain entry", "", "  "]), garbage),
        "strategic_override_until": st.one_of(
            st.sampled_from([TODAY, TODAY - timedelta(days=1), TODAY + timedelta(days=30)]),
            dates,
        ),
    },
)
PARTNER_VALUES = st.fixed_dictionaries(
    {},
    optional={
        "strategic_growth_potential": st.one_of(numbers, garbage),
        "strategic_market_influence": st.one_of(st.sampled_from(["0", "3", "4"]), garbage),
        "profile_employees": st.one_of(st.integers(), garbage),
        "profile_reviewed_on": dates,
        "key_account_manager_id": record_ids,
        "strategic_score": numbers,
        "is_strategic": st.booleans(),
    },
)
PLAN_VALUES = st.fixed_dictionaries(
    {},
    optional={
        "name": st.one_of(st.text(max_size=10), garbage),
        "partner_id": record_ids,
        "date_from": dates,
        "date_to": dates,
        "state": st.sampled_from(["draft", "agreed", "closed", "open"]),
        "objective_ids": st.sampled_from(
            [[Command.create({"name": "Grow"})], [Command.clear()], "abc", [(4, 999_999_999)]]
        ),
    },
)
ACTION_VALUES = st.fixed_dictionaries(
    {},
    optional={
        "name": st.one_of(st.text(max_size=10), garbage),
        "kind": st.sampled_from(["action", "promotion", "gift"]),
        "date_start": dates,
        "date_end": dates,
        "plan_id": record_ids,
    },
)
COST_VALUES = st.fixed_dictionaries(
    {},
    optional={
        "amount": st.one_of(numbers, garbage),
        "kind": st.sampled_from(["gift", "discount", "bribe"]),
        "date": dates,
        "partner_id": record_ids,
    },
)
FAST = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
SLOW = settings(FAST, max_examples=10)  # each example runs a whole flow (settings, order)


@tagged("post_install", "-at_install")
class TestHostileInput(StrategicCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(
            cls.env,
            "hostile_admin",
            groups="base.group_system,strategic_client.group_strategic_manager,"
            "sales_team.group_sale_manager",
            company_id=cls.company.id,
        )
        cls.seller = new_test_user(
            cls.env,
            "hostile_seller",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
            company_id=cls.company.id,
        )
        cls.waiver = new_test_user(
            cls.env,
            "hostile_waiver",
            groups="sales_team.group_sale_salesman,strategic_client.group_waive_minimums",
            company_id=cls.company.id,
        )
        cls.users = {"admin": cls.admin, "seller": cls.seller, "waiver": cls.waiver}
        cls.criterion = cls._criterion("prestige", 1, weight=2, benefit="Positioning")
        cls.client = cls._customer("Hostile Client")
        cls.key = cls._customer("Key Client", strategic_prestige=True)
        cls.company._strategic_recompute()
        cls.company.sale_min_order_amount = 100.0
        cls.widget = cls.env["product.product"].create(
            {"name": "Widget", "list_price": 10.0, "sale_min_qty": 10}
        )
        cls.plan = cls.env["strategic.account.plan"].create(
            {
                "name": "Plan",
                "partner_id": cls.client.id,
                "date_from": TODAY,
                "date_to": TODAY + timedelta(days=90),
            }
        )
        cls.action = cls.env["strategic.account.plan.action"].create(
            {"plan_id": cls.plan.id, "name": "Visit", "date_start": TODAY}
        )
        cls.cost = cls.env["strategic.cost.entry"].create(
            {"partner_id": cls.client.id, "kind": "gift", "amount": 50.0}
        )
        cls.real_ids = {
            "res.partner": cls.client.id,
            "res.users": cls.seller.id,
            "strategic.account.plan": cls.plan.id,
        }

    def setUp(self):
        super().setUp()
        self.enterContext(mute_logger("odoo.sql_db"))  # the database's refusals

    # --- helpers ------------------------------------------------------------------------
    def _real(self, model, vals):
        return {
            fname: self.real_ids[model._fields[fname].comodel_name] if value is REAL else value
            for fname, value in vals.items()
        }

    def _user_message(self, error):
        """What a user reads: a request turns a database refusal into a ValidationError
        with the constraint's message (odoo.service.model.retrying), as done here."""
        if not isinstance(error, psycopg2.IntegrityError):
            return str(error)
        table = error.diag.table_name
        model = next(
            (self.env[name] for name, cls in self.env.registry.items() if cls._table == table),
            self.env["base"],
        )
        return model._sql_error_to_message(error)

    def _assert_names_a_field(self, error, model, vals):
        """A refusal by the addon's rules or constraints tells which field is wrong (an
        access error names the operation; Odoo's conversion errors are Odoo's)."""
        if isinstance(error, (AccessError, *ODOOS)) or not vals:
            return
        message = self._user_message(error)
        # the field written, or another one it does not fit with (To before From)
        labels = {
            field.get_description(self.env)["string"]
            for field in model._fields.values()
            if field.name not in ("id", "display_name", *models.LOG_ACCESS_COLUMNS)
        }
        self.assertTrue(any(label in message for label in labels), message)

    def _write_or_refuse(self, record, vals, user=None):
        """Write ``vals`` on ``record`` as ``user``: either it is accepted, or it is refused
        with one of REFUSED (what the user reads: ``self.refusal``) and the record reads as
        before. Return whether accepted."""
        vals = self._real(record, vals)
        fnames = [fname for fname in vals if fname in record._fields] or ["write_date"]
        self.env.flush_all()
        self.env.invalidate_all()  # what the database holds, not what the cache kept
        before = record.sudo().read(fnames)[0]  # the record may now be of another company
        try:
            with self.env.cr.savepoint():
                record.with_user(user or self.admin).write(vals)
        except REFUSED as error:
            self.refusal = self._user_message(error)
            self._assert_names_a_field(error, record, vals)
            self.env.invalidate_all()
            self.assertEqual(record.sudo().read(fnames)[0], before)
            return False
        return True

    def _create_or_refuse(self, model, vals, user):
        """Create a record of ``vals`` as ``user``: accepted (the new record is returned),
        or refused with one of REFUSED and no record created."""
        vals = self._real(model, vals)
        count = model.search_count([])
        try:
            with self.env.cr.savepoint():
                return model.with_user(user).create(vals).sudo()
        except REFUSED as error:
            self.refusal = self._user_message(error)
            self._assert_names_a_field(error, model, vals)
            self.assertEqual(model.search_count([]), count)
            return model

    def _assert_settings_in_range(self):
        for fname, (low, high) in SETTING_RANGES.items():
            self.assertTrue(low <= self.company[fname] <= high, fname)

    # --- criteria and settings ----------------------------------------------------------
    @FAST
    @given(vals=CRITERION_VALUES)
    def test_criteria(self, vals):
        if self._write_or_refuse(self.criterion, vals):
            criterion = self.criterion
            self.assertTrue(0 <= criterion.weight < math.inf)
            self.assertGreaterEqual(criterion.period_months, 1)
            if criterion.threshold_type == "top_percent":
                self.assertTrue(0 < criterion.threshold <= 100)
            active = self.Criterion.search([("company_id", "=", self.company.id)])
            self.assertTrue(not active or any(active.mapped("weight")))

    @FAST
    @given(vals=SETTINGS_VALUES)
    def test_settings(self, vals):
        self._write_or_refuse(self.company, vals)
        self._assert_settings_in_range()

    @SLOW
    @given(vals=SETTINGS_VALUES)
    def test_settings_form(self, vals):
        """Through the Settings form (res.config.settings), as the web client and the API
        do: create the settings, then save them."""
        fnames = list(vals) or ["write_date"]
        self.env.flush_all()
        self.env.invalidate_all()  # what the database holds
        before = self.company.read(fnames)[0]
        try:
            with self.env.cr.savepoint():
                self.env["res.config.settings"].with_user(self.admin).create(vals).execute()
        except REFUSED as error:
            self._assert_names_a_field(error, self.company, vals)
            self.env.invalidate_all()
            self.assertEqual(self.company.read(fnames)[0], before)
        self._assert_settings_in_range()

    # --- overrides and the client's strategic fields -------------------------------------
    @FAST
    @given(vals=OVERRIDE_VALUES, user=st.sampled_from(["admin", "seller"]))
    def test_overrides(self, vals, user):
        fnames = ["strategic_override", "strategic_override_reason", "strategic_override_until"]
        before = self.client.read(fnames)[0]
        accepted = self._write_or_refuse(self.client, vals, self.users[user])
        if accepted and user == "seller":
            # only administrators override: a seller's write passes when it changes nothing
            self.client.invalidate_recordset()
            self.assertEqual(self.client.read(fnames)[0], before)
        elif accepted and self.client.strategic_override in ("force_in", "force_out"):
            self.assertTrue(self.client.strategic_override_reason.strip())
            until = self.client.strategic_override_until
            self.assertTrue(not until or until >= TODAY)

    @FAST
    @given(vals=PARTNER_VALUES, user=st.sampled_from(["admin", "seller"]))
    def test_partner_strategic_fields(self, vals, user):
        accepted = self._write_or_refuse(self.client, vals, self.users[user])
        # the status is set by the recompute only
        self.assertFalse(accepted and {"strategic_score", "is_strategic"} & vals.keys())

    def test_override_examples(self):
        """The rules the property tests look for, one by one: refused with the field named,
        accepted when right (so the property tests do accept writes)."""
        past = TODAY - timedelta(days=1)
        for vals, message in (
            ({"strategic_override": "force_in"}, "needs an Override Reason"),
            ({"strategic_override": "force_in", "strategic_override_reason": " "}, "Reason"),
            (
                {
                    "strategic_override": "force_out",
                    "strategic_override_reason": "Dispute",
                    "strategic_override_until": past,
                },
                "Override Until {past} is in the past",
            ),
            ({"strategic_score": 100}, "Score (%): set by the recompute"),
        ):
            with self.subTest(vals=vals):
                self.assertFalse(self._write_or_refuse(self.client, vals))
                self.assertIn(message.format(past=past), self.refusal)
        self.assertTrue(
            self._write_or_refuse(
                self.client,
                {
                    "strategic_override": "force_in",
                    "strategic_override_reason": "Chain entry",
                    "strategic_override_until": TODAY,
                },
            )
        )
        self.assertTrue(self.client.is_strategic)
        with self.assertRaisesRegex(AccessError, "Strategic Clients / Administrator"):
            self.client.with_user(self.seller).write({"strategic_override": "auto"})
        self.assertTrue(self._write_or_refuse(self.client, {"profile_employees": 12}, self.seller))

    # --- minimums -----------------------------------------------------------------------
    @FAST
    @given(value=st.one_of(numbers, garbage), on_template=st.booleans())
    def test_product_minimum(self, value, on_template):
        product = self.widget.product_tmpl_id if on_template else self.widget
        if self._write_or_refuse(product, {"sale_min_qty": value}):
            self.assertGreaterEqual(self.widget.sale_min_qty, 0)
            self.assertLess(self.widget.sale_min_qty, math.inf)

    def test_minimum_examples(self):
        for value in (-1, -0.5):
            with self.subTest(value=value):
                self.assertFalse(self._write_or_refuse(self.widget, {"sale_min_qty": value}))
                self.assertIn("Minimum Sale Quantity cannot be negative", self.refusal)
        self.assertTrue(self._write_or_refuse(self.widget, {"sale_min_qty": 12.5}))
        Settings = self.env["res.config.settings"]
        self.assertFalse(
            self._create_or_refuse(Settings, {"sale_min_order_amount": -1}, self.admin)
        )
        self.assertIn("Minimum Order Amount cannot be negative", self.refusal)
        self.assertEqual(self.company.sale_min_order_amount, 100)

    @SLOW
    @example(client="client", qty=5, reason="Launch order", user="waiver", wizard=True)
    @example(client="client", qty=5, reason="Launch\x00order", user="waiver", wizard=False)
    @example(client="client", qty=5, reason="  ", user="waiver", wizard=False)
    @example(client="key", qty=5, reason=None, user="seller", wizard=False)
    @given(
        client=st.sampled_from(["client", "key"]),
        qty=st.one_of(
            st.integers(min_value=0, max_value=30),
            st.floats(min_value=-20, max_value=50, allow_nan=False),
        ),
        reason=st.one_of(st.none(), st.sampled_from(["", "   ", "Launch order"]), garbage),
        user=st.sampled_from(["seller", "waiver"]),
        wizard=st.booleans(),
    )
    def test_order_confirm_with_waiver(self, client, qty, reason, user, wizard):
        """Confirming below the minimums, with any reason, by any seller: confirmed (a
        strategic client, or a waiver with a reason by a user who may waive), or refused
        with the order left in draft and nothing logged."""
        user = self.users[user]
        order = (
            self.env["sale.order"]
            .with_user(user)
            .create(
                {
                    "partner_id": getattr(self, client).id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.widget.id, "product_uom_qty": qty, "tax_ids": []}
                        )
                    ],
                }
            )
        )
        messages = order.message_ids
        blocked = bool(order.strategic_minimum_warning) and client == "client"
        if wizard:  # the wizard's text field makes text of anything but None and False
            reason_text = None if reason is None or reason is False else str(reason)
        else:  # the context's reason is text or nothing
            reason_text = reason if isinstance(reason, str) else None
        may_waive = user == self.waiver and bool(reason_text and reason_text.strip())
        try:
            with self.env.cr.savepoint():
                if wizard:
                    self.env["strategic.minimum.waiver"].with_user(user).create(
                        {"order_ids": [Command.set(order.ids)], "reason": reason}
                    ).action_confirm()
                else:
                    order.with_user(user).with_context(
                        strategic_waiver_reason=reason
                    ).action_confirm()
        except REFUSED as error:
            self.assertTrue(blocked or wizard, error)
            self.assertFalse(may_waive and "\x00" not in reason_text, error)
            order.invalidate_recordset()
            self.assertEqual(order.state, "draft")
            self.assertEqual(order.message_ids, messages)
            return
        self.assertTrue(may_waive if wizard or blocked else True)
        self.assertEqual(order.state, "sale")
        if blocked:
            body = order.message_ids[0].body
            self.assertIn("Sales minimums waived by", body)
            self.assertIn(self.waiver.name, body)

    # --- account plans, their actions; cost to serve ---------------------------------------
    def _accepted(self, record, vals, create, user, base):
        """Create a record of ``base`` updated with ``vals``, or write ``vals`` on
        ``record``: the record holding the values if accepted, none if refused."""
        if create:
            return self._create_or_refuse(self.env[record._name], dict(base, **vals), user)
        return record.sudo() if self._write_or_refuse(record, vals, user) else record.browse()

    @FAST
    @given(vals=PLAN_VALUES, create=st.booleans())
    def test_plans(self, vals, create):
        base = {"name": "New", "partner_id": REAL, "date_from": TODAY, "date_to": TODAY}
        for plan in self._accepted(self.plan, vals, create, self.seller, base):
            self.assertLessEqual(plan.date_from, plan.date_to)

    @FAST
    @given(vals=ACTION_VALUES, create=st.booleans())
    def test_actions(self, vals, create):
        base = {"plan_id": REAL, "name": "A"}
        for action in self._accepted(self.action, vals, create, self.seller, base):
            start, end = action.date_start, action.date_end
            self.assertTrue(not start or not end or start <= end)

    @FAST
    @given(vals=COST_VALUES, create=st.booleans())
    def test_cost_entries(self, vals, create):
        base = {"partner_id": REAL, "amount": 1}
        for cost in self._accepted(self.cost, vals, create, self.admin, base):
            self.assertGreater(cost.amount, 0)

    def test_plan_examples(self):
        """The constraints of plans, actions and costs, refused naming the field, and a
        required field left empty (Odoo names it)."""
        for record, vals, message in (
            (self.plan, {"date_to": TODAY - timedelta(days=1)}, "To must be on or after"),
            (self.plan, {"date_to": False}, "'To' (date_to)"),
            (self.plan, {"partner_id": False}, "'Client' (partner_id)"),
            (self.action, {"date_end": TODAY - timedelta(days=1)}, "End must be on or after"),
            (self.cost, {"amount": 0}, "Amount must be above 0"),
        ):
            with self.subTest(model=record._name, vals=vals):
                self.assertFalse(self._write_or_refuse(record, vals))
                self.assertIn(message, self.refusal)
        self.plan.invalidate_recordset()
        self.assertEqual(self.plan.date_to, TODAY + timedelta(days=90))
        self.assertEqual(self.plan.partner_id, self.client)
        self.assertEqual(self.cost.amount, 50)
        self.assertTrue(
            self._write_or_refuse(
                self.plan,
                {"state": "agreed", "objective_ids": [Command.create({"name": "Launch"})]},
                self.seller,
            )
        )
        self.assertEqual(self.plan.objective_ids.mapped("name"), ["Launch"])
