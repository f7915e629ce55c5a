import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { LuaShebangRewriter, stripUpstashShebangFlags } from "./lua-shebang-rewriter.ts";

const sha1 = (s: string) => createHash("sha1").update(s).digest("hex");

describe("stripUpstashShebangFlags", () => {
  it.each([
    ["#!lua flags=allow-key-locking\nreturn 1", "#!lua\nreturn 1"],
    ["#!lua flags=no-writes,allow-key-locking\nreturn 1", "#!lua flags=no-writes\nreturn 1"],
    ["#!lua name=x flags=allow-key-locking\nreturn 1", "#!lua name=x\nreturn 1"],
  ])("rewrites %j", (input, expected) => {
    expect(stripUpstashShebangFlags(input)).toBe(expected);
  });

  it.each([
    "return 1",
    "#!lua\nreturn 1",
    "#!lua flags=no-writes\nreturn 1",
    "-- #!lua flags=allow-key-locking",
  ])("leaves %j alone", (input) => {
    expect(stripUpstashShebangFlags(input)).toBeUndefined();
  });
});

describe("LuaShebangRewriter", () => {
  const script = "#!lua flags=allow-key-locking\nreturn 1";
  const rewrittenSha = sha1("#!lua\nreturn 1");

  it("maps EVALSHA of the original SHA once the script has been seen", () => {
    const rewriter = new LuaShebangRewriter();
    expect(rewriter.rewrite(["EVALSHA", sha1(script), "0"]).args[1]).toBe(sha1(script));
    expect(rewriter.rewrite(["eval", script, "0"]).args).toEqual(["eval", "#!lua\nreturn 1", "0"]);
    expect(rewriter.rewrite(["evalsha", sha1(script).toUpperCase(), "0"]).args[1]).toBe(rewrittenSha);
    expect(rewriter.rewrite(["SCRIPT", "EXISTS", sha1(script), "abc"]).args).toEqual([
      "SCRIPT",
      "EXISTS",
      rewrittenSha,
      "abc",
    ]);
  });

  it("answers SCRIPT LOAD with the SHA the client computed", () => {
    const { args, mapReply } = new LuaShebangRewriter().rewrite(["SCRIPT", "LOAD", script]);
    expect(args).toEqual(["SCRIPT", "LOAD", "#!lua\nreturn 1"]);
    expect(mapReply?.(Buffer.from(rewrittenSha)).toString()).toBe(sha1(script));
  });
});
