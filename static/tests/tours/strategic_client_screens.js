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
        overCap: "Qualified, over the cap",
        keptOut: "Kept out by payment habits",
        paymentGate: "more without the payment gate",
        points: "points",
        breakdown: "Score breakdown",
        whyIn: "main criterion",
        days: "days",
        notSet: "Not set",
        history: "Score history",
        previewChanges: "Preview changes",
        metric: "Purchase volume (amount)",
        absolute: "Absolute value",
        topPercent: "Top % of customers",
        ofCustomers: "% of customers",
        topStartsAt: "Top % Starts At",
        measuredOn: "Top % Cut-off Measured On",
    },
    es: {
        client: "Cliente",
        score: "Puntaje",
        status: "Estado",
        invoiced: "Facturado (12 meses)",
        strategic: "Estratégico",
        overCap: "Calificado, por encima del tope",
        keptOut: "Excluido por hábitos de pago",
        paymentGate: "más sin el requisito de buen pago",
        points: "puntos",
        breakdown: "Desglose del puntaje",
        whyIn: "criterio principal",
        days: "días",
        notSet: "Sin definir",
        history: "Historial de puntajes",
        previewChanges: "Vista previa de los cambios",
        metric: "Volumen de compra (monto)",
        absolute: "Valor absoluto",
        topPercent: "% superior de clientes",
        ofCustomers: "% de los clientes",
        topStartsAt: "El Top % empieza en",
        measuredOn: "Corte del Top % medido el",
    },
};

function texts() {
    return TEXTS[user.lang.split("-")[0]] || TEXTS.en;
}

// A list cell or header whose text is cut ("Estraté...") fails the step: neither the cell
// nor anything in it is narrower than its content.
function assertCellNotCut(cell) {
    for (const el of [cell, ...cell.querySelectorAll("*")]) {
        // only what shows a text (an empty sorting or selection cell cuts nothing)
        if (el.textContent.trim() && el.scrollWidth > el.clientWidth + 1) {
            throw new Error(`The column is too narrow for "${cell.textContent.trim()}"`);
        }
    }
}

function assertNotCut() {
    assertCellNotCut(this.anchor.closest("td, th"));
}

// Every cell matching the selector (headers and rows of a column), none cut.
function assertNoneCut(selector) {
    const cells = document.querySelectorAll(selector);
    if (!cells.length) {
        throw new Error(`Nothing matches ${selector}`);
    }
    cells.forEach(assertCellNotCut);
}

// Show every client of the strategic clients list, not only the strategic ones.
function showAllClients() {
    return [
        {
            content: "Remove the filter Strategic: every client measured shows",
            trigger: ".o_searchview_facet .o_facet_remove",
            run: "click",
        },
        {
            content: "... the client over the cap among them",
            trigger: ".o_content:contains(Valle Wholesale)",
        },
    ];
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
            ...showAllClients(),
            {
                content: "The client kept out by its payment habits: what they cost it",
                trigger: `.o_data_row:contains(${t.keptOut}) td[name=strategic_score_display]:contains(${t.paymentGate})`,
            },
            {
                content: "No status and no score is cut, whatever the reason",
                trigger: `.o_data_row td[name=strategic_status_reason]:contains(${t.overCap})`,
                run() {
                    assertNoneCut(".o_data_row td[name=strategic_status_reason]");
                    assertNoneCut(".o_data_row td[name=strategic_score_display]");
                },
            },
        ];
    },
});

// The kanban of the strategic clients: the rank badge only on strategic clients.
registry.category("web_tour.tours").add("strategic_client_screen_kanban", {
    steps: () => {
        const t = texts();
        return [
            {
                content: "Switch to the kanban",
                trigger: ".o_switch_view.o_kanban",
                run: "click",
            },
            {
                content: "Strategic clients carry their rank",
                trigger: ".o_kanban_record .o_strategic_rank_badge",
            },
            ...showAllClients(),
            {
                content: "The client over the cap has a rank but no badge",
                trigger: `.o_kanban_record:contains(Valle Wholesale):contains(${t.overCap}):not(:has(.o_strategic_rank_badge))`,
                run() {
                    for (const card of document.querySelectorAll(".o_kanban_record")) {
                        if (
                            card.querySelector(".o_strategic_rank_badge") &&
                            !card.textContent.includes(t.strategic)
                        ) {
                            throw new Error(`A rank badge on "${card.textContent.trim()}"`);
                        }
                    }
                },
            },
        ];
    },
});

