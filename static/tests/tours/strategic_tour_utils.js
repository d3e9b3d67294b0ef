// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { download } from "@web/core/network/download";

/**
 * Helpers of the addon's tours.
 *
 * captureDownloads(): from then on, the files the web client downloads (a report printed, a
 * PDF of the portal) are requested exactly as the web client requests them (same URL, same
 * form data: for a report, the URL the web client built from the report action), and kept
 * in window.strategicDownloads instead of being saved to disk, which a headless browser
 * cannot do. The tours' Python tests read them back (tests/common.py, TourScreenshots).
 * Each file kept adds the class o_strategic_downloaded_<n> to the body, for the next step.
 */

function keep(request, blob) {
    return new Promise((resolve) => {
        const reader = new FileReader();
        reader.onload = () => {
            window.strategicDownloads.push({
                request: JSON.stringify(request),
                file: reader.result.split(",")[1],
            });
            document.body.classList.add(
                `o_strategic_downloaded_${window.strategicDownloads.length}`
            );
            resolve();
        };
        reader.readAsDataURL(blob);
    });
}

async function fetchFile(url, init, request) {
    const response = await fetch(url, init);
    const blob = await response.blob();
    if (!response.ok || blob.type !== "application/pdf") {
        throw new Error(`${url} answered ${response.status} (${blob.type}): ${await blob.text()}`);
    }
    await keep(request, blob);
}

export function captureDownloads() {
    window.strategicDownloads = window.strategicDownloads || [];
    download._download = async (options) => {
        // Odoo renders reports as HTML while tests run, unless the context says
        // force_report_rendering (as the Python tests do): the switch goes into the user
        // context sent beside the URL; the URL is the one the web client built
        const data = { ...options.data };
        data.context = JSON.stringify({
            ...JSON.parse(data.context || "{}"),
            force_report_rendering: true,
        });
        const body = new FormData();
        for (const [key, value] of Object.entries(data)) {
            body.append(key, value);
        }
        body.append("token", "dummy-because-api-expects-one");
        body.append("csrf_token", odoo.csrf_token);
        await fetchFile(options.url, { method: "POST", body }, { url: options.url, ...data });
    };
}

/** Download the file a link points to (a link of the portal), as a click would. */
export async function downloadLink(anchor) {
    window.strategicDownloads = window.strategicDownloads || [];
    await fetchFile(anchor.href, { credentials: "same-origin" }, { url: anchor.href });
}

/** The step waiting for the n-th file downloaded (a PDF can take a while on a busy server). */
export function downloaded(count, content) {
    return {
        content: content || `The PDF is downloaded (${count})`,
        trigger: `body.o_strategic_downloaded_${count}`,
        timeout: 60000,
    };
}
