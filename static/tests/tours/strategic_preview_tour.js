// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { registry } from "@web/core/registry";

/**
 * An administrator previews a tighter cap from the criteria list: the preview lists who would
 * leave, with the reason, before anything is saved (run by tests/test_preview.py, which
 * prepares three strategic clients, "Preview Big", "Preview Mid" and "Preview Famous").
 */
registry.category("web_tour.tours").add("strategic_client_preview_rules", {
    url: "/odoo/action-strategic_client.action_strategic_criterion",
    steps: () => [
        {
            content: "Open the preview of a rules change",
            trigger: ".o_list_view button[name=action_strategic_preview_rules]",
            run: "click",
        },
        {
            content: "Allow one strategic client only",
            trigger: ".modal div[name=strategic_max_clients] input",
            run: "edit 1",
        },
        {
            content: "Preview",
            trigger: ".modal button[name=action_preview]",
            run: "click",
        },
        {
            content: "Two clients would leave the list",
            trigger: ".modal .o_strategic_preview_summary:contains(would leave: 2)",
        },
        {
            content: "Each with the reason, in the words of the status section",
            trigger:
                ".modal .o_data_row:contains(Preview Mid):contains(Leaves the list):contains(Qualified but over the cap)",
        },
    ],
});

// From the settings: the values typed in the form, not saved, are those previewed.
registry.category("web_tour.tours").add("strategic_client_preview_rules_settings", {
    url: "/odoo/action-sale.action_sale_config_settings",
    steps: () => [
        {
            content: "Type a cap of 1 in the Strategic Clients block (not saved)",
            trigger: "#strategic_selection div[name=strategic_max_clients] input",
            run: "edit 1",
        },
        {
            // the test company's other settings warn on any change (pricelists, taxes)
            content: "Close the warnings of the other settings",
            trigger: ".modal:contains(Warnings) .modal-footer button",
            run: "click",
        },
        {
            content: "Preview changes",
            trigger: "#strategic_selection button.o_strategic_preview_rules",
            run: "click",
        },
        {
            content: "The preview opens with the cap typed",
            trigger: ".modal:contains(Preview of the Rules Change) div[name=strategic_max_clients] input:value(1)",
        },
        {
            content: "Preview",
            trigger: ".modal button[name=action_preview]",
            run: "click",
        },
        {
            content: "Two clients would leave the list",
            trigger: ".modal .o_strategic_preview_summary:contains(would leave: 2)",
        },
        {
            content: "Discard the preview",
            trigger: ".modal-footer button:contains(Discard)",
            run: "click",
        },
        {
            content: "Discard the settings typed",
            trigger: ".o_control_panel button:contains(Discard)",
            run: "click",
        },
        {
            content: "Close the warnings of the other settings again",
            trigger: ".modal:contains(Warnings) .modal-footer button",
            run: "click",
        },
        {
            content: "Back to the settings as saved",
            trigger: "body:not(:has(.modal)) #strategic_selection button.o_strategic_preview_rules",
        },
    ],
});

// The steps that edit the preview's rules, preview them and apply them: the cap to 2, the
// criterion "Volume" to a threshold of 3,000.
function editPreviewApply() {
    return [
        {
            content: "Allow two strategic clients",
            trigger: ".modal div[name=strategic_max_clients] input",
            run: "edit 2",
        },
        {
            content: "Edit the criterion Volume: its threshold",
            trigger: ".modal .o_field_widget[name=criterion_ids] .o_data_row:contains(Volume) td[name=threshold]",
            run: "click",
        },
        {
            content: "... to 3,000",
            trigger: ".modal .o_field_widget[name=criterion_ids] .o_selected_row td[name=threshold] input",
            run: "edit 3000",
        },
        {
            content: "Preview",
            trigger: ".modal button[name=action_preview]",
            run: "click",
        },
        {
            content: "One client would leave the list",
            trigger: ".modal .o_strategic_preview_summary:contains(would leave: 1)",
        },
        {
            content: "Apply",
            trigger: ".modal button[name=action_apply]",
            run: "click",
        },
    ];
}

// From the criteria list: Preview changes, edit, Preview, Apply: saved and recomputed.
registry.category("web_tour.tours").add("strategic_client_preview_apply", {
    steps: () => [
        {
            content: "Open the preview of a rules change",
            trigger: ".o_list_view button[name=action_strategic_preview_rules]",
            run: "click",
        },
        ...editPreviewApply(),
        {
            content: "Confirm: save the rules and recompute",
            trigger: ".modal:contains(Save these rules) .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The recompute reports the new list",
            trigger: ".o_notification:contains(Strategic clients recomputed: 2 strategic (cap 2))",
        },
        {
            content: "The criteria list shows the threshold saved",
            trigger: "body:not(:has(.modal)) .o_data_row:contains(Volume) td[name=threshold_display]:contains(3,000)",
        },
    ],
});

// From the settings: the cap typed (not saved), Preview changes, edit, Preview, Apply: the
// settings page reloads with the values saved.
registry.category("web_tour.tours").add("strategic_client_preview_apply_settings", {
    steps: () => [
        {
            content: "Type a cap of 2 in the Strategic Clients block (not saved)",
            trigger: "#strategic_selection div[name=strategic_max_clients] input",
            run: "edit 2",
        },
        {
            content: "Close the warnings of the other settings",
            trigger: ".modal:contains(Warnings) .modal-footer button",
            run: "click",
        },
        {
            content: "Preview changes",
            trigger: "#strategic_selection button.o_strategic_preview_rules",
            run: "click",
        },
        ...editPreviewApply().slice(1),
        {
            content: "Confirm: save the rules and recompute",
            trigger: ".modal:contains(Save these rules) .modal-footer .btn-primary",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The settings show the cap saved, and 2 strategic clients",
            trigger:
                "body:not(:has(.modal)) #strategic_selection:contains(2 strategic now) div[name=strategic_max_clients] input:value(2)",
        },
    ],
});
