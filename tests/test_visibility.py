# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from lxml import etree

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import StrategicCommon


@tagged("post_install", "-at_install")
class TestVisibility(StrategicCommon):
    """Everyone sees the flag: sales, the warehouse (even without Sales rights), invoicing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._criterion("prestige", 1, benefit="Positioning")
        cls.key = cls._customer("Key Account", strategic_prestige=True)
        cls.company._strategic_recompute()
        cls.product = cls.env["product.product"].create({"name": "Crate", "is_storable": True})
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.key.id,
                "order_line": [Command.create({"product_id": cls.product.id})],
            }
        )
        cls.order.action_confirm()
        cls.picking = cls.order.picking_ids
        cls.operator = new_test_user(
            cls.env, "operator", groups="stock.group_stock_user", company_id=cls.company.id
        )

    def _view_fields(self, model, view_type, user, view=None):
        """Names of the fields (and filters) of the view a user gets."""
        arch = (
            self.env[model]
            .with_user(user)
            .get_views([(view and view.id, view_type)])["views"][view_type]["arch"]
        )
        return {node.get("name") for node in etree.fromstring(arch).iter("field", "filter")}

    def test_warehouse_operator_without_sales_rights_sees_flag_and_priority(self):
        self.assertFalse(self.operator.has_group("sales_team.group_sale_salesman"))
        self.assertTrue(self.operator.has_group("strategic_client.group_strategic_user"))
        picking = self.picking.with_user(self.operator)
        values = picking.read(["strategic_client", "strategic_benefit", "priority"])[0]
        self.assertEqual(
            (values["strategic_client"], values["strategic_benefit"], values["priority"]),
            (True, "Positioning", "1"),
        )
        for view_type in ("list", "form"):
            self.assertIn(
                "strategic_client", self._view_fields("stock.picking", view_type, self.operator)
            )
        found = (
            self.env["stock.picking"]
            .with_user(self.operator)
            .search([("strategic_client", "=", True)])
        )
        self.assertIn(self.picking, found)
        groups = (
            self.env["stock.picking"]
            .with_user(self.operator)
            ._read_group([("id", "=", self.picking.id)], ["strategic_client"], ["__count"])
        )
        self.assertEqual(groups, [(True, 1)])

    def test_orders_and_invoices_show_the_flag(self):
        self.assertTrue(self.order.strategic_client)
        self.assertEqual(self.order.strategic_benefit, "Positioning")
        out_invoices = self.env.ref("account.view_out_invoice_tree")
        for model, view_type, view, name in [
            ("sale.order", "list", self.env.ref("sale.view_quotation_tree"), "strategic_client"),
            ("sale.order", "list", self.env.ref("sale.view_order_tree"), "strategic_client"),
            ("sale.order", "form", None, "strategic_client"),
            ("sale.order", "search", None, "strategic"),
            ("sale.order", "search", None, "group_strategic"),
            ("account.move", "list", out_invoices, "strategic_client"),
            ("account.move", "form", None, "strategic_client"),
            ("account.move", "search", None, "strategic"),
            ("account.move", "search", None, "group_strategic"),
            ("stock.picking", "search", None, "group_strategic"),
        ]:
            with self.subTest(model=model, view_type=view_type, name=name):
                self.assertIn(name, self._view_fields(model, view_type, self.env.user, view))
        invoice = self._invoice(self.key, 10, self.order.date_order.date())
        self.assertTrue(invoice.strategic_client)
        bill = self._invoice(self.key, 10, self.order.date_order.date(), move_type="in_invoice")
        self.assertFalse(bill.strategic_client, "vendor bills carry no flag")

    def test_portal_users_never_read_scores(self):
        portal = new_test_user(self.env, "portal_strategic", groups="base.group_portal")
        own = portal.partner_id.with_user(portal)
        own.read(["name"])  # their own contact: readable ...
        for fname in (
            "is_strategic",
            "strategic_score",
            "strategic_rank",
            "strategic_benefit",
            "strategic_override",
            "strategic_override_reason",
            "strategic_roi",
            "key_account_manager_id",
            "profile_annual_sales",
        ):
            # ... but none of the addon's fields
            with self.subTest(field=fname), self.assertRaises(AccessError):
                own.read([fname])
        order = self.env["sale.order"].create(
            {
                "partner_id": portal.partner_id.id,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        order.with_user(portal).read(["name"])
        with self.assertRaises(AccessError):
            order.with_user(portal).read(["strategic_client"])

    def test_cost_to_serve_is_a_figure(self):
        """The Cost to serve lines and their total: for users who read all the figures and
        for the administrators who keep them, not for a salesperson restricted to their own
        documents nor for an inventory user (README, Roles)."""
        self.env["strategic.cost.entry"].create({"partner_id": self.key.id, "amount": 10.0})
        users = {
            "salesperson": new_test_user(
                self.env,
                "cost_own",
                groups="sales_team.group_sale_salesman,base.group_partner_manager",
            ),
            "inventory": self.operator,
            "salesperson_all": new_test_user(
                self.env, "cost_all", groups="sales_team.group_sale_salesman_all_leads"
            ),
            "strategic_admin": new_test_user(
                self.env, "cost_admin", groups="strategic_client.group_strategic_manager"
            ),
        }
        sees = {"salesperson": False, "inventory": False}
        for role, user in users.items():
            with self.subTest(role=role):
                shown = "strategic_cost_entry_ids" in self._view_fields("res.partner", "form", user)
                self.assertEqual(shown, sees.get(role, True))
                entries = self.env["strategic.cost.entry"].with_user(user)
                if sees.get(role, True):
                    self.assertEqual(entries.search([]).partner_id, self.key)
                else:
                    with self.assertRaises(AccessError):
                        entries.search([])
