# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Product improvement and development requests (tasks of a project taking them): strategic
clients' requests take the company's priority, show the badge and come first; open requests
follow a change of status except where the priority was set by hand; the products concerned,
the client's counters, the joint account plan's links, and who may do what."""

from datetime import datetime, timedelta

from lxml import etree

from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from .common import TODAY, StrategicCommon


@tagged("post_install", "-at_install")
class TestImprovementRequests(StrategicCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.group_ids = [Command.link(cls.env.ref("project.group_project_manager").id)]
        cls.Task = cls.env["project.task"]
        Project = cls.env["project.project"]
        cls.project = Project.create(
            {"name": "Requests", "company_id": cls.company.id, "strategic_requests": True}
        )
        cls.internal = Project.create({"name": "Internal work", "company_id": cls.company.id})
        cls._criterion("prestige", 1, benefit="Positioning")
        cls.key = cls._customer("Request Key", strategic_prestige=True)
        cls.plain = cls._customer("Request Plain")
        cls.company._strategic_recompute()
        cls.manager = new_test_user(cls.env, "request_kam", groups="base.group_user")
        cls.key.key_account_manager_id = cls.manager
        cls.contact = cls.env["res.partner"].create(
            {"name": "Key buyer", "parent_id": cls.key.id, "email": "buyer@example.com"}
        )

    def _request(self, partner, project=None, **vals):
        return self.Task.create(
            dict(
                {"name": f"Request of {partner.name}", "project_id": (project or self.project).id},
                partner_id=partner.id,
                **vals,
            )
        )

    def _set_dates(self, task, created, done=None):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE project_task SET create_date = %s, date_end = %s WHERE id = %s",
                created,
                done,
                task.id,
            )
        )
        task.invalidate_recordset(["create_date", "date_end"])

    # --- the priority --------------------------------------------------------------------
    def test_strategic_request_takes_company_priority_and_badge(self):
        self.assertEqual(self.company.strategic_task_priority, "2", "High by default")
        request = self._request(self.contact)
        self.assertTrue(request.strategic_client)
        self.assertEqual(request.strategic_benefit, "Positioning")
        self.assertEqual(request.priority, "2")
        self.assertFalse(request.priority_set_by_hand)
        self.assertIn("priority is now High", request.message_ids[0].body)
        ordinary = self._request(self.plain)
        self.assertFalse(ordinary.strategic_client)
        self.assertEqual(ordinary.priority, "0")
        # a task of another project is no request: no flag, no priority
        task = self._request(self.key, project=self.internal)
        self.assertFalse(task.strategic_client)
        self.assertEqual(task.priority, "0")

    def test_priority_chosen_at_creation_is_kept(self):
        request = self._request(self.key, priority="1")
        self.assertTrue(request.priority_set_by_hand)
        self.assertEqual(request.priority, "1")

    def test_open_requests_follow_status_except_hand_set_and_done(self):
        fields_kept = ["name", "stage_id", "user_ids", "partner_id", "state", "description"]
        open_request = self._request(self.plain)
        by_hand = self._request(self.plain)
        by_hand.priority = "1"
        self.assertTrue(by_hand.priority_set_by_hand)
        done = self._request(self.plain, state="1_done")
        before = open_request.read(fields_kept)

        self.plain.strategic_prestige = True
        self.company._strategic_recompute()
        self.assertTrue(self.plain.is_strategic)
        self.assertEqual(open_request.priority, "2")
        self.assertTrue(open_request.strategic_client)
        self.assertIn("priority is now High", open_request.message_ids[0].body)
        self.assertEqual(
            open_request.read(fields_kept), before, "the rule writes the priority only"
        )
        self.assertFalse(open_request.priority_set_by_hand)
        self.assertEqual(by_hand.priority, "1")
        self.assertEqual(done.priority, "0")

        self.plain.strategic_prestige = False
        self.company._strategic_recompute()
        self.assertEqual(open_request.priority, "0")
        self.assertFalse(open_request.strategic_client)
        self.assertIn("no longer strategic", open_request.message_ids[0].body)
        self.assertEqual(by_hand.priority, "1")

    def test_setting_moves_open_strategic_requests(self):
        request = self._request(self.key)
        by_hand = self._request(self.key, priority="1")
        settings = self.env["res.config.settings"].create({"strategic_task_priority": "3"})
        settings.execute()
        self.assertEqual(self.company.strategic_task_priority, "3")
        self.assertEqual(request.priority, "3")
        self.assertIn("Urgent", request.message_ids[0].body)
        self.assertEqual(by_hand.priority, "1")

    def test_marking_a_project_turns_its_open_tasks_into_requests(self):
        task = self._request(self.key, project=self.internal)
        self.assertEqual(task.priority, "0")
        self.internal.strategic_requests = True
        self.assertTrue(task.strategic_client)
        self.assertEqual(task.priority, "2")
        # and a task moved into a project taking requests follows too
        other = self.env["project.project"].create({"name": "B", "company_id": self.company.id})
        moved = self._request(self.key, project=other)
        # (Odoo empties the customer of a task moved to another project)
        moved.write({"project_id": self.project.id, "partner_id": self.key.id})
        self.assertEqual(moved.priority, "2")

    def test_existing_requests_take_the_priority_in_one_set_based_write(self):
        """The first recompute after install finds existing open requests of clients that
        become strategic: their priority is written per priority, not task by task (the
        number of queries is the same for 2 requests and for 40)."""
        Task = self.Task.with_context(strategic_priority=True)
        few = self._customer("Few Requests", strategic_prestige=True)
        many = self._customer("Many Requests", strategic_prestige=True)
        self.company._strategic_recompute()
        small = Task.create([{"name": f"F{i}", "project_id": self.project.id} for i in range(2)])
        large = Task.create([{"name": f"M{i}", "project_id": self.project.id} for i in range(40)])
        # as they were before the addon: the clients' tasks, at the ordinary priority
        small.write({"partner_id": few.id})
        large.write({"partner_id": many.id})
        (small | large).write({"priority": "0"})
        self.env.flush_all()
        self.env.invalidate_all()
        queries = self.env.cr.sql_log_count
        self.Task._strategic_follow_status(few, self.company)
        self.env.flush_all()
        queries = self.env.cr.sql_log_count - queries
        self.env.invalidate_all()
        with self.assertQueryCount(queries):
            self.Task._strategic_follow_status(many, self.company)
            self.env.flush_all()
        self.assertEqual(set((small | large).mapped("priority")), {"2"})
        self.assertTrue(all(len(task.message_ids) >= 1 for task in large))

    def test_project_taking_requests_needs_a_company(self):
        with self.assertRaisesRegex(ValidationError, "set its Company"):
            self.env["project.project"].create(
                {"name": "Nowhere", "company_id": False, "strategic_requests": True}
            )

    # --- the order of the project's list and kanban ------------------------------------------
    def test_strategic_requests_come_first_in_list_and_kanban(self):
        ordinary = self._request(self.plain)
        ordinary.priority = "3"  # urgent, by hand
        strategic = self._request(self.key)
        for view in ("project.view_task_kanban", "project.project_task_view_tree_base"):
            with self.subTest(view=view):
                arch = self.Task.get_view(self.env.ref(view).id)["arch"]
                order = etree.fromstring(arch).get("default_order")
                self.assertTrue(order.startswith("strategic_client desc"), order)
                found = self.Task.search([("project_id", "=", self.project.id)], order=order)
                self.assertEqual(found.ids, (strategic | ordinary).ids)

    # --- products concerned ----------------------------------------------------------------
    def test_products_only_on_requests(self):
        count = self.Task.search_count([])
        with self.assertRaisesRegex(ValidationError, "Products Concerned"), self.env.cr.savepoint():
            self._request(
                self.key,
                project=self.internal,
                strategic_product_ids=[Command.set(self.product_a.ids)],
            )
        self.assertEqual(self.Task.search_count([]), count, "nothing saved")
        request = self._request(self.key, strategic_product_ids=[Command.set(self.product_a.ids)])
        with (
            self.assertRaisesRegex(ValidationError, "does not take requests"),
            self.env.cr.savepoint(),
        ):
            request.project_id = self.internal
        self.assertEqual(request.project_id, self.project)

    # --- requests from the portal (the controller's model method) ---------------------------
    def test_portal_request_checked_then_created_prioritised_and_notified(self):
        self._invoice(self.key, 100.0, TODAY - timedelta(days=30), product=self.product_a)
        count = self.Task.search_count([])
        Task = self.Task
        with self.assertRaisesRegex(ValidationError, "Title"):
            Task._strategic_create_portal_request(self.contact, self.project, "  ", "", Task)
        with self.assertRaisesRegex(ValidationError, "never sold"):
            Task._strategic_create_portal_request(
                self.contact, self.project, "Better", "", self.product_b
            )
        with self.assertRaisesRegex(ValidationError, "does not take product improvement"):
            Task._strategic_create_portal_request(
                self.contact, self.internal, "Better", "", self.product_a
            )
        self.assertEqual(self.Task.search_count([]), count, "nothing half-saved")

        request = Task._strategic_create_portal_request(
            self.contact, self.project, "A bigger case", "For our\nwarehouse", self.product_a
        )
        self.assertEqual(request.partner_id, self.contact)
        self.assertEqual(request.project_id, self.project)
        self.assertEqual(request.strategic_product_ids, self.product_a)
        self.assertEqual(request.priority, "2")
        self.assertIn("warehouse", request.description)
        self.assertIn(self.contact, request.message_partner_ids)
        activity = request.activity_ids
        self.assertEqual(activity.user_id, self.manager)
        self.assertIn("Request Key", activity.summary)

    def test_products_bought_from_invoices_and_orders(self):
        self._invoice(self.key, 100.0, TODAY - timedelta(days=30), product=self.product_a)
        order = self.env["sale.order"].create(
            {
                "partner_id": self.contact.id,
                "order_line": [Command.create({"product_id": self.product_b.id})],
            }
        )
        bought = self.Task._strategic_products_bought(self.key, self.company)
        self.assertEqual(bought, self.product_a, "a quotation is not bought")
        order.action_confirm()
        bought = self.Task._strategic_products_bought(self.key, self.company)
        self.assertEqual(bought, self.product_a | self.product_b)
        self.assertFalse(self.Task._strategic_products_bought(self.plain, self.company))

    # --- the client's form -------------------------------------------------------------------
    def test_client_counts_open_and_done_requests_in_the_window(self):
        now = datetime.combine(TODAY, datetime.min.time()).replace(hour=12)
        open_1 = self._request(self.contact)
        self._set_dates(open_1, now - timedelta(days=400))  # old, still open: counts
        open_2 = self._request(self.key)
        done = self._request(self.key)
        done.state = "1_done"
        self._set_dates(done, now - timedelta(days=40), now - timedelta(days=10))
        done_2 = self._request(self.key)
        done_2.state = "1_done"
        self._set_dates(done_2, now - timedelta(days=30), now - timedelta(days=20))
        old_done = self._request(self.key)
        old_done.state = "1_done"
        self._set_dates(old_done, now - timedelta(days=300), now - timedelta(days=250))
        self._request(self.key, project=self.internal)  # not a request
        self._request(self.plain)  # another client's
        self.key.invalidate_recordset()
        self.assertEqual(self.key.strategic_request_open_count, 2)
        self.assertEqual(self.key.strategic_request_done_count, 2, "done in the last 6 months")
        self.assertEqual(self.key.strategic_request_days, 20.0, "(30 + 10) / 2 days")
        self.assertEqual(
            self.contact.strategic_request_open_count, 2, "a contact shows its client's"
        )

        action = self.key.action_strategic_open_requests()
        self.assertEqual(
            self.Task.search(action["domain"]), open_1 | open_2 | done | done_2 | old_done
        )
        self.assertEqual(action["context"]["default_project_id"], self.project.id)
        self.assertEqual(action["context"]["default_partner_id"], self.key.id)
        new = self.key.action_strategic_new_request()
        self.assertEqual(new["views"], [(False, "form")])

    def test_request_marked_done_is_dated(self):
        request = self._request(self.key)
        self.assertFalse(request.date_end)
        request.state = "1_done"
        self.assertTrue(request.date_end, "the time from request to done needs its end")
        self.key.invalidate_recordset()
        self.assertEqual(self.key.strategic_request_done_count, 1)

    # --- joint account plans -----------------------------------------------------------------
    def test_account_plan_links_only_the_clients_own_requests(self):
        own = self._request(self.key)
        other = self._request(self.plain)
        plan = self.env["strategic.account.plan"].create(
            {
                "name": "Plan",
                "partner_id": self.key.id,
                "date_to": TODAY + timedelta(days=90),
                "objective_ids": [Command.create({"name": "Deliver the pack", "task_id": own.id})],
                "action_ids": [Command.create({"name": "Test the pack", "task_id": own.id})],
            }
        )
        self.assertEqual(plan.objective_ids.task_id, own)
        self.assertEqual(plan.action_ids.task_id, own)
        with self.assertRaisesRegex(ValidationError, "not a product improvement request of"):
            plan.objective_ids.task_id = other
        with self.assertRaisesRegex(ValidationError, "not a product improvement request of"):
            plan.action_ids.task_id = self._request(self.key, project=self.internal)

    # --- rights ------------------------------------------------------------------------------
    def test_project_user_manages_requests_as_any_task(self):
        user = new_test_user(self.env, "request_project_user", groups="project.group_project_user")
        Task = self.Task.with_user(user)
        request = Task.create(
            {
                "name": "From a project user",
                "project_id": self.project.id,
                "partner_id": self.key.id,
            }
        )
        self.assertEqual(request.priority, "2")
        request.write({"name": "Renamed", "priority": "3"})
        self.assertTrue(request.priority_set_by_hand)
        request.unlink()

    def test_portal_user_reads_own_client_requests_only_and_creates_none(self):
        own = self._request(self.contact)
        other = self._request(self.plain)
        portal = new_test_user(
            self.env,
            "request_portal",
            groups="base.group_portal",
            partner_id=self.contact.id,
        )
        Task = self.Task.with_user(portal)
        self.assertEqual(Task.search([("strategic_request", "=", True)]), own)
        own.with_user(portal).read(["name", "stage_id"])
        with self.assertRaises(AccessError):
            other.with_user(portal).read(["name"])
        with self.assertRaises(AccessError):
            Task.create({"name": "Direct", "project_id": self.project.id})
        with self.assertRaises(AccessError):
            own.with_user(portal).write({"priority": "3"})
