# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import Form, new_test_user, tagged

from ..report.consumption_report import semester_dates
from .common import TODAY, StrategicCommon

# Realistic users: internal users usually also have Contact Creation.
ROLES = {
    "portal": "base.group_portal",
    "salesperson": "sales_team.group_sale_salesman,base.group_partner_manager",
    "salesperson_all": "sales_team.group_sale_salesman_all_leads,base.group_partner_manager",
    "sales_admin": "sales_team.group_sale_manager",
    "inventory": "stock.group_stock_user,base.group_partner_manager",
    "accountant": "account.group_account_invoice",
    "strategic_admin": "base.group_partner_manager,strategic_client.group_strategic_manager",
}
NOBODY = dict.fromkeys(ROLES, "----")
INTERNAL = dict(NOBODY, **dict.fromkeys(set(ROLES) - {"portal"}, "r---"))
# Who may read, write, create and unlink (r w c u) each model of the addon.
MATRIX = {
    "strategic.criterion": dict(INTERNAL, strategic_admin="rwcu"),
    "strategic.score.line": INTERNAL,
    "strategic.score.history": INTERNAL,
    # portal: the reports sent to its own client (record rule; see test_portal)
    "strategic.consumption.sent": dict(INTERNAL, portal="r---", strategic_admin="rwcu"),
    "strategic.account.plan": dict(
        dict.fromkeys(ROLES, "rwc-"), portal="----", strategic_admin="rwcu"
    ),
    "strategic.account.plan.objective": dict(dict.fromkeys(ROLES, "rwcu"), portal="----"),
    # portal: the actions shared with its own client (record rule; see test_portal)
    "strategic.account.plan.action": dict(dict.fromkeys(ROLES, "rwcu"), portal="r---"),
    # a figure: not for the salesperson restricted to their own documents, nor inventory
    "strategic.cost.entry": dict(
        INTERNAL, salesperson="----", inventory="----", strategic_admin="rwcu"
    ),
    "strategic.return.reason": dict(INTERNAL, strategic_admin="rwcu"),
    "strategic.profile.change": dict(dict.fromkeys(ROLES, "rwcu"), portal="----"),
    "strategic.competitor.visit": dict(dict.fromkeys(ROLES, "rwcu"), portal="----"),
    "strategic.certification": dict(dict.fromkeys(ROLES, "rwcu"), portal="----"),
    "strategic.consumption.wizard": dict(dict.fromkeys(ROLES, "rwc-"), portal="----"),
    "strategic.minimum.waiver": NOBODY,
}
OPERATIONS = ("read", "write", "create", "unlink")

