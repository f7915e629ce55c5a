/**
 * Auth throughput and latency of a real origin process (issue #2 §7):
 *   1. login throughput (POST /v1/auth/login, one valid account, LOGIN_CONCURRENCY clients) against
 *      the bcrypt limit — bcryptjs.compare alone at the same cost and concurrency, in its own
 *      process, measured before and after the logins (the mean is the reference);
 *   2. p50/p99 of POST /v1/auth/refresh (no bcrypt) with REFRESH_CLIENTS clients, each continuing
 *      its own rotation chain;
 *   3. the origin's logins against all its cores: logins/s ÷ (cores × one thread's bcrypt
 *      compares/s), the single-thread rate measured in its own process before and after;
 *   4. a login storm (issue #10 §2): refresh p99 of STORM_REFRESH_CLIENTS clients alone, then
 *      while STORM_LOGIN_CLIENTS clients log in at the same time, and the origin's event-loop lag.
 * Both loads are closed loops: every client sends its next request when the previous one answered,
 * runs until the deadline, and its last request is still counted (as the bcrypt loop does), so the
 * two rates are computed the same way. The last line printed is the JSON summary.
 *
 * Env: BENCH_DATABASE_URL, BENCH_BCRYPT_COST (12), BENCH_LOGIN_CONCURRENCY (4),
 *      BENCH_LOGIN_SECONDS (20), BENCH_REFRESH_CLIENTS (50), BENCH_REFRESH_SECONDS (10),
 *      BENCH_STORM_REFRESH_CLIENTS (20), BENCH_STORM_LOGIN_CLIENTS (50), BENCH_STORM_SECONDS (10).
 */
import { randomBytes } from "node:crypto";
import { availableParallelism } from "node:os";
import { generateSigningJwk } from "@seeyoo/dev-data/signing-key";
import { openDatabase } from "@seeyoo/origin/database";
import { RefreshTokens } from "@seeyoo/origin/refresh-tokens";
import { insertUser } from "@seeyoo/origin/user-store";
import bcrypt from "bcryptjs";
import { measureBcryptLimit } from "./support/bcrypt-limit.ts";
import { provisionBenchDatabase } from "./support/bench-database.ts";
import { type BenchRun, runBench } from "./support/bench-run.ts";
import { runClosedLoop } from "./support/closed-loop.ts";
import { readOriginMetric } from "./support/origin-metrics.ts";
import { round } from "./support/percentiles.ts";
import { spawnOrigin } from "./support/stack-processes.ts";

const envInt = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const COST = envInt("BENCH_BCRYPT_COST", 12);
const LOGIN_CONCURRENCY = envInt("BENCH_LOGIN_CONCURRENCY", 4);
const LOGIN_SECONDS = envInt("BENCH_LOGIN_SECONDS", 20);
const REFRESH_CLIENTS = envInt("BENCH_REFRESH_CLIENTS", 50);
const REFRESH_SECONDS = envInt("BENCH_REFRESH_SECONDS", 10);
const STORM_REFRESH_CLIENTS = envInt("BENCH_STORM_REFRESH_CLIENTS", 20);
const STORM_LOGIN_CLIENTS = envInt("BENCH_STORM_LOGIN_CLIENTS", 50);
const STORM_SECONDS = envInt("BENCH_STORM_SECONDS", 10);
const WARMUP_SECONDS = 2;
const LOGIN_GOAL = 0.85;
const ALL_CORES_GOAL = 0.85;
const STORM_GOAL = 3;
/** The origin's password workers: its default, one per core this machine offers. */
const CORES = availableParallelism();

const say = (message: string) => console.log(`[auth-bench] ${message}`);

interface Accounts {
  login: { email: string; password: string };
  refreshTokens: string[];
}

