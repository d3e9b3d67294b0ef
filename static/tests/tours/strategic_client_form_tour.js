// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { registry } from "@web/core/registry";

/**
 * The actions of a client's form and of the settings, pressed as an administrator does (run
 * by tests/test_client_tours.py, which prepares "Tour Famous", meeting the prestige
 * criterion but not recomputed yet).
 */

function saveClient() {
    return {
        content: "Save the client",
        trigger: ".o_form_view .o_form_button_save",
        run: "click",
    };
}

// Strategic tab: Recompute (and what changed), Forced out then Forced strategic, each with
// its reason; Score history.
registry.category("web_tour.tours").add("strategic_client_form_status", {
    steps: () => [
        {
            content: "Open the Strategic tab",
            trigger: ".o_form_view a.nav-link[name=strategic]",
            run: "click",
        },
        {
            content: "Recompute the client",
            trigger: ".o_form_view button[name=action_strategic_recompute]",
            run: "click",
        },
        {
            content: "The notification says what changed",
            trigger: ".o_notification:contains(Tour Famous: Strategic):contains(Before: not measured)",
        },
        {
            content: "The status shows the client strategic",
            trigger: ".o_form_view .o_field_widget[name=strategic_status_message]:contains(Strategic: rank 1)",
        },
        {
            content: "Force it out",
            trigger: ".o_form_view .o_field_widget[name=strategic_override] input[data-value=force_out]",
            run: "click",
        },
        {
            content: "... with a reason",
            trigger: ".o_form_view .o_field_widget[name=strategic_override_reason] input",
            run: "edit Disputed contract",
        },
        saveClient(),
        {
            content: "The status says it is forced out, with the reason",
            trigger:
                ".o_form_view .o_field_widget[name=strategic_status_message]:contains(Forced out):contains(Disputed contract)",
        },
        {
            content: "Force it in",
            trigger: ".o_form_view .o_field_widget[name=strategic_override] input[data-value=force_in]",
            run: "click",
        },
        {
            content: "... with a reason",
            trigger: ".o_form_view .o_field_widget[name=strategic_override_reason] input",
            run: "edit Key chain",
        },
        saveClient(),
        {
            content: "The status says it is forced in, with the reason",
            trigger:
                ".o_form_view .o_field_widget[name=strategic_status_message]:contains(forced in):contains(Key chain)",
        },
        {
            content: "Score history",
            trigger: ".o_form_view button[name=action_strategic_open_history]",
            run: "click",
        },
        {
            content: "The client's score history opens",
            trigger: ".o_breadcrumb .active:contains(Score History)",
        },
    ],
});

// The account management buttons: Account Plans, Visits, and the profile's Reviewed today.
registry.category("web_tour.tours").add("strategic_client_form_workspace", {
    steps: () => [
        {
            content: "Account Plans",
            trigger: ".o_form_view button[name=action_strategic_open_plans]",
            run: "click",
        },
        {
            content: "The client's plans open",
            trigger: ".o_kanban_record:contains(Tour plan), .o_data_row:contains(Tour plan)",
        },
        {
            content: "Back to the client",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(Tour Famous)",
            run: "click",
        },
        {
            content: "Unfold the buttons the form keeps under More, if it does",
            trigger: ".o_form_view .o-form-buttonbox",
            run() {
                const more = this.anchor.querySelector(".o_button_more");
                if (more) {
                    more.click();
                }
            },
        },
        {
            content: "Visits",
            trigger: "button[name=action_strategic_open_monitoring]:contains(Visits)",
            run: "click",
        },
        {
            content: "The visits done open",
            trigger: ".o_list_view .o_data_row",
        },
        {
            content: "Back to the client",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(Tour Famous)",
            run: "click",
        },
        {
            content: "Open the Client Profile tab",
            trigger: ".o_form_view a.nav-link[name=client_profile]",
            run: "click",
        },
        {
            content: "Reviewed today",
            trigger: ".o_form_view button[name=action_profile_reviewed]",
            run: "click",
        },
        {
            content: "The review date is set",
            trigger: ".o_form_view .o_field_widget[name=profile_reviewed_on]:not(:has(input:value('')))",
        },
    ],
});

// The settings' block: Recompute now, then History of changes.
registry.category("web_tour.tours").add("strategic_client_settings_actions", {
    steps: () => [
        {
            content: "Recompute now",
            trigger: "#strategic_selection button[name=action_strategic_recompute]",
            run: "click",
        },
        {
            content: "The recompute reports the list",
            trigger: ".o_notification:contains(Strategic clients recomputed: 1 strategic)",
        },
        {
            content: "History of changes",
            trigger: "#strategic_selection button[name=action_strategic_open_settings_history]",
            run: "click",
        },
        {
            content: "The company's form and its chatter open",
            trigger: ".o_form_view .o-mail-Chatter",
        },
    ],
});