function openAndesStrategicTab(t) {
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
    ];
}

// A strategic client's form, Strategic tab: the status sentence and the figures with units.
registry.category("web_tour.tours").add("strategic_client_screen_form", {
    steps: () => {
        const t = texts();
        return [
            ...openAndesStrategicTab(t),
            {
                content: "The status says why, in the user's language",
                trigger: `.o_form_view .o_field_widget[name=strategic_status_message]:contains(${t.whyIn})`,
            },
            {
                content: "Days late in whole days, with the unit",
                trigger: `.o_form_view div[name=strategic_days_late]:contains(${t.days})`,
                run() {
                    const days = this.anchor.querySelector(".o_field_widget").textContent.trim();
                    if (!/^\d+$/.test(days)) {
                        throw new Error(`Days late in whole days: "${days}"`);
                    }
                },
            },
            {
                content: "The return on investment is a ratio",
                trigger: ".o_form_view .o_field_widget[name=strategic_roi_label]",
                run() {
                    if (!/\dx$/.test(this.anchor.textContent.trim())) {
                        throw new Error(`Not a ratio: "${this.anchor.textContent.trim()}"`);
                    }
                },
            },
            {
                content: "A growth potential never set reads as not set, not 0.00",
                trigger: `.o_form_view div[name=strategic_growth_potential]:contains(${t.notSet})`,
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

// The score breakdown of a strategic client: criteria told apart, points without decimals.
registry.category("web_tour.tours").add("strategic_client_screen_breakdown", {
    steps: () => {
        const t = texts();
        const breakdown = ".o_field_widget[name=strategic_score_line_ids]";
        return [
            ...openAndesStrategicTab(t),
            {
                content: "The breakdown: no criterion name and no header cut",
                trigger: `${breakdown} .o_data_row.text-success`,
                run() {
                    assertNoneCut(`${breakdown} th`);
                    assertNoneCut(`${breakdown} .o_data_row td[name=criterion_id]`);
                    for (const cell of document.querySelectorAll(
                        `${breakdown} .o_data_row td[name=points]`
                    )) {
                        if (!/^\d+$/.test(cell.textContent.trim())) {
                            throw new Error(`Points with decimals: "${cell.textContent}"`);
                        }
                    }
                    document.querySelector(breakdown).scrollIntoView({ block: "start" });
                },
            },
        ];
    },
});

// The score history of a client: its button opens the graph, month by month.
registry.category("web_tour.tours").add("strategic_client_screen_history", {
    steps: () => {
        const t = texts();
        return [
            ...openAndesStrategicTab(t),
            {
                content: "Open its score history",
                trigger: `.o_form_view button[name=action_strategic_open_history]:contains(${t.history})`,
                run: "click",
            },
            {
                content: "A line of its score",
                trigger: ".o_graph_view .o_graph_canvas_container canvas",
            },
        ];
    },
});

// Sales > Strategic Clients > Score History: the average score month by month, not stacked.
registry.category("web_tour.tours").add("strategic_client_screen_history_all", {
    steps: () => [
        {
            content: "The graph of the clients' score",
            trigger: ".o_graph_view .o_graph_canvas_container canvas",
        },
    ],
});

// Sales > Strategic Clients > Score History: the list, its Why column in the user's language.
registry.category("web_tour.tours").add("strategic_client_screen_history_list", {
    steps: () => {
        const t = texts();
        return [
            {
                content: "The graph of every client's score",
                trigger: ".o_graph_view .o_graph_canvas_container canvas",
            },
            {
                content: "Switch to the list",
                trigger: ".o_switch_view.o_list",
                run: "click",
            },
            {
                content: "Why, in the user's language",
                trigger: `.o_data_row td[name=reason]:contains(${t.strategic})`,
                run() {
                    assertNoneCut(".o_list_view th");
                    assertNoneCut(".o_data_row td[name=partner_id]");
                    assertNoneCut(".o_data_row td[name=reason]");
                },
            },
        ];
    },
});

// A Top % criterion's form: the cut-off the last full recompute stored, with its unit, and
// when it was measured.
registry.category("web_tour.tours").add("strategic_client_screen_criterion", {
    steps: () => {
        const t = texts();
        return [
            {
                content: "Open the criterion Purchase volume (amount)",
                trigger: `.o_list_view .o_data_row td[name=name]:contains(${t.metric})`,
                run: "click",
            },
            {
                content: "The cut-off with its currency, under its label in the user's language",
                trigger: `.o_form_view .o_cell:contains(${t.topStartsAt}) + .o_cell .o_field_widget[name=top_cutoff_display]:contains($)`,
            },
            {
                content: "... and when it was measured",
                trigger: `.o_form_view .o_cell:contains(${t.measuredOn}) + .o_cell .o_field_widget[name=top_cutoff_date]`,
                run() {
                    if (!this.anchor.textContent.trim()) {
                        throw new Error("The date of the cut-off is empty");
                    }
                },
            },
        ];
    },
});

// The preview of a rules change: thresholds with their units, the yes/no criteria without.
registry.category("web_tour.tours").add("strategic_client_screen_preview", {
    steps: () => {
        const t = texts();
        return [
            {
                content: "Open the preview of a rules change",
                trigger: `.o_list_view button:contains(${t.previewChanges})`,
                run: "click",
            },
            {
                content: "The criteria: metric and threshold type in the user's language",
                trigger: `.modal .o_data_row:contains(${t.metric}):contains(${t.topPercent}):contains(${t.ofCustomers})`,
            },
            {
                content: "... no header cut, yes/no criteria without a threshold",
                trigger: ".modal .o_data_row td[name=threshold_unit]",
                run() {
                    assertNoneCut(".modal .o_list_view th");
                    assertNoneCut(".modal .o_data_row td[name=threshold_type]");
                    assertNoneCut(".modal .o_data_row td[name=threshold_unit]");
                    const active = document.querySelector(".modal th[data-name=criterion_active]");
                    const dialog = active.closest(".modal-body").getBoundingClientRect();
                    if (active.getBoundingClientRect().right > dialog.right) {
                        throw new Error("The column Active is out of the dialog");
                    }
                    for (const row of document.querySelectorAll(".modal .o_data_row")) {
                        const unit = row.querySelector("td[name=threshold_unit]");
                        const threshold = row.querySelector("td[name=threshold]");
                        if (!unit.textContent.trim() && threshold.textContent.trim()) {
                            throw new Error(`A threshold without unit: "${row.textContent}"`);
                        }
                    }
                },
            },
        ];
    },
});

// ... and its result: who would enter, leave or change rank, why (then discarded).
registry.category("web_tour.tours").add("strategic_client_screen_preview_clients", {
    steps: () => {
        const t = texts();
        return [
            {
                content: "Open the preview of a rules change",
                trigger: `.o_list_view button:contains(${t.previewChanges})`,
                run: "click",
            },
            {
                content: "Allow two strategic clients only",
                trigger: ".modal div[name=strategic_max_clients] input",
                run: "edit 2",
            },
            {
                content: "Preview",
                trigger: ".modal button[name=action_preview]",
                run: "click",
            },
            {
                content: "The clients: no header cut",
                trigger: ".modal .o_strategic_preview_summary .o_field_widget[name=summary] span:not(:empty)",
                run() {
                    assertNoneCut(".modal .o_list_view th");
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
