# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The strategic client's own page in the portal (/my/strategic): what a client's contact
with portal access finds there, and everything it must not find (other clients' reports,
an archived or no longer strategic client, another company's documents, the rest of the
addon)."""

from datetime import timedelta
from urllib.parse import unquote

from odoo import fields
from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.strategic_client.controllers.portal import StrategicClientPortal

from .common import StrategicCommon, TourScreenshots

OWN_SEMESTER, OWN_LABEL = 2025 * 2 + 1, "S2 2025"  # sent by mail, PDF attached
RENDERED_SEMESTER, RENDERED_LABEL = 2025 * 2, "S1 2025"  # its mail is gone
SKIPPED_LABEL = "S1 2024"
RIVAL_SEMESTER, RIVAL_LABEL = 2023 * 2, "S1 2023"


@tagged("post_install", "-at_install")
class TestPortal(StrategicCommon, TourScreenshots, HttpCase):
    # the browser and the server it talks to run on the real date
    freeze_time = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._criterion("prestige", 1, benefit="Positioning")
        cls.client = cls._customer(
            "Portal Key Account", strategic_prestige=True, email="key@example.com"
        )
        cls.rival = cls._customer(
            "Rival Strategic Co", strategic_prestige=True, email="rival@example.com"
        )
        cls.company._strategic_recompute()
        cls.portal = cls._portal_user("strategic_portal", cls.client, cls.company)
        # a real PDF (Odoo renders reports as HTML in tests unless told otherwise)
        Sent = cls.env["strategic.consumption.sent"].with_context(force_report_rendering=True)
        Sent._send(cls.client | cls.rival, OWN_SEMESTER)
        Sent = Sent.with_context(force_report_rendering=False)
        Sent._send(cls.rival, RIVAL_SEMESTER)
        cls.sent = Sent.search([("partner_id", "=", cls.client.id)])
        cls.rival_sent = Sent.search(
            [("partner_id", "=", cls.rival.id), ("semester", "=", RIVAL_SEMESTER)]
        )
        cls.rendered = Sent.create(
            {
                "partner_id": cls.client.id,
                "company_id": cls.company.id,
                "semester": RENDERED_SEMESTER,
                "semester_label": RENDERED_LABEL,
                "state": "sent",
            }
        )
        cls.skipped = Sent.create(
            {
                "partner_id": cls.client.id,
                "company_id": cls.company.id,
                "semester": 2024 * 2,
                "semester_label": SKIPPED_LABEL,
                "state": "skipped",
            }
        )
        today = fields.Date.context_today(cls.env.user)
        current = {"date_from": today - timedelta(days=30), "date_to": today + timedelta(days=60)}
        cls.plan = cls._plan(
            cls.client,
            "Portal growth plan",
            current,
            [
                (
                    "Portal shared tasting day",
                    True,
                    {
                        "kind": "promotion",
                        "state": "in_progress",
                        "date_start": today - timedelta(days=7),
                        "date_end": today + timedelta(days=7),
                    },
                ),
                ("Portal internal margin target", False),
            ],
        )
        cls.old_plan = cls._plan(
            cls.client,
            "Portal old plan",
            {
                "date_from": today - timedelta(days=400),
                "date_to": today - timedelta(days=35),
                "state": "closed",
            },
            [("Portal old shared fair", True)],
        )
        cls.rival_plan = cls._plan(
            cls.rival, "Rival plan", current, [("Rival shared secret", True)]
        )
        cls.shared = cls.plan.action_ids.filtered("portal_shared")

    @classmethod
    def _portal_user(cls, login, client, company):
        """A contact of ``client`` with portal access in ``company`` (its only company)."""
        contact = cls.env["res.partner"].create(
            {"name": f"{login} contact", "parent_id": client.id, "email": f"{login}@example.com"}
        )
        return new_test_user(
            cls.env,
            login,
            name=f"{login.replace('_', ' ').title()} Contact",
            groups="base.group_portal",
            partner_id=contact.id,
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    @classmethod
    def _plan(cls, client, name, values, actions):
        return cls.env["strategic.account.plan"].create(
            dict(
                {
                    "name": name,
                    "partner_id": client.id,
                    "state": "agreed",
                    "action_ids": [
                        Command.create(dict({"name": name, "portal_shared": shared}, **more))
                        for name, shared, *extra in actions
                        for more in (extra[0] if extra else {},)
                    ],
                },
                **values,
            )
        )

    def _get(self, url, login=None):
        if login:
            self.authenticate(login, login)
        return self.url_open(url)

    def _assert_not_found(self, response, *hidden):
        self.assertEqual(response.status_code, 404, response.url)
        for word in hidden:
            self.assertNotIn(word, response.text)

    # --- what the client finds ----------------------------------------------------------
    def test_page_shows_own_reports_and_shared_actions_only(self):
        response = self._get("/my/strategic", self.portal.login)
        self.assertEqual(response.status_code, 200)
        page = response.text
        for seen in (
            OWN_LABEL,
            RENDERED_LABEL,
            f"/my/strategic/report/{self.sent.filtered('message_id').id}",
            f"/my/strategic/report/{self.rendered.id}",
            "Portal growth plan",
            "Portal shared tasting day",
        ):
            with self.subTest(seen=seen):
                self.assertIn(seen, page)
        for hidden in (
            SKIPPED_LABEL,  # skipped for want of an email: nothing was sent
            RIVAL_LABEL,
            "Rival",
            "Portal internal margin target",  # not shared
            "Portal old shared fair",  # shared, but its plan is closed
            "Portal old plan",
        ):
            with self.subTest(hidden=hidden):
                self.assertNotIn(hidden, page)

    def test_download_is_the_pdf_that_was_sent(self):
        sent = self.sent.filtered("message_id")
        attachment = sent.message_id.attachment_ids
        self.assertEqual(attachment.mimetype, "application/pdf")
        response = self._get(f"/my/strategic/report/{sent.id}", self.portal.login)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))
        self.assertEqual(response.content, attachment.raw)
        self.assertIn("attachment", response.headers["Content-Disposition"])

    def test_download_renders_the_semester_again_when_the_mail_is_gone(self):
        """Rendered again for the client and semester (as HTML here: Odoo renders reports
        as HTML while testing; a PDF in production, as the report sent above)."""
        response = self._get(f"/my/strategic/report/{self.rendered.id}", self.portal.login)
        self.assertEqual(response.status_code, 200)
        self.assertIn(RENDERED_LABEL, unquote(response.headers["Content-Disposition"]))
        if response.headers["Content-Type"] == "application/pdf":
            self.assertTrue(response.content.startswith(b"%PDF"))
        else:
            self.assertEqual(response.headers["Content-Type"], "text/html")
            self.assertIn("Portal Key Account", response.text)
            self.assertIn(f"{RENDERED_LABEL} vs S1 2024", response.text)
            self.assertNotIn("Rival", response.text)

    def test_home_card_counts_reports_and_shared_actions(self):
        self.authenticate(self.portal.login, self.portal.login)
        home = self.url_open("/my")
        self.assertIn('data-placeholder_count="strategic_count"', home.text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["strategic_count"]})
        self.assertEqual(counters, {"strategic_count": 3})  # 2 reports, 1 shared action

    def test_page_cost_does_not_grow_with_reports_and_actions(self):
        """The page reads its reports and actions in grouped queries: ten more reports and
        five more shared actions cost no query more."""

        def page_queries():
            self.url_open("/my/strategic")  # caches (templates, session) warmed
            before = self.cr.sql_log_count
            response = self.url_open("/my/strategic")
            self.assertEqual(response.status_code, 200)
            return self.cr.sql_log_count - before, response.text

        self.authenticate(self.portal.login, self.portal.login)
        few, _page = page_queries()
        self.env["strategic.consumption.sent"].create(
            [
                {
                    "partner_id": self.client.id,
                    "company_id": self.company.id,
                    "semester": 2010 * 2 + index,
                    "semester_label": f"S{index + 1} 2010+{index}",
                    "state": "sent",
                }
                for index in range(10)
            ]
        )
        self.plan.write(
            {
                "action_ids": [
                    Command.create({"name": f"More shared {index}", "portal_shared": True})
                    for index in range(5)
                ]
            }
        )
        many, page = page_queries()
        self.assertIn("More shared 4", page)
        self.assertIn("S10 2010+9", page)
        self.assertGreater(few, 5, "the requests' queries are counted")
        self.assertEqual(many, few)

    # --- what the client never finds ----------------------------------------------------
    def test_another_clients_report_is_not_found_and_not_named(self):
        self.authenticate(self.portal.login, self.portal.login)
        Sent = self.env["strategic.consumption.sent"]
        rivals = Sent.search([("partner_id", "=", self.rival.id)])
        self.assertEqual(len(rivals), 2)
        missing = max(Sent.search([]).ids) + 1000
        for sent_id in (*rivals.ids, self.skipped.id, missing):
            with self.subTest(sent_id=sent_id):
                response = self.url_open(f"/my/strategic/report/{sent_id}")
                self._assert_not_found(response, "Rival", RIVAL_LABEL, SKIPPED_LABEL)

    def test_archived_client_finds_nothing(self):
        self.client.action_archive()
        self.authenticate(self.portal.login, self.portal.login)
        self._assert_not_found(self.url_open("/my/strategic"), "Portal Key Account")
        for sent in self.sent:
            self._assert_not_found(self.url_open(f"/my/strategic/report/{sent.id}"))
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["strategic_count"]})
        self.assertEqual(counters, {"strategic_count": 0})
        found = self.env["strategic.consumption.sent"].with_user(self.portal).search([])
        self.assertFalse(found, "the rule hides an archived client's reports")

    def test_client_no_longer_strategic_finds_nothing(self):
        self.client.write({"strategic_override": "force_out", "strategic_override_reason": "Ended"})
        self.company._strategic_recompute()
        self.assertFalse(self.client.is_strategic)
        self.authenticate(self.portal.login, self.portal.login)
        self._assert_not_found(self.url_open("/my/strategic"))
        for sent in self.sent:
            self._assert_not_found(self.url_open(f"/my/strategic/report/{sent.id}"))
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["strategic_count"]})
        self.assertEqual(counters, {"strategic_count": 0})

    def test_user_of_another_company_finds_nothing_of_this_one(self):
        other = self.setup_other_company()["company"]
        stranger = self._portal_user("strategic_portal_other", self.client, other)
        self.authenticate(stranger.login, stranger.login)
        self._assert_not_found(self.url_open("/my/strategic"))
        for sent in self.sent:
            self._assert_not_found(self.url_open(f"/my/strategic/report/{sent.id}"), OWN_LABEL)
        self.assertFalse(
            self.env["strategic.consumption.sent"].with_user(stranger).search([]),
            "the multi-company rule hides the other company's reports",
        )

    def test_documents_of_a_company_the_client_is_not_strategic_for_stay_hidden(self):
        """A portal user in two companies: the client is strategic in this one only, so the
        report another company sent it (when it was strategic there) is not offered."""
        other = self.setup_other_company()["company"]
        elsewhere = self.env["strategic.consumption.sent"].create(
            {
                "partner_id": self.client.id,
                "company_id": other.id,
                "semester": RIVAL_SEMESTER,
                "semester_label": RIVAL_LABEL,
                "state": "sent",
            }
        )
        self.assertFalse(self.client.with_company(other).is_strategic)
        self.portal.write({"company_ids": [Command.link(other.id)]})
        self.authenticate(self.portal.login, self.portal.login)
        page = self.url_open("/my/strategic")
        self.assertEqual(page.status_code, 200)
        self.assertIn(OWN_LABEL, page.text)
        self.assertNotIn(RIVAL_LABEL, page.text)
        self._assert_not_found(self.url_open(f"/my/strategic/report/{elsewhere.id}"))

    def test_internal_user_of_the_client_gets_no_page(self):
        """The record rule is for portal users: an internal user (who reads every report of
        the company in the back end) is never given the portal page."""
        contact = self.env["res.partner"].create({"name": "Insider", "parent_id": self.client.id})
        insider = new_test_user(
            self.env,
            "strategic_insider",
            groups="sales_team.group_sale_salesman",
            partner_id=contact.id,
        )
        self._assert_not_found(self._get("/my/strategic", insider.login), "Rival")

    def test_page_and_download_are_read_only_routes(self):
        """Served by the read replica where there is one (db_replica_host), like Odoo's own
        portal routes."""
        for route in (
            StrategicClientPortal.portal_my_strategic,
            StrategicClientPortal.portal_my_strategic_report,
        ):
            self.assertIs(route.original_routing.get("readonly"), True, route.__name__)

    def test_anonymous_is_sent_to_login(self):
        for url in ("/my/strategic", f"/my/strategic/report/{self.sent[0].id}"):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertIn("/web/login", response.url)
                self.assertNotIn(OWN_LABEL, response.text)

    def test_portal_user_reads_only_its_own_documents_through_the_orm(self):
        env = self.env(user=self.portal)
        self.assertEqual(env["strategic.consumption.sent"].search([]), self.sent | self.rendered)
        self.assertEqual(
            env["strategic.account.plan.action"].search([]),
            self.shared | self.old_plan.action_ids,
        )
        unshared = self.plan.action_ids - self.shared
        for records in (
            unshared,
            self.rival_plan.action_ids,
            self.rival_sent,
            self.skipped,
            self.plan,
            self.plan.objective_ids | self.env["strategic.account.plan.objective"],
        ):
            with self.subTest(model=records._name, ids=records.ids):
                if records:
                    with self.assertRaises(AccessError):
                        records.with_user(self.portal).read(["display_name"])
        for model in ("strategic.account.plan", "strategic.account.plan.objective"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                env[model].search([])
        with self.assertRaises(AccessError):
            self.shared.with_user(self.portal).write({"portal_shared": False})

    # --- the key account manager's side ----------------------------------------------------
    def test_sharing_is_told_on_the_plan_chatter(self):
        action = self.plan.action_ids - self.shared
        messages = self.plan.message_ids
        action.write({"portal_shared": True})
        told = self.plan.message_ids - messages
        self.assertEqual(len(told), 1)
        self.assertIn("Shared with the client in its portal", told.body)
        self.assertIn(action.name, told.body)
        action.write({"portal_shared": True})  # no change, nothing told
        self.assertEqual(self.plan.message_ids - messages, told)
        action.write({"portal_shared": False})
        self.assertIn("No longer shared", (self.plan.message_ids - messages - told).body)

    # --- the tour -----------------------------------------------------------------------
    def test_tour_portal_user_finds_report_and_shared_action(self):
        downloads = self._start_tour("/my", "strategic_client_portal", self.portal.login)
        # the PDF downloaded is the client's report of that semester
        ((request, pdf),) = downloads
        self.assertTrue(request["url"].endswith(f"/my/strategic/report/{self.sent.id}"))
        text = self._pdf_text(pdf)
        self.assertIn(f"Consumption report {OWN_LABEL}", text)
        self.assertIn("Portal Key Account", text)
        self.assertNotIn("Rival Strategic Co", text)