# The addon's fields on documents, read ("r") or not ("-") by each role: a salesperson sees
# the flag on their own documents only, as Odoo shows them the documents themselves.
DOCUMENT_FIELDS = {
    "own_order": ["strategic_client", "strategic_benefit", "strategic_minimum_warning"],
    "other_order": ["strategic_client", "strategic_benefit", "strategic_minimum_warning"],
    "picking": ["strategic_client", "strategic_benefit", "priority", "strategic_return_reason_id"],
    "invoice": ["strategic_client", "strategic_benefit", "strategic_key_account_manager_id"],
}
DOCUMENT_MATRIX = {
    "portal": "----",
    "salesperson": "r-r-",
    "salesperson_all": "rrrr",
    "sales_admin": "rrrr",
    "inventory": "rrr-",
    "accountant": "rrrr",
    "strategic_admin": "----",
}
# The addon's fields on the client: changed ("w") or not ("-") by each role. What scores a
# client or sets its treatment by hand is for Strategic Clients administrators; the status
# is the recompute's; the profile is edited by those Odoo lets edit contacts.
PARTNER_WRITES = {
    "strategic_override": {"strategic_override": "force_out", "strategic_override_reason": "r"},
    "key_account_manager_id": {"key_account_manager_id": "user"},
    "strategic_test_client": {"strategic_test_client": True},
    "strategic_prestige": {"strategic_prestige": False},
    "strategic_multinational": {"strategic_multinational": True},
    "strategic_growth_potential": {"strategic_growth_potential": 50.0},
    "strategic_market_influence": {"strategic_market_influence": "3"},
    "strategic_score": {"strategic_score": 0.0},
    "profile_employees": {"profile_employees": 40},
}
PARTNER_WRITE_MATRIX = {
    "portal": "---------",
    "salesperson": "--------w",
    "salesperson_all": "--------w",
    "sales_admin": "--------w",
    "inventory": "--------w",
    "accountant": "---------",
    "strategic_admin": "wwwwwww-w",
}
# Read ("r") or not ("-") by each role: the status that the whole organisation must know,
# and the figures derived from invoices and orders, for those who may read them all.
STATUS_READS = {
    "res.partner": [
        "is_strategic",
        "strategic_score",
        "strategic_rank",
        "strategic_criterion_id",
        "strategic_benefit",
        "strategic_qualified",
        "strategic_at_risk",
    ],
    "strategic.score.line": ["criterion_id", "met", "points", "payment_ok"],
}
FIGURE_READS = {
    "res.partner": [
        "strategic_invoiced_amount",
        "strategic_days_late",
        "strategic_overdue_amount",
        "strategic_good_payment",
        "strategic_margin_amount",
        "strategic_cost_to_serve",
        "strategic_roi",
        "strategic_low_return",
        "strategic_quotation_count",
        "strategic_return_count",
        "strategic_unjustified_return_count",
        "strategic_risk_reason",
        "strategic_risk_facts",
    ],
    "strategic.score.line": ["value", "threshold_value", "explanation"],
}
# Done ("x") or refused ("-"): recompute a client (company-wide work), print the consumption
# report of a client that another salesperson invoiced too.
ACTION_MATRIX = {
    "portal": "--",
    "salesperson": "--",
    "salesperson_all": "-x",
    "sales_admin": "-x",
    "inventory": "--",
    "accountant": "-x",
    "strategic_admin": "x-",
}
READ_MATRIX = {  # status, figures
    "portal": "--",
    "salesperson": "r-",
    "salesperson_all": "rr",
    "sales_admin": "rr",
    "inventory": "r-",
    "accountant": "rr",
    "strategic_admin": "r-",
}


