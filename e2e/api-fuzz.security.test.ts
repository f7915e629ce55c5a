/**
 * The fixed-seed, modest fuzz run of `npm test` (the long one is `npm run fuzz`): generated
 * requests for every route of both OpenAPI documents (edge and origin) with valid credentials and
 * hostile values, against the stack started as `npm start` starts it. No request may get a 5xx,
 * nor a 4xx that is not application/problem+json. In "safe" mode, so the other browser tests on
 * this stack keep their catalogue (tools/fuzz/src/request-cases.ts).
 */

import { emptyTally, fuzzTarget } from "@seeyoo/fuzz/fuzz-run";
import { stackTargets } from "@seeyoo/fuzz/stack-targets";
import { describe, expect, inject, test } from "vitest";

const stack = inject("stack");
const CASES_PER_ROUTE = 25;
const SEED = 20_261_129;

describe.skipIf(!stack)("API fuzzing (fixed seed)", () => {
  test("no route of either API answers 5xx or a bare 4xx", async () => {
    const urls = stack ?? { edgeUrl: "", originUrl: "" };
    const tally = emptyTally();
    for (const target of await stackTargets(urls, "safe")) {
      await fuzzTarget(target, { casesPerRoute: CASES_PER_ROUTE, seed: SEED }, tally);
    }
    const findings = tally.findings.map((f) => `${f.status} ${f.target} ${f.operation}: ${f.curl}`);
    console.log(
      `[e2e] fuzz: ${tally.requests} requests over ${tally.routes} routes: ${JSON.stringify(tally.statuses)}`,
    );
    expect(tally.routes).toBeGreaterThanOrEqual(30);
    expect(findings).toEqual([]);
    expect(tally.no_answer).toBe(0);
    // The credentials work: guarded routes were passed, not only refused.
    expect(tally.statuses["200"] ?? 0).toBeGreaterThan(tally.requests / 10);
  });
});