/** One login account and REFRESH_CLIENTS accounts with a signed-in session each (one hash for all). */
async function createAccounts(databaseUrl: string): Promise<Accounts> {
  const tag = randomBytes(4).toString("hex");
  const password = "bench-password-123";
  const passwordHash = await bcrypt.hash(password, COST);
  const { pool, db } = openDatabase(databaseUrl, { max: 4 });
  try {
    const login = { email: `bench-login-${tag}@seeyoo.test`, password };
    await insertUser(db, { email: login.email, name: "Bench Login", passwordHash });
    const tokens = new RefreshTokens(db, 3_600);
    const refreshTokens: string[] = [];
    for (let i = 0; i < Math.max(REFRESH_CLIENTS, STORM_REFRESH_CLIENTS); i++) {
      const user = await insertUser(db, {
        email: `bench-refresh-${tag}-${i}@seeyoo.test`,
        name: "Bench",
        passwordHash,
      });
      refreshTokens.push((await tokens.startFamily(user.id)).token);
    }
    return { login, refreshTokens };
  } finally {
    await pool.end();
  }
}

async function startOrigin(run: BenchRun, databaseUrl: string): Promise<string> {
  // Without Redis (spawnOrigin leaves out the shell's Upstash variables, none are added): cache
  // invalidation is not part of the auth path, and the rate limits (one client, 127.0.0.1) would
  // refuse the load being measured. Not restarted: a crash ends the run instead of being measured.
  const origin = await spawnOrigin(
    run,
    {
      DATABASE_URL: databaseUrl,
      JWT_PRIVATE_KEYS: JSON.stringify([await generateSigningJwk("bench-1")]),
      BCRYPT_COST: String(COST),
    },
    { restart: false },
  );
  return origin.url;
}

