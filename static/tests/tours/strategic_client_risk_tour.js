// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { registry } from "@web/core/registry";

/**
 * Early warning (run by tests/test_risk_tour.py, which prepares the clients "Risk Near",
 * 4 % above a threshold, and "Risk Safe", far above it): the key account manager filters
 * the strategic clients at risk and reads why on the client's form.
 */
registry.category("web_tour.tours").add("strategic_client_risk_warning", {
    url: "/odoo/action-strategic_client.action_strategic_clients",
    steps: () => [
        {
            content: "Both clients are in the list, the one at risk with its column ticked",
            trigger: ".o_data_row:contains(Risk Safe)",
        },
        {
            content: "Open the search options",
            trigger: ".o_control_panel_actions .o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Filter the clients at risk",
            trigger: ".o_filter_menu .o-dropdown-item:contains(At risk)",
            run: "click",
        },
        {
            content: "Only the client at risk is left",
            trigger: ".o_list_view:not(:has(.o_data_row:contains(Risk Safe))) .o_data_row:contains(Risk Near)",
        },
        {
            content: "Open it",
            trigger: ".o_data_row td:contains(Risk Near)",
            run: "click",
        },
        {
            content: "Open its Strategic tab",
            trigger: "a.nav-link[name=strategic]",
            run: "click",
        },
        {
            content: "The warning says why, with the figures",
            trigger:
                ".o_form_view div[name=strategic_risk_warning]:contains(against a threshold of):contains(within the 5 % margin)",
            run() {
                this.anchor.scrollIntoView({ block: "center" });
            },
        },
    ],
});
