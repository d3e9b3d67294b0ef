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
            trigger: ".o_list_view button:contains(Preview changes)",
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