@tagged("post_install", "-at_install")
class TestSecurityMatrix(StrategicCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            role: new_test_user(cls.env, f"matrix_{role}", groups=groups, company_id=cls.company.id)
            for role, groups in ROLES.items()
        }
        other = cls.setup_other_company()["company"]
        cls.other_admin = new_test_user(
            cls.env,
            "matrix_other",
            groups="base.group_user,strategic_client.group_strategic_manager",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        cls.criterion = cls._criterion("prestige", 1)
        cls.client = cls._customer("Key", strategic_prestige=True)
        cls.company._strategic_recompute()
        cls.plan = cls.env["strategic.account.plan"].create(
            {"name": "Plan", "partner_id": cls.client.id, "date_to": "2030-01-01"}
        )
        cls.cost = cls.env["strategic.cost.entry"].create(
            {"partner_id": cls.client.id, "amount": 10.0}
        )

    def test_model_access_matrix(self):
        for model, expected_by_role in MATRIX.items():
            for role, expected in expected_by_role.items():
                allowed = "".join(
                    op[0] if self.env[model].with_user(self.users[role]).has_access(op) else "-"
                    for op in OPERATIONS
                )
                with self.subTest(model=model, role=role):
                    self.assertEqual(allowed, expected)

    def test_another_company_sees_nothing_of_this_one(self):
        for records in (
            self.criterion,
            self.plan,
            self.cost,
            self._line(self.client, self.criterion),
        ):
            with self.subTest(model=records._name):
                found = records.with_user(self.other_admin).search([("id", "in", records.ids)])
                self.assertFalse(found)
                with self.assertRaises(AccessError):
                    records.with_user(self.other_admin).read(["id"])

    def test_plan_lines_stay_in_plans_the_user_may_write(self):
        """Another company's administrator can neither add a line to this company's plan
        nor move one of its own there."""
        other = self.other_admin.company_id
        own_plan = (
            self.env["strategic.account.plan"]
            .with_company(other)
            .create({"name": "Other plan", "partner_id": self.client.id, "date_to": "2030-01-01"})
        )
        for model in ("strategic.account.plan.action", "strategic.account.plan.objective"):
            Lines = self.env[model].with_user(self.other_admin).with_company(other)
            with self.subTest(model=model):
                line = Lines.create({"plan_id": own_plan.id, "name": "Ours"})
                with self.assertRaises(AccessError), self.env.cr.savepoint():
                    Lines.create({"plan_id": self.plan.id, "name": "Sneaked in"})
                with self.assertRaises(AccessError), self.env.cr.savepoint():
                    line.write({"plan_id": self.plan.id})
                self.assertEqual(line.sudo().plan_id, own_plan)
                self.assertFalse(self.env[model].search([("plan_id", "=", self.plan.id)]))

    def test_partner_fields_by_role(self):
        for role, user in self.users.items():
            partner = self.client.with_user(user)
            with self.subTest(role=role):
                if role == "portal":
                    with self.assertRaises(AccessError):
                        partner.read(["is_strategic"])
                else:
                    self.assertTrue(partner.is_strategic)
        # only strategic administrators override, even when Odoo lets them edit contacts
        with self.assertRaises(AccessError):
            self.client.with_user(self.users["sales_admin"]).write(
                {"strategic_override": "force_out", "strategic_override_reason": "no"}
            )
        # a strategic administrator who may edit contacts (the test user: also sales admin)
        self.client.write(
            {"strategic_override": "force_out", "strategic_override_reason": "a reason"}
        )
        self.assertFalse(self.client.is_strategic)

    def test_document_fields_by_role(self):
        salesperson = self.users["salesperson"]
        own_order = self._order(salesperson)
        own_order.action_confirm()
        documents = {
            "own_order": own_order,
            "other_order": self._order(self.env.user),
            "picking": own_order.picking_ids,
            "invoice": self._invoice(self.client, 100.0, TODAY),
        }
        for role, expected in DOCUMENT_MATRIX.items():
            allowed = ""
            for name, fnames in DOCUMENT_FIELDS.items():
                try:
                    documents[name].with_user(self.users[role]).read(fnames)
                    allowed += "r"
                except AccessError:
                    allowed += "-"
            with self.subTest(role=role, documents=", ".join(DOCUMENT_FIELDS)):
                self.assertEqual(allowed, expected)

    def test_partner_writes_by_role(self):
        for role, expected in PARTNER_WRITE_MATRIX.items():
            allowed = ""
            for vals in PARTNER_WRITES.values():
                vals = {k: self.env.user.id if v == "user" else v for k, v in vals.items()}
                try:
                    with self.env.cr.savepoint():
                        self.client.with_user(self.users[role]).write(vals)
                    allowed += "w"
                except (AccessError, UserError):
                    allowed += "-"
            with self.subTest(role=role, fields=", ".join(PARTNER_WRITES)):
                self.assertEqual(allowed, expected)

    def test_client_facts_refused_by_name_and_kept_in_sync_with_contacts(self):
        salesperson = self.client.with_user(self.users["salesperson"])
        with self.assertRaisesRegex(
            AccessError, "Test Client, Prestige Client: only members of .*Administrator"
        ):
            salesperson.write({"strategic_test_client": True, "strategic_prestige": False})
        with self.assertRaisesRegex(AccessError, "^Change Override, Override Reason: only"):
            salesperson.write({"strategic_override": "force_out", "strategic_override_reason": "r"})
        with self.assertRaisesRegex(AccessError, "Prestige Client"):
            salesperson.create({"name": "New", "strategic_prestige": True})
        with self.assertRaisesRegex(AccessError, "Prestige Client"):
            salesperson.with_context(default_strategic_prestige=True).create({"name": "New"})
        # writing a value a client already has changes nothing: allowed
        salesperson.write({"strategic_prestige": True, "strategic_override": "auto"})
        # Odoo gives the contacts of a client its key account manager: not a change by hand
        self.client.key_account_manager_id = self.users["strategic_admin"]
        contact = salesperson.create({"name": "Buyer", "parent_id": self.client.id})
        self.assertEqual(contact.key_account_manager_id, self.users["strategic_admin"])
        salesperson.write({"vat": False, "phone": "+1 555"})

    def test_changes_of_client_facts_are_tracked(self):
        admin = self.users["strategic_admin"]
        client = self.client.with_user(admin).with_context(
            tracking_disable=False, mail_notrack=False
        )
        values = {
            "key_account_manager_id": admin.id,
            "strategic_test_client": True,
            "strategic_prestige": False,
            "strategic_multinational": True,
            "strategic_growth_potential": 50.0,
            "strategic_market_influence": "3",
            "strategic_override": "force_in",
            "strategic_override_reason": "Reference client",
            "strategic_override_until": "2030-01-01",
        }
        client.write(values)
        self.env.flush_all()
        tracked = self.client.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertEqual(sorted(set(tracked) & set(values)), sorted(values))

    def test_reads_by_role(self):
        records = {
            "res.partner": self.client,
            "strategic.score.line": self._line(self.client, self.criterion),
        }
        for role, expected in READ_MATRIX.items():
            user = self.users[role]
            allowed = ""
            for reads in (STATUS_READS, FIGURE_READS):
                try:
                    for model, fnames in reads.items():
                        records[model].with_user(user).read(fnames)
                    allowed += "r"
                except AccessError:
                    allowed += "-"
            with self.subTest(role=role):
                self.assertEqual(allowed, expected)
                if role != "portal":
                    self.assertEqual(
                        self.env["res.partner"].with_user(user)._strategic_can_read_figures(),
                        expected[1] == "r",
                    )

    def test_actions_by_role(self):
        report = self.env["report.strategic_client.report_consumption"]
        self._invoice(self.client, 100.0, semester_dates(report._reference_semester(None))[0])
        actions = ("action_strategic_recompute", "action_strategic_print_consumption")
        for role, expected in ACTION_MATRIX.items():
            done = ""
            for action in actions:
                try:
                    with self.env.cr.savepoint():
                        getattr(self.client.with_user(self.users[role]), action)()
                    done += "x"
                except AccessError:
                    done += "-"
            with self.subTest(role=role, actions=", ".join(actions)):
                self.assertEqual(done, expected)

    def test_client_form_for_every_role(self):
        """The form and the strategic clients' views open for every internal role, without
        the figures they may not read; what scores a client is read-only but for Strategic
        Clients administrators."""
        by_hand = set(PARTNER_WRITES) - {"strategic_score", "profile_employees"}
        views = [
            (self.env.ref(f"strategic_client.view_partner_strategic_{view_type}").id, view_type)
            for view_type in ("list", "kanban", "pivot", "graph")
        ]
        for role, user in self.users.items():
            if role == "portal":
                continue
            with self.subTest(role=role):
                form = Form(self.client.with_user(user))
                figures = READ_MATRIX[role][1] == "r"
                self.assertEqual("strategic_invoiced_amount" in form._view["fields"], figures)
                self.assertTrue(form.is_strategic)
                readonly = {fname for fname in by_hand if form._get_modifier(fname, "readonly")}
                self.assertEqual(readonly, set() if role == "strategic_admin" else by_hand)
                for view in (
                    self.env["res.partner"].with_user(user).get_views(views)["views"].values()
                ):
                    self.assertEqual("strategic_invoiced_amount" in view["arch"], figures)

    def _order(self, salesperson):
        return self.env["sale.order"].create(
            {
                "partner_id": self.client.id,
                "user_id": salesperson.id,
                "order_line": [Command.create({"product_id": self.product_a.id})],
            }
        )
