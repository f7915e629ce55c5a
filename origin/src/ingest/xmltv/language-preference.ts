/**
 * Ranks `lang` attributes against a preference list: 0 is the most preferred, `length` means "not
 * preferred" (which includes a missing lang). "de" also matches "de-AT"; comparison ignores case.
 */
export class LanguagePreference {
  private readonly preferred: string[];
  private readonly ranks = new Map<string, number>();
  private lastLang: string | null = null;
  private lastRank = 0;

  constructor(languages: string[]) {
    this.preferred = languages.map((lang) => lang.toLowerCase());
  }

  get unpreferred(): number {
    return this.preferred.length;
  }

  rank(lang: string | null): number {
    if (lang === null) return this.preferred.length;
    // Documents repeat the same lang attribute over and over.
    if (lang === this.lastLang) return this.lastRank;
    let rank = this.ranks.get(lang);
    if (rank === undefined) {
      const normalized = lang.toLowerCase();
      rank = this.preferred.findIndex((p) => normalized === p || normalized.startsWith(`${p}-`));
      if (rank === -1) rank = this.preferred.length;
      this.ranks.set(lang, rank);
    }
    this.lastLang = lang;
    this.lastRank = rank;
    return rank;
  }
}

/**
 * A field offered in several languages (title, sub-title, desc): keeps the text of the most
 * preferred language seen; among equals, the first. Reset per element, never reallocated.
 */
export class PreferredText {
  value: string | null = null;
  #rank = 0;

  reset(unpreferredRank: number): void {
    this.value = null;
    this.#rank = unpreferredRank;
  }

  offer(value: string, rank: number): void {
    if (rank >= this.#rank) return;
    this.value = value;
    this.#rank = rank;
  }
}
