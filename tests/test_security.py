# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import TODAY, StrategicCommon

# Who may read, write, create and unlink (r w c u) each model of the addon.
ROLES = {
    "portal": "base.group_portal",
    "salesperson": "sales_team.group_sale_salesman",
    "sales_admin": "sales_team.group_sale_manager",
    "inventory": "stock.group_stock_user",
    "accountant": "account.group_account_invoice",
    "strategic_admin": "base.group_user,strategic_client.group_strategic_manager",
}
NOBODY = dict.fromkeys(ROLES, "----")
INTERNAL = dict(NOBODY, **dict.fromkeys(set(ROLES) - {"portal"}, "r---"))
MATRIX = {
    "strategic.criterion": dict(INTERNAL, strategic_admin="rwcu"),
    "strategic.score.line": INTERNAL,
    "strategic.score.history": INTERNAL,
    "strategic.consumption.sent": dict(INTERNAL, strategic_admin="rwcu"),
    "strategic.account.plan": dict(
        dict.fromkeys(ROLES, "rwc-"), portal="----", strategic_admin="rwcu"
    ),
    "strategic.account.plan.objective": dict(dict.fromkeys(ROLES, "rwcu"), portal="----"),
    "strategic.account.plan.action": dict(dict.fromkeys(ROLES, "rwcu"), portal="----"),
    "strategic.cost.entry": dict(INTERNAL, strategic_admin="rwcu"),
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
    "sales_admin": "rrrr",
    "inventory": "rrr-",
    "accountant": "rrrr",
    "strategic_admin": "----",
}
# The addon's fields on the client: written ("w") or not ("-") by each role.
PARTNER_WRITES = {
    "strategic_override": {"strategic_override": "force_out", "strategic_override_reason": "r"},
    "key_account_manager_id": {"key_account_manager_id": False},
    "strategic_prestige": {"strategic_prestige": False},
    "strategic_score": {"strategic_score": 0.0},
}
PARTNER_WRITE_MATRIX = {
    "portal": "----",
    "salesperson": "----",
    "sales_admin": "-ww-",
    "inventory": "----",
    "accountant": "----",
    "strategic_admin": "----",
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
                try:
                    with self.env.cr.savepoint():
                        self.client.with_user(self.users[role]).write(vals)
                    allowed += "w"
                except (AccessError, UserError):
                    allowed += "-"
            with self.subTest(role=role, fields=", ".join(PARTNER_WRITES)):
                self.assertEqual(allowed, expected)

    def _order(self, salesperson):
        return self.env["sale.order"].create(
            {
                "partner_id": self.client.id,
                "user_id": salesperson.id,
                "order_line": [Command.create({"product_id": self.product_a.id})],
            }
        )
