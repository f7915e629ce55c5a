import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { SearchQuery } from "./search.ts";
import { searchTermsProblem } from "./search-terms.ts";

const messagesFor = (query: Record<string, string>) =>
  (v.safeParse(SearchQuery, query).issues ?? []).map((issue) => issue.message);

describe("searchTermsProblem", () => {
  it.each([
    ["!!", "must contain letters or digits"],
    ['"" ""', "must contain letters or digits"],
    ["% _ \\ ; --", "must contain letters or digits"],
    ["a b c d e f g h i j k", "may hold at most 10 words and phrases"],
    ['a b c d e f g h i j "k l"', "may hold at most 10 words and phrases"],
  ])("refuses %j", (q, message) => {
    expect(searchTermsProblem(q)).toBe(message);
  });
});

describe("SearchQuery", () => {
  it("measures q after trimming, 2 to 100 characters", () => {
    expect(messagesFor({ q: " a " })).toEqual(["must be at least 2 characters"]);
    expect(messagesFor({ q: "a".repeat(101) })).toEqual(["must be at most 100 characters"]);
    expect(messagesFor({ q: `  ${"a".repeat(100)}  ` })).toEqual([]);
  });

  it("takes a limit from 1 to 50, as a whole number", () => {
    for (const limit of ["0", "51", "1.5", "-3", "1e2", " 5", "0x10"]) {
      expect(messagesFor({ q: "news", limit })).toEqual(["must be a whole number from 1 to 50"]);
    }
    expect(v.parse(SearchQuery, { q: "news", limit: "50" }).limit).toBe(50);
  });
});
