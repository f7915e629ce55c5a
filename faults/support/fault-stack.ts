/**
 * The stack a fault test breaks: the demo stack of bench/support/demo-stack.ts — an embedded
 * Postgres of its own (killable), a redis-server of its own on a free port with its Upstash bridge
 * (killable, flushable), the origin (supervised: restarted after a crash, as `npm start` and
 * Kubernetes do) and, when asked, the Worker under `wrangler dev` — never the machine's shared
 * Postgres or Redis. Plus what the faults need on top: the admin's token, a week of guide,
 * viewers with favourites.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_ACCOUNTS } from "@seeyoo/dev-data/demo-seed";
import { type BenchRun, startBenchRun } from "../../bench/support/bench-run.ts";
import { type DemoStack, startDemoStack, type Viewer } from "../../bench/support/demo-stack.ts";
import type { EdgeProcess } from "../../bench/support/stack-processes.ts";

export interface FaultStack extends DemoStack {
  run: BenchRun;
  edge: EdgeProcess | null;
  adminToken: string;
  viewers: Viewer[];
  /** GET from the Worker, as a viewer with `token` when given. */
  edgeGet(path: string, token?: string): Promise<Response>;
  close(): Promise<void>;
}

export interface FaultStackOptions {
  /** Start the Worker too (the origin-only faults do not need it). */
  edge?: boolean;
  /** Post a week of guide for the demo channels. */
  guide?: boolean;
  viewers?: number;
  originEnv?: Record<string, string>;
}

export async function startFaultStack(options: FaultStackOptions = {}): Promise<FaultStack> {
  // A test runner stops its workers itself: no signal handlers of the run's own.
  const run = startBenchRun({ signals: false });
  const stateDir = mkdtempSync(join(tmpdir(), "seeyoo-faults-"));
  run.onCleanup(() => rmSync(stateDir, { recursive: true, force: true }));
  try {
    const stack = await startDemoStack(run, stateDir, {
      namespace: "seeyoo-faults",
      ...(options.originEnv ? { originEnv: options.originEnv } : {}),
    });
    const admin = DEMO_ACCOUNTS[0];
    const signIn = await fetch(`${stack.origin.url}/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: admin.email, password: admin.password }),
    });
    if (!signIn.ok) throw new Error(`admin sign-in answered ${signIn.status}`);
    const { accessToken: adminToken } = (await signIn.json()) as { accessToken: string };
    if (options.guide) await stack.postWeek();
    const viewers = await stack.signUpViewers(options.viewers ?? 0);
    const edge = options.edge ? await stack.startEdge("edge") : null;
    return {
      ...stack,
      run,
      edge,
      adminToken,
      viewers,
      edgeGet: (path, token) =>
        fetch(`${edge?.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {}),
      close: () => run.finish(),
    };
  } catch (error) {
    await run.finish();
    throw error;
  }
}

/** Polls `check` every 100 ms until it holds; resolves with the milliseconds it took. */
export async function timeUntil(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<number> {
  const started = performance.now();
  while (!(await check().catch(() => false))) {
    if (performance.now() - started > timeoutMs) throw new Error(`not recovered within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Math.round(performance.now() - started);
}
