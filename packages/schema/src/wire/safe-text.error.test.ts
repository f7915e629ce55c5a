import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { SafeName, SafeText } from "./safe-text.ts";

describe("SafeText", () => {
  it.each([
    ["a\u0000b", "NUL"],
    ["\ud800", "a lone high surrogate"],
    ["x\udc00", "a lone low surrogate"],
    ["\udc00\ud800", "surrogates in the wrong order"],
  ])("rejects %j (%s)", (text) => {
    expect(v.safeParse(SafeText(100), text).success).toBe(false);
  });

  it("accepts any well-formed text, astral characters included", () => {
    expect(v.safeParse(SafeText(100), "Tágesschau 📺 \ud83d\ude00").success).toBe(true);
  });

  it("bounds the length", () => {
    expect(v.safeParse(SafeText(3), "abcd").success).toBe(false);
  });

  it("SafeName trims and refuses what is left empty", () => {
    expect(v.parse(SafeName(10), "  Ann  ")).toBe("Ann");
    expect(v.safeParse(SafeName(10), "   ").success).toBe(false);
  });
});