async function main(run: BenchRun): Promise<Record<string, unknown>> {
  const database = await provisionBenchDatabase(run);
  say(`Postgres: ${database.origin}; bcrypt cost ${COST}`);
  const accounts = await createAccounts(database.url);
  const origin = await startOrigin(run, database.url);
  say(`origin on ${origin}`);

  const login = { body: () => accounts.login, next: (s: null) => s };
  const loginUrl = `${origin}/v1/auth/login`;
  const clients = (n: number) => Array.from({ length: n }, () => null);
  await runClosedLoop(loginUrl, clients(LOGIN_CONCURRENCY), login, WARMUP_SECONDS);

  const bcryptSpec = { cost: COST, concurrency: LOGIN_CONCURRENCY, durationS: LOGIN_SECONDS };
  const oneThreadSpec = { cost: COST, concurrency: 1, durationS: LOGIN_SECONDS };
  const bcryptBefore = await measureBcryptLimit(run, bcryptSpec);
  say(`bcrypt limit (before): ${bcryptBefore.compares_per_s.toFixed(2)} compares/s`);
  const oneThreadBefore = await measureBcryptLimit(run, oneThreadSpec);
  say(`one thread's bcrypt (before): ${oneThreadBefore.compares_per_s.toFixed(2)} compares/s`);

  const cpuBefore = await readOriginMetric(origin, "process_cpu_seconds_total");
  const checksBefore = await readOriginMetric(origin, "auth_password_checks_total");
  const logins = (await runClosedLoop(loginUrl, clients(LOGIN_CONCURRENCY), login, LOGIN_SECONDS)).result;
  const originCpu = (await readOriginMetric(origin, "process_cpu_seconds_total")) - cpuBefore;
  const checks = (await readOriginMetric(origin, "auth_password_checks_total")) - checksBefore;
  say(
    `logins: ${logins.rps} /s, p50 ${logins.p50_ms} ms, p99 ${logins.p99_ms} ms, failures ${logins.failures}`,
  );

  const bcryptAfter = await measureBcryptLimit(run, bcryptSpec);
  say(`bcrypt limit (after): ${bcryptAfter.compares_per_s.toFixed(2)} compares/s`);
  const oneThreadAfter = await measureBcryptLimit(run, oneThreadSpec);
  say(`one thread's bcrypt (after): ${oneThreadAfter.compares_per_s.toFixed(2)} compares/s`);
  const bcryptRps = (bcryptBefore.compares_per_s + bcryptAfter.compares_per_s) / 2;
  const bcryptChildCpu = (bcryptBefore.cpu_cores + bcryptAfter.cpu_cores) / 2;
  const oneThreadRps = (oneThreadBefore.compares_per_s + oneThreadAfter.compares_per_s) / 2;
  const allCoresRatio = logins.rps / (CORES * oneThreadRps);
  const oneThreadCpu = (oneThreadBefore.cpu_cores + oneThreadAfter.cpu_cores) / 2;

  const refreshStep = {
    body: (token: string) => ({ refreshToken: token }),
    next: (_: string, answer: unknown) => (answer as { refreshToken: string }).refreshToken,
  };
  const refreshUrl = `${origin}/v1/auth/refresh`;
  const warm = await runClosedLoop(refreshUrl, accounts.refreshTokens, refreshStep, WARMUP_SECONDS);
  const refreshCpuBefore = await readOriginMetric(origin, "process_cpu_seconds_total");
  const refreshRun = await runClosedLoop(refreshUrl, warm.states, refreshStep, REFRESH_SECONDS);
  const refresh = refreshRun.result;
  const refreshCpu = (await readOriginMetric(origin, "process_cpu_seconds_total")) - refreshCpuBefore;
  say(
    `refresh: ${refresh.rps} /s, p50 ${refresh.p50_ms} ms, p99 ${refresh.p99_ms} ms, failures ${refresh.failures}`,
  );

  // The storm: the same refresh clients alone, then while a crowd logs in. Reading /metrics
  // resets the origin's event-loop delay histogram, so each lag figure covers one phase.
  const stormChains = refreshRun.states.slice(0, STORM_REFRESH_CLIENTS);
  await readOriginMetric(origin, "nodejs_eventloop_lag_p99_seconds");
  const alone = await runClosedLoop(refreshUrl, stormChains, refreshStep, STORM_SECONDS);
  const lagAloneMs = (await readOriginMetric(origin, "nodejs_eventloop_lag_p99_seconds")) * 1000;
  say(
    `storm: refresh alone (${STORM_REFRESH_CLIENTS} clients): ${alone.result.rps} /s, p99 ${alone.result.p99_ms} ms`,
  );
  const [stormRefresh, stormLogins] = await Promise.all([
    runClosedLoop(refreshUrl, alone.states, refreshStep, STORM_SECONDS),
    runClosedLoop(loginUrl, clients(STORM_LOGIN_CLIENTS), login, STORM_SECONDS),
  ]);
  const lagStormMs = (await readOriginMetric(origin, "nodejs_eventloop_lag_p99_seconds")) * 1000;
  say(
    `storm: refresh during ${STORM_LOGIN_CLIENTS} logins: ${stormRefresh.result.rps} /s, p99 ${stormRefresh.result.p99_ms} ms; ` +
      `logins ${stormLogins.result.rps} /s, p99 ${stormLogins.result.p99_ms} ms; event-loop lag p99 ${round(lagStormMs)} ms`,
  );

  const failures =
    logins.failures +
    refresh.failures +
    warm.result.failures +
    alone.result.failures +
    stormRefresh.result.failures +
    stormLogins.result.failures;
  if (failures > 0) throw new Error("some logins or refreshes failed; the numbers would not mean anything");

  const verdict = (met: boolean) => (met ? "PASS" : "FAIL");
  const ratio = logins.rps / bcryptRps;
  say(`goal login_vs_bcrypt_ratio >= ${LOGIN_GOAL}: ${round(ratio, 3)} → ${verdict(ratio >= LOGIN_GOAL)}`);
  say(
    `goal login_vs_all_cores_bcrypt_ratio >= ${ALL_CORES_GOAL}: ${round(allCoresRatio, 3)} ` +
      `(${CORES} cores × ${round(oneThreadRps)}/s) → ${verdict(allCoresRatio >= ALL_CORES_GOAL)}`,
  );
  const stormRatio = stormRefresh.result.p99_ms / alone.result.p99_ms;
  say(
    `goal refresh_p99_storm_vs_alone_ratio <= ${STORM_GOAL}: ${round(stormRatio, 3)} → ${verdict(stormRatio <= STORM_GOAL)}`,
  );
  return {
    bench: "auth",
    bcrypt_cost: COST,
    login_concurrency: LOGIN_CONCURRENCY,
    login_seconds: LOGIN_SECONDS,
    login_rps: logins.rps,
    login_p50_ms: logins.p50_ms,
    login_p99_ms: logins.p99_ms,
    login_requests: logins.requests,
    bcrypt_compares_per_s: round(bcryptRps),
    bcrypt_compares_per_s_before: round(bcryptBefore.compares_per_s),
    bcrypt_compares_per_s_after: round(bcryptAfter.compares_per_s),
    bcrypt_child_cpu_cores: round(bcryptChildCpu),
    origin_cpu_cores_during_login: round(originCpu / logins.seconds),
    origin_password_checks_during_login: checks,
    login_vs_bcrypt_ratio: round(ratio, 3),
    // Per CPU-second of each process: separates the origin's own overhead per login from CPU it
    // did not get (other processes on the machine, I/O waits).
    login_vs_bcrypt_ratio_per_cpu: round(
      logins.rps / (originCpu / logins.seconds) / (bcryptRps / bcryptChildCpu),
      3,
    ),
    login_goal: LOGIN_GOAL,
    login_goal_met: ratio >= LOGIN_GOAL,
    refresh_clients: REFRESH_CLIENTS,
    refresh_seconds: REFRESH_SECONDS,
    refresh_rps: refresh.rps,
    refresh_p50_ms: refresh.p50_ms,
    refresh_p99_ms: refresh.p99_ms,
    refresh_requests: refresh.requests,
    origin_cpu_cores_during_refresh: round(refreshCpu / refresh.seconds),
    origin_cpu_ms_per_refresh: round((refreshCpu * 1000) / refresh.requests, 3),
    cores: CORES,
    one_thread_bcrypt_compares_per_s: round(oneThreadRps),
    login_vs_all_cores_bcrypt_ratio: round(allCoresRatio, 3),
    // Per CPU-second again: logins per second of origin CPU (all its threads) against one
    // thread's compares per second of its own CPU.
    login_vs_all_cores_bcrypt_ratio_per_cpu: round(
      logins.rps / (originCpu / logins.seconds) / (oneThreadRps / oneThreadCpu),
      3,
    ),
    login_all_cores_goal: ALL_CORES_GOAL,
    login_all_cores_goal_met: allCoresRatio >= ALL_CORES_GOAL,
    storm_refresh_clients: STORM_REFRESH_CLIENTS,
    storm_login_clients: STORM_LOGIN_CLIENTS,
    storm_seconds: STORM_SECONDS,
    refresh_rps_alone: alone.result.rps,
    refresh_p99_alone_ms: alone.result.p99_ms,
    refresh_rps_during_logins: stormRefresh.result.rps,
    refresh_p99_during_logins_ms: stormRefresh.result.p99_ms,
    refresh_p99_storm_vs_alone_ratio: round(stormRatio, 3),
    storm_goal: STORM_GOAL,
    storm_goal_met: stormRatio <= STORM_GOAL,
    login_rps_during_storm: stormLogins.result.rps,
    login_p99_during_storm_ms: stormLogins.result.p99_ms,
    event_loop_lag_p99_alone_ms: round(lagAloneMs),
    event_loop_lag_p99_during_logins_ms: round(lagStormMs),
  };
}

await runBench(main);
