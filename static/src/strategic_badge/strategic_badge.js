/** @odoo-module **/
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

/**
 * The "Strategic" badge of a document or client: shown only when the flag is set, with the
 * benefit the client brings as tooltip (field strategic_benefit of the same record).
 */
export class StrategicBadge extends Component {
    static template = "strategic_client.StrategicBadge";
    static props = { ...standardFieldProps };

    get tooltip() {
        const benefit = this.props.record.data.strategic_benefit;
        return benefit
            ? _t("Strategic client: %(benefit)s", { benefit })
            : _t("Strategic client: give it priority");
    }
}

export const strategicBadge = {
    component: StrategicBadge,
    displayName: _t("Strategic badge"),
    supportedTypes: ["boolean"],
    // wide enough for the badge in every language ("Estratégico"), never cut in a list
    listViewWidth: [125, 160],
    fieldDependencies: [{ name: "strategic_benefit", type: "char" }],
};

registry.category("fields").add("strategic_badge", strategicBadge);
