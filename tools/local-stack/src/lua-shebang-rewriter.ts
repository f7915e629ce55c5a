// Upstash accepts Lua shebang flags that stock Redis rejects ("#!lua flags=allow-key-locking",
// used by every @upstash/ratelimit script). We strip them before Redis sees the script, and
// because clients call EVALSHA with the SHA1 of the script text *they* sent, we remember
// original SHA -> rewritten SHA and translate EVALSHA / SCRIPT EXISTS / SCRIPT LOAD accordingly.
import { createHash } from "node:crypto";

const UPSTASH_ONLY_FLAGS = new Set(["allow-key-locking"]);

export type RewrittenCommand = {
  args: string[];
  /** Turns Redis's reply into what the client expects (SCRIPT LOAD must return the original SHA). */
  mapReply?: (reply: Buffer) => Buffer;
};

function sha1(text: string): string {
  return createHash("sha1").update(text, "utf8").digest("hex");
}

/** Returns the script without Upstash-only flags, or undefined when it needs no change. */
export function stripUpstashShebangFlags(script: string): string | undefined {
  const match = /^#!lua([^\n]*)/.exec(script);
  if (!match) return undefined;
  const params = (match[1] ?? "").trim().split(/\s+/).filter(Boolean);
  let changed = false;
  const kept = params.flatMap((param) => {
    if (!param.startsWith("flags=")) return [param];
    const flags = param.slice("flags=".length).split(",");
    const remaining = flags.filter((f) => !UPSTASH_ONLY_FLAGS.has(f));
    if (remaining.length === flags.length) return [param];
    changed = true;
    return remaining.length > 0 ? [`flags=${remaining.join(",")}`] : [];
  });
  if (!changed) return undefined;
  return `#!lua${kept.map((p) => ` ${p}`).join("")}${script.slice(match[0].length)}`;
}

export class LuaShebangRewriter {
  readonly #shaMap = new Map<string, string>();

  rewrite(args: string[]): RewrittenCommand {
    const name = (args[0] ?? "").toUpperCase();
    if ((name === "EVAL" || name === "EVAL_RO") && args[1] !== undefined) {
      return { args: [args[0] as string, this.#register(args[1]).script, ...args.slice(2)] };
    }
    if ((name === "EVALSHA" || name === "EVALSHA_RO") && args[1] !== undefined) {
      return { args: [args[0] as string, this.#translate(args[1]), ...args.slice(2)] };
    }
    if (name === "SCRIPT") {
      const sub = (args[1] ?? "").toUpperCase();
      if (sub === "LOAD" && args[2] !== undefined) {
        const { script, originalSha } = this.#register(args[2]);
        return { args: [...args.slice(0, 2), script], mapReply: () => Buffer.from(originalSha) };
      }
      if (sub === "EXISTS") {
        return { args: [...args.slice(0, 2), ...args.slice(2).map((sha) => this.#translate(sha))] };
      }
    }
    return { args };
  }

  #register(original: string): { script: string; originalSha: string } {
    const originalSha = sha1(original);
    const rewritten = stripUpstashShebangFlags(original);
    if (rewritten === undefined) return { script: original, originalSha };
    this.#shaMap.set(originalSha, sha1(rewritten));
    return { script: rewritten, originalSha };
  }

  #translate(sha: string): string {
    return this.#shaMap.get(sha.toLowerCase()) ?? sha;
  }
}
