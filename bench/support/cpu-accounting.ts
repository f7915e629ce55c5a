/**
 * Where the CPU goes during a load (Linux /proc): CPU time used by named groups of processes —
 * each a process and all of its descendants, optionally only those with a given command name —
 * and by the whole machine. On a 2-core box every process of the stack competes for the same
 * cores, so "CPU ms per request" per component explains a throughput ratio better than latency.
 */
import { readdirSync, readFileSync } from "node:fs";

const TICK_MS = 10; // USER_HZ is 100 on Linux

interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  cpuMs: number;
}

function readProcStat(pid: number): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // comm is in parentheses and may hold spaces; fields after it are space separated.
    const close = text.lastIndexOf(")");
    const comm = text.slice(text.indexOf("(") + 1, close);
    const fields = text.slice(close + 2).split(" ");
    return { pid, ppid: Number(fields[1]), comm, cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS };
  } catch {
    return null; // gone meanwhile
  }
}

function allProcesses(): ProcStat[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProcStat(Number(name)))
    .filter((p): p is ProcStat => p !== null);
}

/** A process group to account: `pid` and its descendants, filtered by command name if given. */
export interface CpuSubject {
  pid: number;
  tree?: boolean;
  comm?: RegExp;
  /** Leave out these command names (e.g. account workerd separately from its wrangler parent). */
  excludeComm?: RegExp;
}

/** CPU ms per pid, per subject; pids are kept so that processes ending between two snapshots
 * cannot make a difference negative (their last slice is lost, a small undercount). */
export type CpuSnapshot = { machineBusyMs: number; subjects: Record<string, Map<number, number>> };

function machineBusyMs(): number {
  const [, ...ticks] = (readFileSync("/proc/stat", "utf8").split("\n")[0] as string).trim().split(/\s+/);
  const n = ticks.map(Number);
  const idle = (n[3] ?? 0) + (n[4] ?? 0);
  return (n.reduce((a, b) => a + b, 0) - idle) * TICK_MS;
}

export function cpuSnapshot(subjects: Record<string, CpuSubject>): CpuSnapshot {
  const procs = allProcesses();
  const children = new Map<number, ProcStat[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  const out: Record<string, Map<number, number>> = {};
  for (const [name, subject] of Object.entries(subjects)) {
    const members = new Map<number, number>();
    const stack = [byPid.get(subject.pid)].filter((p): p is ProcStat => p !== undefined);
    while (stack.length > 0) {
      const p = stack.pop() as ProcStat;
      if (subject.tree) stack.push(...(children.get(p.pid) ?? []));
      if (subject.comm && !subject.comm.test(p.comm)) continue;
      if (subject.excludeComm?.test(p.comm)) continue;
      members.set(p.pid, p.cpuMs);
    }
    out[name] = members;
  }
  return { machineBusyMs: machineBusyMs(), subjects: out };
}

/**
 * CPU milliseconds per request between two snapshots: per subject, `ours` (all subjects but the
 * machine-wide ones named in `shared`) and `machine` (everything, other tenants of the box too).
 */
export function cpuPerRequest(
  before: CpuSnapshot,
  after: CpuSnapshot,
  requests: number,
  shared: readonly string[] = [],
): Record<string, number> {
  const per = (ms: number) => Math.round((ms / Math.max(1, requests)) * 1000) / 1000;
  const out: Record<string, number> = {};
  let ours = 0;
  for (const [name, pids] of Object.entries(after.subjects)) {
    let ms = 0;
    for (const [pid, cpu] of pids) ms += cpu - (before.subjects[name]?.get(pid) ?? 0);
    out[name] = per(ms);
    if (!shared.includes(name)) ours += ms;
  }
  out.ours = per(ours);
  out.machine = per(after.machineBusyMs - before.machineBusyMs);
  return out;
}
