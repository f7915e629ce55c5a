import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderPrometheusRule } from "./prometheus-rule.ts";
import {
  checkAlertCoverage,
  checkAlertMetadata,
  comparePrometheusRule,
  githubSlug,
} from "./prometheus-rules-check.ts";

const rules = `
groups:
  - name: g
    rules:
      - alert: OriginDown
        expr: up{job="origin"} == 0
        labels: { severity: critical }
        annotations:
          runbook_url: https://github.com/seeyoo/seeyoo/blob/main/docs/operations.md#origindown
`;

describe("prometheus rules check", () => {
  it("accepts a PrometheusRule generated from the rule file and rejects a drifted one", () => {
    const generated = renderPrometheusRule(rules);
    expect(comparePrometheusRule(rules, generated)).toEqual([]);
    const drifted = generated.replace("== 0", "< 1");
    expect(comparePrometheusRule(rules, drifted)[0]).toMatch(/differs from .*origin\.rules\.yaml/);
  });

  it("keeps the repository's PrometheusRule in sync with its rule file", () => {
    const root = path.resolve(import.meta.dirname, "../../..");
    const read = (f: string) => readFileSync(path.join(root, f), "utf8");
    expect(
      comparePrometheusRule(
        read("k8s/monitoring/rules/origin.rules.yaml"),
        read("k8s/monitoring/prometheus-rule.yaml"),
      ),
    ).toEqual([]);
  });

  it("requires a severity and a runbook heading for every alert", () => {
    expect(checkAlertMetadata(rules, "## Runbooks\n### OriginDown\n")).toEqual([]);
    const problems = checkAlertMetadata(rules.replace("severity: critical", "team: tv"), "## Runbooks\n");
    expect(problems).toEqual([
      expect.stringMatching(/OriginDown needs labels\.severity/),
      expect.stringMatching(/runbook anchor #origindown is not a heading/),
    ]);
  });

  it("requires a firing and a silent test per alert", () => {
    const fires = `tests:\n  - alert_rule_test:\n      - alertname: OriginDown\n        exp_alerts: [{ exp_labels: { severity: critical } }]\n`;
    expect(checkAlertCoverage(rules, fires)).toEqual([
      "k8s/monitoring/rules/origin.rules.test.yaml: no test proves OriginDown stays silent",
    ]);
    const both = `${fires}  - alert_rule_test:\n      - alertname: OriginDown\n        exp_alerts: []\n`;
    expect(checkAlertCoverage(rules, both)).toEqual([]);
  });

  it("slugs headings like GitHub", () => {
    expect(githubSlug("Origin5xxBurst")).toBe("origin5xxburst");
    expect(githubSlug("Rotate JWT keys (no downtime)")).toBe("rotate-jwt-keys-no-downtime");
  });
});
