/**
 * `npm run fuzz` — the long fuzz run: starts the whole stack as `npm start` does (own database,
 * free ports), sends FUZZ_CASES (default 2000) generated requests to every route of both OpenAPI
 * documents (edge and origin), writes every finding with a curl reproduction to
 * artifacts/fuzz/findings.jsonl, and prints one JSON line last:
 * `{routes, requests, status_5xx, non_problem_4xx, …}`. Exits 1 when either count is not 0.
 * FUZZ_SEED picks another (reproducible) set of requests; FUZZ_EDGE_URL + FUZZ_ORIGIN_URL fuzz a
 * stack that is already running instead.
 */
import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type StackProcess, startStackProcess } from "../../local-stack/src/stack-process.ts";
import { emptyTally, fuzzTarget } from "./fuzz-run.ts";
import { stackTargets } from "./stack-targets.ts";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const casesPerRoute = Number(process.env.FUZZ_CASES ?? 2000);
const seed = Number(process.env.FUZZ_SEED ?? 20_261_129);
const artifacts = join(root, "artifacts/fuzz");
mkdirSync(artifacts, { recursive: true });

let stack: StackProcess | null = null;
let urls = { edgeUrl: process.env.FUZZ_EDGE_URL ?? "", originUrl: process.env.FUZZ_ORIGIN_URL ?? "" };
if (!urls.edgeUrl || !urls.originUrl) {
  console.error("[fuzz] starting the stack (log: artifacts/fuzz/stack.log)");
  const log = createWriteStream(join(artifacts, "stack.log"));
  // Tokens outlive the run; the stack is the fuzz run's own, so every route may change it.
  stack = await startStackProcess({
    log,
    logName: "artifacts/fuzz/stack.log",
    env: { ACCESS_TOKEN_TTL_SECONDS: "7200" },
  });
  urls = stack;
}

const started = Date.now();
const tally = emptyTally();
try {
  for (const target of await stackTargets(urls, "all")) {
    console.error(`[fuzz] ${target.name}: ${casesPerRoute} requests per route`);
    await fuzzTarget(target, { casesPerRoute, seed }, tally);
  }
} finally {
  await stack?.stop();
}

writeFileSync(join(artifacts, "findings.jsonl"), tally.findings.map((f) => JSON.stringify(f)).join("\n"));
for (const finding of tally.findings) {
  console.error(
    `[fuzz] ${finding.status} ${finding.target} ${finding.operation}\n  ${finding.curl}\n  → ${finding.response}`,
  );
}
for (const miss of tally.unanswered)
  console.error(`[fuzz] no answer: ${miss.operation}: ${miss.error}\n  ${miss.curl}`);
const { findings: _details, unanswered: _misses, ...counts } = tally;
console.log(
  JSON.stringify({
    ...counts,
    cases_per_route: casesPerRoute,
    seed,
    seconds: Math.round((Date.now() - started) / 1000),
  }),
);
process.exitCode = tally.status_5xx === 0 && tally.non_problem_4xx === 0 ? 0 : 1;
