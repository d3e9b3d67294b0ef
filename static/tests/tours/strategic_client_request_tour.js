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
            content: "... and the ordinary client's urgent request comes last",
            trigger:
                ".o_kanban_group:contains(Received) .o_kanban_record:last:contains(Ordinary urgent request)",
        },
    ],
});

/**
 * On the client's form (Strategic tab), the key account manager reads the improvement requests
 * counters, creates a request with New request (the client and the project taking requests
 * come filled in) and finds it with the Improvement requests button.
 */
registry.category("web_tour.tours").add("strategic_client_request_client_form", {
    steps: () => [
        {
            content: "Open the Strategic tab",
            trigger: ".o_notebook .nav-link[name=strategic]",
            run: "click",
        },
        {
            content: "The client has one open request",
            trigger: ".o_field_widget[name=strategic_request_open_count]:contains(1)",
        },
        {
            content: "Create a request of this client",
            trigger: "button[name=action_strategic_new_request]",
            run: "click",
        },
        {
            content: "Give it a title",
            trigger: ".o_field_widget[name=name] textarea",
            run: "edit Half-height pallets",
        },
        {
            content: "Save it",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "A strategic client's request: the badge shows",
            trigger: ".o_form_saved .o_field_widget[name=strategic_client] .o_strategic_badge",
        },
        {
            content: "Back to the client",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(Portal Request Client)",
            run: "click",
        },
        {
            content: "Open the Strategic tab again",
            trigger: ".o_notebook .nav-link[name=strategic]",
            run: "click",
        },
        {
            content: "Open its improvement requests",
            trigger: "button[name=action_strategic_open_requests]",
            run: "click",
        },
        {
            content: "Both requests of the client are there, the new one too",
            trigger: ".o_kanban_record:contains(Half-height pallets) .o_strategic_badge",
        },
        {
            content: "... and not another client's",
            trigger: ".o_kanban_view:not(:has(.o_kanban_record:contains(Rival secret recipe)))",
        },
    ],
});
