// The PrometheusRule object is generated from the plain rule file so that what promtool tests is
// exactly what the Prometheus Operator loads.

import { parse as parseYaml, stringify } from "yaml";

export const RULES_FILE = "k8s/monitoring/rules/origin.rules.yaml";
export const RULES_TEST_FILE = "k8s/monitoring/rules/origin.rules.test.yaml";
export const PROMETHEUS_RULE_FILE = "k8s/monitoring/prometheus-rule.yaml";

export type RuleGroups = { groups: { name: string; rules: Record<string, unknown>[] }[] };

export function renderPrometheusRule(rulesYaml: string): string {
  const rules = parseYaml(rulesYaml) as RuleGroups;
  const object = {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: {
      name: "seeyoo-origin",
      labels: { "app.kubernetes.io/name": "origin" },
    },
    spec: { groups: rules.groups },
  };
  const header = [
    `# GENERATED from ${RULES_FILE} — do not edit by hand.`,
    "# Regenerate: npx node tools/check-infra/src/generate-prometheus-rule.ts",
    "",
  ].join("\n");
  return header + stringify(object, { lineWidth: 0 });
}
