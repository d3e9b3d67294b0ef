// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { registry } from "@web/core/registry";
import { user } from "@web/core/user";

/**
 * Improvement requests on the demo data, in the user's language (English or Spanish): each
 * tour checks the screen's own texts and ends on the view that
 * tests/test_improvement_requests_screens.py saves as a screenshot.
 */
const TEXTS = {
    en: { requests: "Improvement requests", days: "Days from Request", progress: "In development" },
    es: { requests: "Solicitudes de mejora", days: "Días de la solicitud", progress: "En desarrollo" },
};

function texts() {
    return TEXTS[(user.lang || "en").split("-")[0]] || TEXTS.en;
}

// Andes Supermarkets' Strategic tab: its requests counted over the monitoring window.
registry.category("web_tour.tours").add("strategic_client_screen_requests_form", {
    steps: () => {
        const t = texts();
        return [
            {
                content: "Open the Strategic tab",
                trigger: ".o_notebook .nav-link[name=strategic]",
                run: "click",
            },
            {
                content: "The requests' group, in the user's language",
                trigger: `.o_horizontal_separator:contains(${t.requests})`,
            },
            {
                content: "The request done in the window, and the days it took",
                trigger: `.o_field_widget[name=strategic_request_done_count]:contains(1)`,
            },
            {
                content: "... with its unit, in the label",
                trigger: `.o_form_label:contains(${t.days})`,
                run() {
                    this.anchor.scrollIntoView({ block: "center" });
                },
            },
        ];
    },
});

// The project taking requests: Pacific's request, a strategic client's, with the badge.
registry.category("web_tour.tours").add("strategic_client_screen_requests_kanban", {
    steps: () => {
        const t = texts();
        return [
            {
                content: "The strategic client's request shows the badge in its stage",
                trigger: `.o_kanban_group:contains(${t.progress}) .o_kanban_record:first:contains(Pallet labels) .o_strategic_badge`,
            },
        ];
    },
});
