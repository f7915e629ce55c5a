import { describe, expect, it } from "vitest";
import { foldForSearch, searchTermsOf, searchTermsProblem } from "./search-terms.ts";

describe("searchTermsOf", () => {
  it("folds case and accents and splits words on anything that is not a letter or digit", () => {
    expect(searchTermsOf("Tágesschau: HEUTE-journal, 20:15!")).toEqual({
      words: ["15", "20", "heute", "journal", "tagesschau"],
      phrases: [],
      canonical: "15 20 heute journal tagesschau",
    });
    expect(foldForSearch("Ünïcödé Ångström ÉLAN")).toBe("unicode angstrom elan");
  });

  it("gives one canonical form to every spelling and order of the same search", () => {
    const forms = [
      "Tagesschau heute",
      "  heute   TAGESSCHAU ",
      "heute tágesschau heute",
      "HEUTE\tTagesschau",
    ];
    expect(new Set(forms.map((q) => searchTermsOf(q).canonical))).toEqual(new Set(["heute tagesschau"]));
  });

  it("reads straight, typographic and German quotes as phrases; an unclosed quote runs to the end", () => {
    expect(searchTermsOf('"Sendung mit der Maus" heute')).toMatchObject({
      words: ["heute"],
      phrases: ["sendung mit der maus"],
      canonical: 'heute "sendung mit der maus"',
    });
    expect(searchTermsOf("„Sendung  mit der Maus“").phrases).toEqual(["sendung mit der maus"]);
    expect(searchTermsOf("“match of the day”").phrases).toEqual(["match of the day"]);
    expect(searchTermsOf('tatort "münster krim')).toMatchObject({
      words: ["tatort"],
      phrases: ["munster krim"],
    });
    expect(searchTermsOf('"" heute ""')).toMatchObject({ words: ["heute"], phrases: [] });
  });

  it("keeps letters and digits of every script", () => {
    expect(new Set(searchTermsOf("Москва 東京 ٣ Ⅻ").words)).toEqual(new Set(["москва", "東京", "٣", "ⅻ"]));
  });
});

describe("searchTermsProblem", () => {
  it("accepts up to 10 words and phrases", () => {
    expect(searchTermsProblem('a b c d e f g h i "j k l"')).toBeNull();
  });
});
