// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

/**
 * The three ways users meet the addon in the web client (run by tests/test_tours.py, which
 * prepares the data: a criterion "Tour purchase volume", the clients "Tour Client Ltd",
 * "Tour Key Account" and "Tour Small Shop").
 */

// An administrator raises a client over a criterion's threshold, recomputes, and finds the
// client strategic with its breakdown.
registry.category("web_tour.tours").add("strategic_client_admin_threshold", {
    url: "/odoo/action-strategic_client.action_strategic_criterion",
    steps: () => [
        {
            content: "Open the criterion",
            trigger: ".o_data_row td[name=name]:contains(Tour purchase volume)",
            run: "click",
        },
        {
            content: "Lower its threshold below the client's purchases (5,000)",
            trigger: ".o_form_editable div[name=threshold] input",
            run: "edit 4000",
        },
        ...stepUtils.saveForm(),
        {
            content: "Back to the criteria",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(Strategic Criteria)",
            run: "click",
        },
        {
            content: "Recompute the strategic clients",
            trigger: ".o_list_view button[name=action_strategic_recompute_company]",
            run: "click",
        },
        {
            content: "The recompute reports one strategic client",
            trigger: ".o_notification:contains(Strategic clients recomputed: 1 strategic)",
        },
        {
            content: "Open the criterion again",
            trigger: ".o_data_row td[name=name]:contains(Tour purchase volume)",
            run: "click",
        },
        {
            content: "One client meets it: open the list",
            trigger: "button[name=action_open_partners_meeting]:contains(1)",
            run: "click",
        },
        {
            content: "Open the client",
            trigger: ".o_data_row td:contains(Tour Client Ltd)",
            run: "click",
        },
        {
            content: "The client carries the Strategic ribbon",
            trigger: ".o_form_view .ribbon:contains(Strategic)",
        },
        {
            content: "Open its Strategic tab",
            trigger: "a.nav-link[name=strategic]",
            run: "click",
        },
        {
            content: "The breakdown shows the criterion met",
            trigger:
                ".o_field_widget[name=strategic_score_line_ids] .o_data_row.text-success:contains(Tour purchase volume)",
            run() {
                this.anchor.scrollIntoView({ block: "center" });
            },
        },
    ],
});

// A salesperson confirms a quotation below the minimums for a strategic client (the waiver is
// shown and logged) and cannot for another client (the error is shown).
registry.category("web_tour.tours").add("strategic_client_salesperson_minimums", {
    url: "/odoo/action-sale.action_quotations_with_onboarding",
    steps: () => [
        {
            content: "Open the strategic client's quotation",
            trigger: ".o_data_row td:contains(Tour Key Account)",
            run: "click",
        },
        {
            content: "The badge is on the quotation",
            trigger: ".o_form_view .o_strategic_badge",
        },
        {
            content: "The banner says the minimums are waived",
            trigger: ".o_form_view .alert-warning:contains(waived)",
        },
        {
            content: "Confirm it",
            trigger: ".o_statusbar_buttons button[name=action_confirm]",
            run: "click",
        },
        {
            content: "It is a sales order",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Sales Order)",
        },
        {
            content: "The waiver is in the chatter",
            trigger: ".o-mail-Message:contains(Sales minimums waived for a strategic client)",
        },
        {
            content: "Back to the quotations",
            trigger: ".o_breadcrumb .breadcrumb-item a",
            run: "click",
        },
        {
            content: "Open the other client's quotation",
            trigger: ".o_data_row td:contains(Tour Small Shop)",
            run: "click",
        },
        {
            content: "The banner says it cannot be confirmed",
            trigger: ".o_form_view .alert-warning:contains(cannot be confirmed)",
        },
        {
            content: "Try to confirm it",
            trigger: ".o_statusbar_buttons button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The error names the minimums",
            trigger: ".modal .modal-body:contains(does not reach the sales minimums)",
        },
    ],
});

// A warehouse operator (Inventory rights only) sees which transfer goes first and opens it.
registry.category("web_tour.tours").add("strategic_client_warehouse_transfers", {
    url: "/odoo/action-stock.action_picking_tree_all",
    steps: () => [
        {
            content: "The strategic client's transfer has the badge",
            trigger: ".o_data_row:contains(Tour Key Account) .o_strategic_badge",
        },
        {
            content: "... and the star",
            trigger: ".o_data_row:contains(Tour Key Account) .o_priority_star.fa-star",
        },
        {
            content: "The other client's transfer has neither",
            trigger:
                ".o_data_row:contains(Tour Small Shop):not(:has(.o_strategic_badge)):has(.o_priority_star.fa-star-o)",
        },
        {
            content: "Open the strategic transfer",
            trigger: ".o_data_row:contains(Tour Key Account) td[name=name]",
            run: "click",
        },
        {
            content: "The transfer shows the badge and the star",
            trigger: ".o_form_view:has(.o_strategic_badge) .o_priority_star.fa-star",
        },
    ],
});

// A member of "Can waive sales minimums" confirms a non-strategic quotation below the
// minimums with "Confirm below minimums" and a reason.
registry.category("web_tour.tours").add("strategic_client_waive_minimums", {
    steps: () => [
        {
            content: "Open the other client's quotation",
            trigger: ".o_data_row td:contains(Tour Small Shop)",
            run: "click",
        },
        {
            content: "Confirm below minimums (no plain Confirm: it would fail)",
            trigger:
                ".o_form_view:not(:has(.o_statusbar_buttons button[name=action_confirm]:visible)) .o_statusbar_buttons button[name=action_strategic_waive_minimums]",
            run: "click",
        },
        {
            content: "The dialog names the breach",
            trigger: ".modal .o_field_widget[name=breaches]:contains(Untaxed amount):contains(minimum)",
        },
        {
            content: "Give the reason",
            trigger: ".modal .o_field_widget[name=reason] textarea, .modal .o_field_widget[name=reason] input",
            run: "edit First order of a chain we want to enter",
        },
        {
            content: "Confirm",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "It is a sales order",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Sales Order)",
        },
        {
            content: "The reason is in the chatter",
            trigger: ".o-mail-Message:contains(First order of a chain we want to enter)",
        },
    ],
});

// A salesperson confirms a strategic client's quotation: its delivery carries the star.
registry.category("web_tour.tours").add("strategic_client_confirm_star", {
    steps: () => [
        {
            content: "Open the strategic client's quotation",
            trigger: ".o_data_row td:contains(Tour Key Account)",
            run: "click",
        },
        {
            content: "Confirm it",
            trigger: ".o_statusbar_buttons button[name=action_confirm]",
            run: "click",
        },
        {
            content: "Open its delivery",
            trigger: ".o_form_view button[name=action_view_delivery]",
            run: "click",
        },
        {
            content: "The delivery carries the star and the badge",
            trigger: ".o_form_view:has(.o_strategic_badge) .o_priority_star.fa-star",
        },
    ],
});
