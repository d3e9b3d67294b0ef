// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { registry } from "@web/core/registry";

/**
 * A strategic client's contact submits a product improvement request from its portal page
 * (run by tests/test_improvement_requests_portal.py, which prepares "Portal Request Client",
 * a request of it in stage Studying, and "Portal Crate", a product it bought).
 */
registry.category("web_tour.tours").add("strategic_client_request_portal", {
    url: "/my/strategic",
    steps: () => [
        {
            content: "The client's request is listed with its stage and product",
            trigger:
                ".o_strategic_portal_request:contains(Cheaper pallets):contains(Studying):contains(Portal Crate)",
        },
        {
            content: "Give the new request a title",
            trigger: ".o_strategic_request_form input[name=name]",
            run: "edit Pallets that fit city stores",
        },
        {
            content: "Say what it would change",
            trigger: ".o_strategic_request_form textarea[name=description]",
            run: "edit Our city stores have low shelves: half-height pallets would fit.",
        },
        {
            content: "It concerns a product the client buys",
            trigger: ".o_strategic_request_form .form-check:contains(Portal Crate) input",
            run: "check",
        },
        {
            content: "Send it",
            trigger: ".o_strategic_request_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The client is told it was received",
            trigger: ".o_strategic_request_sent",
        },
        {
            content: "... and finds it in its list",
            trigger: ".o_strategic_portal_request:contains(Pallets that fit city stores)",
        },
    ],
});

/**
 * The project manager opens the project's kanban: the portal request, of a strategic client,
 * is the first card of its column, before an ordinary client's request made urgent by hand,
 * with the Strategic badge.
 */
registry.category("web_tour.tours").add("strategic_client_request_kanban", {
    steps: () => [
        {
            content: "The strategic client's request comes first in its column, with the badge",
            trigger:
                ".o_kanban_group:contains(Received) .o_kanban_record:first:contains(Pallets that fit city stores) .o_strategic_badge",
        },
        {
            content: "... before the ordinary client's urgent request",
            trigger:
                ".o_kanban_group:contains(Received) .o_kanban_record:eq(1):contains(Ordinary urgent request)",
        },
    ],
});
