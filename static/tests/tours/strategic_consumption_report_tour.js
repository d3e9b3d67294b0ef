// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { registry } from "@web/core/registry";
import { captureDownloads, downloaded } from "./strategic_tour_utils";

/**
 * The consumption report printed and sent as a user does it (run by
 * tests/test_consumption_report_tour.py, which prepares two strategic clients, "Report
 * Client One" and "Report Client Two", with invoices in the last complete semester). The
 * PDFs the web client downloads are kept for the test, which reads their text.
 */

const keepDownloads = {
    content: "Keep the PDFs the web client downloads",
    trigger: "body",
    run: captureDownloads,
};

// Contact form > Strategic tab > Consumption report > Print.
registry.category("web_tour.tours").add("strategic_client_consumption_report_form", {
    steps: () => [
        keepDownloads,
        {
            content: "Open the client's Strategic tab",
            trigger: ".o_form_view a.nav-link[name=strategic]",
            run: "click",
        },
        {
            content: "Consumption report",
            trigger: ".o_form_view button[name=action_strategic_print_consumption]",
            run: "click",
        },
        {
            content: "The dialog proposes the last complete semester and the client",
            trigger: ".modal .o_field_widget[name=partner_ids]:contains(Report Client One)",
        },
        {
            content: "Print",
            trigger: ".modal button[name=action_print]",
            run: "click",
        },
        downloaded(1, "The report's PDF is downloaded"),
    ],
});

// A list of clients > select two > Print > Consumption Report > Print.
registry.category("web_tour.tours").add("strategic_client_consumption_report_list", {
    steps: () => [
        keepDownloads,
        {
            content: "Select the first client",
            trigger: ".o_data_row:contains(Report Client One) .o_list_record_selector input",
            run: "click",
        },
        {
            content: "... and the second",
            trigger: ".o_data_row:contains(Report Client Two) .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Print",
            trigger: ".o_cp_action_menus button:has(.fa-print)",
            run: "click",
        },
        {
            content: "Consumption Report",
            trigger: ".o-dropdown--menu .o-dropdown-item:contains(Consumption Report)",
            run: "click",
        },
        {
            content: "The dialog holds both clients",
            trigger:
                ".modal .o_field_widget[name=partner_ids]:contains(Report Client One):contains(Report Client Two)",
        },
        {
            content: "Print",
            trigger: ".modal button[name=action_print]",
            run: "click",
        },
        downloaded(1, "One PDF for both clients is downloaded"),
    ],
});

// Strategic tab > Send consumption report (confirmed): the client's chatter shows the mail.
registry.category("web_tour.tours").add("strategic_client_consumption_report_send", {
    steps: () => [
        {
            content: "Open the client's Strategic tab",
            trigger: ".o_form_view a.nav-link[name=strategic]",
            run: "click",
        },
        {
            content: "Send consumption report",
            trigger: ".o_form_view button[name=action_strategic_send_consumption_report]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The chatter shows the report sent, its PDF attached",
            trigger: ".o-mail-Message:contains(Consumption report) .o-mail-AttachmentList",
            timeout: 60000,
        },
    ],
});
