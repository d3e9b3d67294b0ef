// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { registry } from "@web/core/registry";

/**
 * First pick of short stock (run by tests/test_first_pick.py, which prepares the data: all
 * the stock of "First Pick Widget" reserved for an order of "First Pick Grocer", and a
 * quotation of "First Pick Andes", a strategic client). The steps read no translated text:
 * the same tour runs in English and in Spanish.
 */
registry.category("web_tour.tours").add("strategic_client_first_pick", {
    url: "/odoo/action-sale.action_quotations_with_onboarding",
    steps: () => [
        {
            content: "Open the strategic client's quotation",
            trigger: ".o_data_row td:contains(First Pick Andes)",
            run: "click",
        },
        {
            content: "Confirm it",
            trigger: ".o_statusbar_buttons button[name=action_confirm]",
            run: "click",
        },
        {
            content: "It is a sales order",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=sale]",
        },
        {
            content: "Open its delivery",
            trigger: "button[name=action_view_delivery]",
            run: "click",
        },
        {
            content: "The strategic delivery is ready",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=assigned]",
        },
        {
            content: "Its chatter names the delivery it took the stock from",
            trigger: ".o-mail-Message-body:contains(First Pick Grocer)",
        },
        {
            content: "Go to the transfers",
            trigger: ".o_breadcrumb",
            run() {
                window.location.href = "/odoo/action-stock.action_picking_tree_all";
            },
            expectUnloadPage: true,
        },
        {
            content: "Open the ordinary client's delivery",
            trigger: ".o_data_row td:contains(First Pick Grocer)",
            run: "click",
        },
        {
            content: "It waits: it ships all at once, and gave 6 of its 10",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=confirmed]",
        },
        {
            content: "Its chatter names the strategic delivery that took them",
            trigger: ".o-mail-Message-body:contains(First Pick Andes)",
            run() {
                this.anchor.scrollIntoView({ block: "center" });
            },
        },
    ],
});

// An administrator turns the first pick off in the settings (block Strategic Clients).
registry.category("web_tour.tours").add("strategic_client_first_pick_setting", {
    url: "/odoo/action-sale.action_sale_config_settings",
    steps: () => [
        {
            content: "Untick Strategic clients take stock reserved for others",
            trigger: "#strategic_first_pick div[name=strategic_first_pick] input[type=checkbox]:checked",
            run: "click",
        },
        {
            // the test company's other settings warn on any change (pricelists, taxes)
            content: "Close the warnings of the other settings",
            trigger: ".modal:contains(Warnings) .modal-footer button",
            run: "click",
        },
        {
            content: "Save (the settings page reloads)",
            trigger: ".o_control_panel button.o_form_button_save",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Saved: the settings show it off",
            trigger:
                "#strategic_first_pick div[name=strategic_first_pick] input[type=checkbox]:not(:checked)",
            run() {
                this.anchor.scrollIntoView({ block: "center" });
            },
        },
    ],
});
