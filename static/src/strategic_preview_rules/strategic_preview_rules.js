/** @odoo-module **/
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

// the settings that decide who is strategic: the preview wizard's fields of the same names
const SETTINGS = [
    "strategic_min_score",
    "strategic_max_clients",
    "strategic_max_days_late",
    "strategic_overdue_tolerance",
    "strategic_cash_days",
];

/**
 * "Preview changes" in the Strategic Clients block of the settings: opens the preview of a
 * rules change with the values typed in the form, WITHOUT saving them (a button of the
 * settings form would save them first).
 */
export class StrategicPreviewRules extends Component {
    static template = "strategic_client.StrategicPreviewRules";
    static props = { ...standardWidgetProps };

    setup() {
        this.action = useService("action");
        this.orm = useService("orm");
    }

    get title() {
        return _t("See who would enter, leave or change rank with these values, before saving them");
    }

    async onClick() {
        const data = this.props.record.data;
        const context = {};
        for (const fname of SETTINGS) {
            context[`default_${fname}`] = data[fname];
        }
        // the preview is made on the server, each line of its criteria linked there to its
        // saved criterion
        const action = await this.orm.call(
            "strategic.criterion",
            "action_strategic_preview_rules",
            [[]],
            { context }
        );
        await this.action.doAction(action, {
            additionalContext: { strategic_preview_from_settings: true },
        });
    }
}

registry.category("view_widgets").add("strategic_preview_rules", {
    component: StrategicPreviewRules,
});
