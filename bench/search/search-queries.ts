/**
 * Fifty searches a viewer of this guide would type: half-typed words, typos, quoted phrases,
 * missing or extra accents, other word forms, several words, common words with thousands of
 * matches, words only found in descriptions, and a few with a channel list or another window.
 */
export interface BenchSearch {
  q: string;
  kind: "prefix" | "typo" | "phrase" | "accents" | "stemming" | "words" | "common" | "filtered";
  /** Window relative to now, in hours (default: now to 7 days ahead). */
  fromHours?: number;
  toHours?: number;
  /** Restrict to the first N channels of the line-up. */
  channels?: number;
}

export const BENCH_SEARCHES: BenchSearch[] = [
  { q: "tages", kind: "prefix" },
  { q: "simps", kind: "prefix" },
  { q: "bergdok", kind: "prefix" },
  { q: "sportsch", kind: "prefix" },
  { q: "premier leag", kind: "prefix" },
  { q: "bundesl", kind: "prefix" },
  { q: "planet ea", kind: "prefix" },
  { q: "midsom", kind: "prefix" },
  { q: "küchen", kind: "prefix" },
  { q: "ta", kind: "prefix" },
  { q: "tagesshau", kind: "typo" },
  { q: "simsons", kind: "typo" },
  { q: "bergdocktor", kind: "typo" },
  { q: "eastendres", kind: "typo" },
  { q: "schwarzwaldklinick", kind: "typo" },
  { q: "wimbeldon", kind: "typo" },
  { q: "coronation stret", kind: "typo" },
  { q: "masterchief", kind: "typo" },
  { q: '"sendung mit der maus"', kind: "phrase" },
  { q: '"match of the day"', kind: "phrase" },
  { q: '"in aller freundschaft"', kind: "phrase" },
  { q: '"the big bang theory"', kind: "phrase" },
  { q: '"wer wird millionär"', kind: "phrase" },
  { q: '"call the midwife" patient', kind: "phrase" },
  { q: "Tágesschau", kind: "accents" },
  { q: "lowenzahn", kind: "accents" },
  { q: "fußball bundesliga", kind: "accents" },
  { q: "Munchen", kind: "accents" },
  { q: "pokemon", kind: "accents" },
  { q: "amelie", kind: "accents" },
  { q: "SOKO KÖLN", kind: "accents" },
  { q: "nachricht", kind: "stemming" },
  { q: "freundschaften", kind: "stemming" },
  { q: "gardens", kind: "stemming" },
  { q: "wölfe", kind: "stemming" },
  { q: "murders", kind: "stemming" },
  { q: "tatort münster", kind: "words" },
  { q: "bayern münchen", kind: "words" },
  { q: "climate change", kind: "words" },
  { q: "doctor who", kind: "words" },
  { q: "dresden", kind: "words" },
  { q: "news", kind: "common" },
  { q: "wetter", kind: "common" },
  { q: "weather", kind: "common" },
  { q: "nachrichten", kind: "common" },
  { q: "nachrichten", kind: "filtered", channels: 5 },
  { q: "tatort", kind: "filtered", channels: 30 },
  { q: "tagesschau", kind: "filtered", fromHours: 48, toHours: 72 },
  { q: "simpsons", kind: "filtered", fromHours: -12, toHours: 0 },
  { q: "kommissar", kind: "filtered", fromHours: 24, toHours: 168 },
];
