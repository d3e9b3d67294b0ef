# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Improvement requests in the portal (/my/strategic): a strategic client's contact sees its
client's requests with their stage and products and submits new ones, which arrive
prioritised (the browser tour then finds it first in the project's kanban); any other
client's or project's id is not found, and bad input saves nothing."""

from datetime import timedelta

from odoo import fields
from odoo.fields import Command
from odoo.http import Request
from odoo.tests import HttpCase, new_test_user, tagged

from .common import StrategicCommon, TourScreenshots


@tagged("post_install", "-at_install")
class TestImprovementRequestsPortal(StrategicCommon, TourScreenshots, HttpCase):
    # the browser and the server it talks to run on the real date
    freeze_time = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.group_ids = [Command.link(cls.env.ref("project.group_project_manager").id)]
        cls.env.user.write({"password": cls.env.user.login})
        cls.Task = cls.env["project.task"]
        Project = cls.env["project.project"]
        cls.project = Project.create(
            {
                "name": "Portal improvements",
                "company_id": cls.company.id,
                "strategic_requests": True,
                "type_ids": [
                    Command.create({"name": "Received", "sequence": 1}),
                    Command.create({"name": "Studying", "sequence": 2}),
                ],
            }
        )
        cls.received, cls.studying = cls.project.type_ids.sorted("sequence")
        cls.internal = Project.create({"name": "Internal only", "company_id": cls.company.id})
        cls._criterion("prestige", 1, benefit="Positioning")
        cls.client = cls._customer("Portal Request Client", strategic_prestige=True)
        cls.rival = cls._customer("Rival Request Client", strategic_prestige=True)
        cls.plain = cls._customer("Ordinary Request Client")
        cls.company._strategic_recompute()
        cls.kam = new_test_user(cls.env, "request_portal_kam", groups="base.group_user")
        cls.client.key_account_manager_id = cls.kam
        today = fields.Date.context_today(cls.env.user)
        cls.product_a.name = "Portal Crate"
        cls.product_b.name = "Never Sold Widget"
        cls._invoice(cls.client, 100.0, today - timedelta(days=20), product=cls.product_a)
        contact = cls.env["res.partner"].create(
            {"name": "Request buyer", "parent_id": cls.client.id, "email": "rb@example.com"}
        )
        cls.portal = new_test_user(
            cls.env,
            "request_portal",
            groups="base.group_portal",
            partner_id=contact.id,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.own = cls.Task.create(
            {
                "name": "Cheaper pallets",
                "project_id": cls.project.id,
                "partner_id": cls.client.id,
                "stage_id": cls.studying.id,
                "strategic_product_ids": [Command.set(cls.product_a.ids)],
            }
        )
        cls.rival_request = cls.Task.create(
            {
                "name": "Rival secret recipe",
                "project_id": cls.project.id,
                "partner_id": cls.rival.id,
            }
        )

    def _post(self, **values):
        self.authenticate(self.portal.login, self.portal.login)
        data = {"csrf_token": Request.csrf_token(self), "project_id": self.project.id}
        data.update(values)
        return self.url_open("/my/strategic/request", data=data)

    def _requests(self):
        return self.Task.search([("project_id", "=", self.project.id)])

    def test_page_lists_own_requests_with_stage_and_products(self):
        self.authenticate(self.portal.login, self.portal.login)
        page = self.url_open("/my/strategic")
        self.assertEqual(page.status_code, 200)
        for text in ("Cheaper pallets", "Studying", "Portal Crate", "New request"):
            self.assertIn(text, page.text)
        self.assertNotIn("Rival secret recipe", page.text)
        self.assertNotIn("Never Sold Widget", page.text, "only products the client bought")

    def test_submitted_request_arrives_prioritised_and_notifies_the_manager(self):
        before = self._requests()
        response = self._post(
            name="Stackable crates",
            description="Our shelves are low",
            product_ids=str(self.product_a.id),
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("request_sent=", response.url)
        request = self._requests() - before
        self.assertEqual(len(request), 1)
        self.assertEqual(request.name, "Stackable crates")
        self.assertEqual(request.partner_id, self.portal.partner_id)
        self.assertEqual(request.strategic_product_ids, self.product_a)
        self.assertTrue(request.strategic_client)
        self.assertEqual(request.priority, "2")
        self.assertEqual(request.stage_id, self.received)
        self.assertEqual(request.activity_ids.user_id, self.kam)
        self.assertIn("Stackable crates", response.text, "listed on the page it returns to")

    def test_another_clients_or_projects_id_is_not_found(self):
        before = self._requests()
        other_company = self.setup_other_company()["company"]
        elsewhere = self.env["project.project"].create(
            {"name": "Elsewhere", "company_id": other_company.id, "strategic_requests": True}
        )
        for values in (
            {"partner_id": self.rival.id},
            {"partner_id": self.plain.id},
            {"project_id": self.internal.id},
            {"project_id": elsewhere.id},
        ):
            with self.subTest(**values):
                response = self._post(name="Sneaky", **values)
                self.assertEqual(response.status_code, 404)
        self.assertEqual(self._requests(), before)
        self.assertFalse(self.Task.search([("name", "=", "Sneaky")]))

    def test_bad_input_is_told_and_nothing_saved(self):
        before = self._requests()
        count = self.Task.search_count([])
        for values, words in (
            ({"name": "   "}, "Title"),
            ({"name": "Widget v2", "product_ids": str(self.product_b.id)}, "never sold"),
        ):
            with self.subTest(words=words):
                response = self._post(**values)
                self.assertEqual(response.status_code, 200)
                self.assertIn(words, response.text)
                self.assertIn("o_strategic_request_error", response.text)
        self.assertEqual(self._requests(), before)
        self.assertEqual(self.Task.search_count([]), count)
        self.assertNotIn("Never Sold Widget", response.text, "a product never sold is not named")

    def test_not_strategic_client_gets_no_form(self):
        self.client.write({"strategic_override": "force_out", "strategic_override_reason": "Ended"})
        self.company._strategic_recompute()
        response = self._post(name="Late request")
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.Task.search([("name", "=", "Late request")]))

    # --- the tour -----------------------------------------------------------------------
    def test_tour_request_from_portal_then_first_in_the_kanban(self):
        # an ordinary client's request someone made urgent by hand: the strategic one still
        # comes first in the column
        ordinary = self.Task.create(
            {
                "name": "Ordinary urgent request",
                "project_id": self.project.id,
                "partner_id": self.plain.id,
                "stage_id": self.received.id,
            }
        )
        ordinary.priority = "3"
        self._start_tour(
            "/my/strategic",
            "strategic_client_request_portal",
            self.portal.login,
            "improvement_request_portal",
        )
        request = self.Task.search([("name", "=", "Pallets that fit city stores")])
        self.assertEqual(request.partner_id, self.portal.partner_id)
        self.assertEqual(request.strategic_product_ids, self.product_a)
        self.assertEqual(request.priority, "2")
        self.assertEqual(request.stage_id, self.received)
        self._start_tour(
            f"/odoo/project/{self.project.id}/tasks",
            "strategic_client_request_kanban",
            self.env.user.login,
            "improvement_request_kanban",
        )

    def test_tour_client_form_counts_creates_and_opens_requests(self):
        self._start_tour(
            f"/odoo/res.partner/{self.client.id}",
            "strategic_client_request_client_form",
            self.env.user.login,
            "improvement_request_client_form",
        )
        request = self.Task.search([("name", "=", "Half-height pallets")])
        self.assertEqual(request.partner_id, self.client)
        self.assertEqual(request.project_id, self.project)
        self.assertTrue(request.strategic_client)
        self.assertEqual(request.priority, "2")
