// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { registry } from "@web/core/registry";
import { downloaded, downloadLink } from "./strategic_tour_utils";

/**
 * A strategic client's contact opens its portal, finds the Strategic account card, and there
 * the consumption report sent to it (and downloads its PDF) and the action of the joint plan shared with it (run by
 * tests/test_portal.py, which prepares "Portal Key Account" with a report of S2 2025 and the
 * shared action "Portal shared tasting day").
 */
registry.category("web_tour.tours").add("strategic_client_portal", {
    url: "/my",
    steps: () => [
        {
            content: "The portal home offers the Strategic account card",
            trigger: ".o_portal_index_card:not(.d-none) a[href='/my/strategic']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The consumption report sent is listed with its PDF: download it",
            trigger:
                ".o_strategic_portal_report:contains(S2 2025) a.o_strategic_portal_download",
            async run() {
                await downloadLink(this.anchor);
            },
        },
        downloaded(1, "The PDF is downloaded"),
        {
            content: "The action shared with the client is listed",
            trigger: ".o_strategic_portal_action:contains(Portal shared tasting day)",
        },
        {
            content: "The breadcrumbs say where the client is",
            trigger: ".o_portal_submenu .breadcrumb-item.active:contains(Strategic account)",
        },
    ],
});
