/**
 * What a guide search's `q` means: words (each matched as a prefix, stemmed in German and English,
 * and forgiven one typo) and "quoted phrases" (these words in this order). The canonical form —
 * case and accents folded, whitespace collapsed, words and phrases sorted and deduplicated — is
 * what the edge caches by: `Tagesschau  heute`, `heute tágesschau` and `HEUTE Tagesschau` are one
 * search, because they find the same programmes.
 *
 * Folding here is for the cache key and for splitting; Postgres folds again with unaccent (which
 * also maps ß, æ, ø…) on both sides of the match, so nothing depends on the two agreeing exactly.
 */

export const MAX_SEARCH_TERMS = 10;

export interface SearchTerms {
  /** Folded words, sorted, unique. */
  words: string[];
  /** Folded phrases (words joined by one space), sorted, unique. */
  phrases: string[];
  /** The canonical query: words, then each phrase in double quotes, space-separated. */
  canonical: string;
}

/** Straight, typographic and German low-9 quotation marks all open and close a phrase. */
const QUOTES = /["\u201C\u201D\u201E\u00AB\u00BB]/;
const WORD = /[\p{L}\p{N}]+/gu;

/** Lower case without diacritics: NFD, combining marks dropped, recomposed. */
export function foldForSearch(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC").toLowerCase();
}

const wordsOf = (text: string) => foldForSearch(text).match(WORD) ?? [];
const sortedUnique = (items: string[]) => [...new Set(items)].sort();

/** Splits a query into words and phrases; an unclosed quote makes the rest a phrase. */
export function searchTermsOf(q: string): SearchTerms {
  const words: string[] = [];
  const phrases: string[] = [];
  q.split(QUOTES).forEach((part, i) => {
    // Even parts lie outside quotes, odd parts inside.
    if (i % 2 === 0) words.push(...wordsOf(part));
    else {
      const phrase = wordsOf(part);
      if (phrase.length > 0) phrases.push(phrase.join(" "));
    }
  });
  const result = { words: sortedUnique(words), phrases: sortedUnique(phrases) };
  return { ...result, canonical: [...result.words, ...result.phrases.map((p) => `"${p}"`)].join(" ") };
}

/** Why `q` cannot be searched, or null when it can. */
export function searchTermsProblem(q: string): string | null {
  const terms = searchTermsOf(q);
  const count = terms.words.length + terms.phrases.length;
  if (count === 0) return "must contain letters or digits";
  if (count > MAX_SEARCH_TERMS) return `may hold at most ${MAX_SEARCH_TERMS} words and phrases`;
  return null;
}
