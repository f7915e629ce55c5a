// Writes k8s/monitoring/prometheus-rule.yaml from the plain rule file.
// Usage: npx node tools/check-infra/src/generate-prometheus-rule.ts

import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PROMETHEUS_RULE_FILE, RULES_FILE, renderPrometheusRule } from "./prometheus-rule.ts";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
const rendered = renderPrometheusRule(readFileSync(path.join(repoRoot, RULES_FILE), "utf8"));
writeFileSync(path.join(repoRoot, PROMETHEUS_RULE_FILE), rendered);
console.log(`wrote ${PROMETHEUS_RULE_FILE}`);
