// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { registry } from "@web/core/registry";
import { user } from "@web/core/user";

/**
 * The main screens on the demo data, in the user's language (English or Spanish): each tour
 * checks the screen's own texts in that language and ends on the view that
 * tests/test_screens.py saves as a screenshot.
 */

const TEXTS = {
    en: {
        client: "Client",
        score: "Score",
        status: "Status",
        invoiced: "Invoiced (12 mo.)",
        strategic: "Strategic",
        points: "points",
        breakdown: "Score breakdown",
        whyIn: "main criterion",
    },
    es: {
        client: "Cliente",
        score: "Puntaje",
        status: "Estado",
        invoiced: "Facturado (12 meses)",
        strategic: "Estratégico",
        points: "puntos",
        breakdown: "Desglose del puntaje",
        whyIn: "criterio principal",
    },
};

function texts() {
    return TEXTS[user.lang.split("-")[0]] || TEXTS.en;
}

// A list cell or header whose text is cut ("Estraté...") fails the step: neither the cell
// nor anything in it is narrower than its content.
function assertNotCut() {
    const cell = this.anchor.closest("td, th");
    for (const el of [cell, ...cell.querySelectorAll("*")]) {
        if (el.scrollWidth > el.clientWidth + 1) {
            throw new Error(`The column is too narrow for "${cell.textContent.trim()}"`);
        }
    }
}

// The strategic clients list: ranked, with the badge, the score in points and the reason.
registry.category("web_tour.tours").add("strategic_client_screen_list", {
    steps: () => {
        const t = texts();
        return [
            {
                content: "The list says who the client is",
                trigger: `.o_list_view th[data-name=complete_name]:contains(${t.client})`,
                run: assertNotCut,
            },
            {
                content: "... its score",
                trigger: `.o_list_view th[data-name=strategic_score_display]:contains(${t.score})`,
                run: assertNotCut,
            },
            {
                content: "... why it is in or out",
                trigger: `.o_list_view th[data-name=strategic_status_reason]:contains(${t.status})`,
                run: assertNotCut,
            },
            {
                content: "... and how much it bought, with the currency",
                trigger: `.o_list_view th[data-name=strategic_invoiced_amount]:contains(${t.invoiced})`,
                run: assertNotCut,
            },
            {
                content: "The first row is ranked first, with the badge, not cut",
                trigger: `.o_data_row:first-child td[name=strategic_rank]:contains(1) ~ td .o_strategic_badge:contains(${t.strategic})`,
                run: assertNotCut,
            },
            {
                content: "Scores read in points",
                trigger: `.o_data_row:first-child td[name=strategic_score_display]:contains(${t.points})`,
            },
        ];
    },
});

// A strategic client's form, Strategic tab: the status sentence and the score breakdown.
registry.category("web_tour.tours").add("strategic_client_screen_form", {
    steps: () => {
        const t = texts();
        return [
            {
                content: "Open Andes Supermarkets",
                trigger: ".o_data_row td[name=complete_name]:contains(Andes Supermarkets)",
                run: "click",
            },
            {
                content: "The client carries the ribbon",
                trigger: `.o_form_view .ribbon:contains(${t.strategic})`,
            },
            {
                content: "Open the Strategic tab",
                trigger: `a.nav-link[name=strategic]:contains(${t.strategic})`,
                run: "click",
            },
            {
                content: "The status says why, in the user's language",
                trigger: `.o_form_view .o_field_widget[name=strategic_status_message]:contains(${t.whyIn})`,
            },
            {
                content: "The breakdown lists the criteria met",
                trigger: `.o_form_view .o_horizontal_separator:contains(${t.breakdown})`,
            },
            {
                content: "... with their points",
                trigger: ".o_field_widget[name=strategic_score_line_ids] .o_data_row.text-success",
                run() {
                    this.anchor.closest(".o_notebook").scrollIntoView({ block: "start" });
                },
            },
        ];
    },
});

// The transfers list as the warehouse sees it: the strategic client's delivery goes first.
registry.category("web_tour.tours").add("strategic_client_screen_transfers", {
    steps: () => {
        const t = texts();
        return [
            {
                content: "The strategic client's delivery has the badge, not cut",
                trigger: `.o_data_row:contains(Caribe Loyal Stores) .o_strategic_badge:contains(${t.strategic})`,
                run: assertNotCut,
            },
            {
                content: "... and the star",
                trigger: ".o_data_row:contains(Caribe Loyal Stores) .o_priority_star.fa-star",
            },
        ];
    },
});
