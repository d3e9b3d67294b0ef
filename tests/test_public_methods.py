# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every public method of the addon (Odoo exposes them to RPC), called by a portal user and
by a salesperson: refused where it would change what they may not change or run work for the
whole company."""

import contextlib

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.service.model import get_public_method
from odoo.tests import new_test_user, tagged

from ..report.consumption_report import semester_dates
from .common import StrategicCommon

ADDON_MODULES = "odoo.addons.strategic_client."
ROLES = {
    "portal": "base.group_portal",
    # the usual rights of an internal user in sales: own documents, Contact Creation
    "salesperson": "sales_team.group_sale_salesman,base.group_partner_manager",
}
DENIED, ALLOWED = "-", "ok"

# (model, method): (records it is called on, arguments, portal, salesperson). A method the
# addon adds later fails test_every_public_method_is_listed until it is listed here.
CALLS = {
    # company-wide work: Strategic Clients administrators only
    ("res.partner", "action_strategic_recompute"): ("client", (), DENIED, DENIED),
    ("res.company", "action_strategic_recompute"): ("company", (), DENIED, DENIED),
    ("res.config.settings", "action_strategic_recompute"): ("settings", (), DENIED, DENIED),
    ("res.config.settings", "action_strategic_open_settings_history"): (
        "settings",
        (),
        DENIED,
        DENIED,
    ),
    ("strategic.criterion", "unlink"): ("criterion", (), DENIED, DENIED),
    ("strategic.criterion", "action_strategic_recompute_company"): (
        "criterion",
        (),
        DENIED,
        DENIED,
    ),
    # the consumption report adds up invoices of other salespeople: refused to those who
    # may not open them all (the client has an invoice of another salesperson)
    ("res.partner", "action_strategic_print_consumption"): ("client", (), DENIED, DENIED),
    ("res.partner", "action_strategic_send_consumption_report"): ("client", (), DENIED, DENIED),
    ("strategic.consumption.wizard", "action_print"): ("wizard", (), DENIED, DENIED),
    # actions opening records: what the user then sees is under Odoo's own rules
    ("res.partner", "action_strategic_open_history"): ("client", (), DENIED, ALLOWED),
    ("res.partner", "action_strategic_open_monitoring"): ("counter", (), DENIED, ALLOWED),
    ("res.partner", "action_strategic_open_plans"): ("client", (), DENIED, ALLOWED),
    ("strategic.criterion", "action_open_partners_meeting"): ("criterion", (), DENIED, ALLOWED),
    # improvement requests: project users only (a salesperson has no Project rights)
    ("res.partner", "action_strategic_open_requests"): ("client", (), DENIED, DENIED),
    ("res.partner", "action_strategic_new_request"): ("client", (), DENIED, DENIED),
    ("sale.order", "action_strategic_waive_minimums"): ("order", (), DENIED, DENIED),
    # changes of one client or document the user may edit in Odoo
    ("res.partner", "action_profile_reviewed"): ("client", (), DENIED, ALLOWED),
    ("res.partner", "create"): (
        "partners",
        ({"name": "New", "profile_employees": 3},),
        DENIED,
        ALLOWED,
    ),
    ("res.partner", "write"): ("client", ({"profile_employees": 3},), DENIED, ALLOWED),
    ("sale.order", "action_confirm"): ("order", (), DENIED, ALLOWED),
    # plan actions (sharing one with the client is told on the plan's chatter)
    ("strategic.account.plan.action", "create"): (
        "plan_actions",
        ("plan_action_vals",),
        DENIED,
        ALLOWED,
    ),
    ("strategic.account.plan.action", "write"): (
        "plan_action",
        ({"portal_shared": True},),
        DENIED,
        ALLOWED,
    ),
    # plan objectives and actions go only into plans the caller may write
    ("strategic.account.plan.objective", "create"): (
        "plan_objectives",
        ("plan_objective_vals",),
        DENIED,
        ALLOWED,
    ),
    ("strategic.account.plan.objective", "write"): (
        "plan_objective",
        ({"target": "+10 %"},),
        DENIED,
        ALLOWED,
    ),
    ("stock.picking", "write"): ("picking", ({"priority": "1"},), DENIED, ALLOWED),
    # projects and their tasks (requests): under Project's own rights
    ("project.project", "write"): ("project", ({"strategic_requests": True},), DENIED, DENIED),
    ("project.task", "create"): ("tasks", ("task_vals",), DENIED, DENIED),
    ("project.task", "write"): ("task", ({"priority": "1"},), DENIED, DENIED),
    # a transfer created urgent counts as urgent by hand (the first pick leaves it alone)
    ("stock.picking", "create"): ("pickings", ("picking_vals",), DENIED, ALLOWED),
    # configuration and administrators' records
    ("res.company", "create"): ("companies", ({"name": "New company"},), DENIED, DENIED),
    ("res.company", "write"): ("company", ({"strategic_min_score": 20},), DENIED, DENIED),
    ("strategic.criterion", "create"): ("criteria", ({"name": "New"},), DENIED, DENIED),
    ("strategic.criterion", "write"): ("criterion", ({"weight": 5},), DENIED, DENIED),
    ("strategic.minimum.waiver", "action_confirm"): ("waiver", (), DENIED, DENIED),
    # the preview of a rules change (an administrator's wizard): measures every client
    ("strategic.criterion", "action_strategic_preview_rules"): ("criteria", (), DENIED, DENIED),
    ("strategic.rules.preview", "action_preview"): ("preview", (), DENIED, DENIED),
    ("strategic.rules.preview", "action_apply"): ("preview", (), DENIED, DENIED),
}


def addon_public_methods(env):
    """(model, method) of every method defined by the addon's classes, on the models it
    defines (wizards and reports included) or extends, that RPC may call (Odoo's own rule:
    no leading underscore, and not private in any class, e.g. ``init``)."""
    found = set()
    for name in env.registry:
        model = env[name]
        if model._abstract and not name.startswith("report."):
            continue  # mixins: their methods are found on the models inheriting them
        for cls in type(model).__mro__:
            if cls.__module__.startswith(ADDON_MODULES):
                found.update(
                    (name, attr)
                    for attr, value in vars(cls).items()
                    if callable(value) and not attr.startswith("_") and rpc_callable(model, attr)
                )
    return found


def rpc_callable(model, method):
    try:
        get_public_method(model, method)
    except AccessError:
        return False
    return True


class Rollback(Exception):
    """Undoes what an allowed call did, so that each call starts from the same data."""


@tagged("post_install", "-at_install")
class TestPublicMethods(StrategicCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            role: new_test_user(cls.env, f"rpc_{role}", groups=groups, company_id=cls.company.id)
            for role, groups in ROLES.items()
        }
        cls.criterion = cls._criterion("prestige", 1)
        cls.client = cls._customer("Key", strategic_prestige=True, email="key@example.com")
        cls.company._strategic_recompute()
        # an invoice of another salesperson (the administrator) in the report's period
        report = cls.env["report.strategic_client.report_consumption"]
        reference = report._reference_semester(None)
        start = semester_dates(reference)[0]
        cls._invoice(cls.client, 100.0, start)
        salesperson = cls.users["salesperson"]
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.client.id,
                "user_id": salesperson.id,
                "order_line": [Command.create({"product_id": cls.product_a.id})],
            }
        )
        delivered = cls.order.copy()
        delivered.action_confirm()
        plan = cls.env["strategic.account.plan"].create(
            {
                "name": "Plan",
                "partner_id": cls.client.id,
                "date_to": "2030-01-01",
                "action_ids": [Command.create({"name": "Tasting day"})],
                "objective_ids": [Command.create({"name": "More kg"})],
            }
        )
        project = (
            cls.env["project.project"]
            .sudo()
            .create({"name": "Requests", "company_id": cls.company.id, "strategic_requests": True})
        )
        cls.values = {
            "waiver_vals": {"order_ids": [Command.set(cls.order.ids)], "reason": "a"},
            "plan_action_vals": {"plan_id": plan.id, "name": "Fair", "portal_shared": True},
            "plan_objective_vals": {"plan_id": plan.id, "name": "Fair share"},
            "task_vals": {"name": "Request", "project_id": project.id, "partner_id": cls.client.id},
            "picking_vals": {
                "picking_type_id": delivered.picking_ids.picking_type_id.id,
                "partner_id": cls.client.id,
                "priority": "1",
            },
        }
        task = cls.env["project.task"].sudo().create(cls.values["task_vals"])
        Wizard = cls.env["strategic.consumption.wizard"]
        year, half = divmod(reference, 2)
        wizard_vals = {
            "partner_ids": [Command.set(cls.client.ids)],
            "year": year,
            "half": str(half + 1),
        }
        cls.records = {
            "client": cls.client,
            "partners": cls.env["res.partner"],
            "counter": cls.client.with_context(strategic_counter="strategic_quotation_count"),
            "company": cls.company,
            "companies": cls.env["res.company"],
            "settings": cls.env["res.config.settings"].sudo().create({}).sudo(False),
            "criterion": cls.criterion,
            "criteria": cls.env["strategic.criterion"],
            # a wizard of the salesperson's own (portal users may not create one)
            "wizard": {
                "portal": Wizard.create(wizard_vals),
                "salesperson": Wizard.with_user(salesperson)
                .create(wizard_vals)
                .with_user(cls.env.user),
            },
            "plan_action": plan.action_ids,
            "plan_actions": cls.env["strategic.account.plan.action"],
            "plan_objective": plan.objective_ids,
            "plan_objectives": cls.env["strategic.account.plan.objective"],
            "order": cls.order,
            "preview": cls.env["strategic.rules.preview"].create({"strategic_max_clients": 1}),
            "picking": delivered.picking_ids,
            "project": project.sudo(False),
            "task": task.sudo(False),
            "tasks": cls.env["project.task"],
            "pickings": cls.env["stock.picking"],
            "waiver": cls.env["strategic.minimum.waiver"]
            .sudo()
            .create(cls.values["waiver_vals"])
            .sudo(False),
        }

    def test_every_public_method_is_listed(self):
        found = addon_public_methods(self.env)
        self.assertIn(("res.partner", "action_strategic_recompute"), found)
        self.assertEqual(
            sorted(found - set(CALLS)),
            [],
            "new public methods: list them in CALLS with who may call them",
        )
        self.assertEqual(sorted(set(CALLS) - found), [], "CALLS lists methods that are gone")

    def test_portal_and_salesperson_call_every_public_method(self):
        for (model, method), (records, args, *expected) in CALLS.items():
            for role, outcome in zip(ROLES, expected, strict=True):
                user = self.users[role]
                target = self.records[records]
                if isinstance(target, dict):
                    target = target[role]
                call = getattr(target.with_user(user), method)
                call_args = [
                    self.values.get(arg, arg) if isinstance(arg, str) else arg for arg in args
                ]
                with self.subTest(model=model, method=method, role=role):
                    if outcome == DENIED:
                        with self.assertRaises(AccessError), self.env.cr.savepoint():
                            call(*call_args)
                    else:
                        with contextlib.suppress(Rollback), self.env.cr.savepoint():
                            self._assert_reveals_nothing_more(user, call(*call_args))
                            raise Rollback

    def _assert_reveals_nothing_more(self, user, result):
        """An action opens records the user then reads under Odoo's rules: it names no
        model they may not read."""
        if isinstance(result, dict) and result.get("res_model"):
            records = self.env[result["res_model"]].with_user(user)
            self.assertTrue(records.has_access("read"), result["res_model"])
            records.search(result.get("domain") or [])

    def test_recompute_as_administrator_still_runs(self):
        admin = new_test_user(
            self.env,
            "rpc_strategic_admin",
            groups="base.group_user,strategic_client.group_strategic_manager",
            company_id=self.company.id,
        )
        self.assertTrue(self.client.with_user(admin).action_strategic_recompute())
        self.criterion.with_user(admin).action_strategic_recompute_company()
