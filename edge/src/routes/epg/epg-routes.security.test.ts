/**
 * An attacker cannot fill Redis (or make Postgres work) by varying query values: 1,000 distinct
 * values of each guide parameter — millisecond-distinct, spread over the whole range the guide
 * accepts — create at most the documented number of keys per version
 * (keySpacePerVersion in @seeyoo/schema/cache-keys). Counted with SCAN in a namespace of this test's
 * own on the shared Redis (read-only there).
 */
import { keySpacePerVersion } from "@seeyoo/schema/cache-keys";
import { GUIDE_FUTURE_DAYS, GUIDE_PAST_DAYS } from "@seeyoo/schema/wire";
import { describe, expect, it } from "vitest";
import {
  createChannel,
  createProgrammes,
  edgeFetchWith,
  redisCommand,
} from "../../../test/worker-harness.ts";

const DAY = 86_400_000;
const VALUES = 1_000;
const BATCH = 25;

async function keysUnder(prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = "0";
  do {
    const [next, keys] = (await redisCommand(["SCAN", cursor, "MATCH", `${prefix}*`, "COUNT", 5000])) as [
      string,
      string[],
    ];
    found.push(...keys);
    cursor = next;
  } while (cursor !== "0");
  return found;
}

/** Instants spread over [now − 14 d + 1 h, now + 31 d − 25 h], each a distinct millisecond. */
function spreadInstants(count: number): string[] {
  const from = Date.now() - GUIDE_PAST_DAYS * DAY + 3_600_000;
  const span = (GUIDE_PAST_DAYS + GUIDE_FUTURE_DAYS) * DAY - 26 * 3_600_000;
  return Array.from({ length: count }, (_, i) =>
    new Date(from + Math.floor((span * i) / count) + i).toISOString(),
  );
}

async function requestAll(bindings: Record<string, string>, paths: string[]): Promise<void> {
  for (let i = 0; i < paths.length; i += BATCH) {
    const answers = await Promise.all(paths.slice(i, i + BATCH).map((p) => edgeFetchWith(bindings, p)));
    for (const answer of answers) expect(answer.status).toBe(200);
  }
}

/** Keys of one kind, grouped by the versions embedded in them. */
function perVersion(keys: string[], kind: RegExp): number[] {
  const groups = new Map<string, number>();
  for (const key of keys) {
    const version = kind.exec(key)?.[1];
    if (version !== undefined) groups.set(version, (groups.get(version) ?? 0) + 1);
  }
  return [...groups.values()];
}

describe("bounded cache key space", () => {
  it(`${VALUES} distinct values of from, at and a schedule's from create at most the documented keys`, async () => {
    const namespace = `seeyoo-keyspace-${crypto.randomUUID().slice(0, 8)}`;
    const bindings = { CACHE_NAMESPACE: namespace };
    const channel = await createChannel();
    await createProgrammes(channel, [
      {
        start: new Date(Date.now() - 3_600_000).toISOString(),
        end: new Date(Date.now() + 3_600_000).toISOString(),
        title: "On air",
      },
    ]);
    const instants = spreadInstants(VALUES);

    await requestAll(
      bindings,
      instants.map((t) => `/v1/epg?from=${t}`),
    );
    await requestAll(
      bindings,
      instants.map((t) => `/v1/epg/now?at=${t}`),
    );
    await requestAll(
      bindings,
      instants.map((t) => `/v1/channels/${channel}/epg?from=${t}`),
    );

    const keys = await keysUnder(`${namespace}:`);
    const guide = perVersion(keys, /:guide:(c\d+:e\d+):/);
    const schedule = perVersion(keys, new RegExp(`:sched:${channel}:(v\\d+):`));
    expect(guide.length).toBeGreaterThan(0);
    for (const n of guide) expect(n).toBeLessThanOrEqual(keySpacePerVersion.guideBlocks);
    for (const n of schedule) expect(n).toBeLessThanOrEqual(keySpacePerVersion.scheduleDaysPerChannel);
    expect(keys.filter((k) => k.includes(":last:guide:")).length).toBeLessThanOrEqual(
      keySpacePerVersion.guideBlocks,
    );
    expect(keys.filter((k) => k.includes(`:last:sched:${channel}:`)).length).toBeLessThanOrEqual(
      keySpacePerVersion.scheduleDaysPerChannel,
    );
    // Nothing else: versions, channel lists and their last good copy, blocks.
    const unexpected = keys.filter((k) => !/:(ver|channels|last|guide|sched):/.test(k));
    expect(unexpected).toEqual([]);
  }, 300_000);
});
