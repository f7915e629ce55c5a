/**
 * A deterministic, realistic week of guide data for the search benchmark: channels in German and
 * English built from real-looking brands, each with its own regular shows, films and bulletins;
 * gap-free days of 5–240 minute programmes with episode titles and two- or three-sentence
 * descriptions. The same seed gives the same guide, so runs compare.
 */

import { type Random, seededRandom } from "@seeyoo/local-stack/guide/seeded-random";
import {
  CHANNEL_BRANDS,
  CLASSIC_FILMS,
  EPISODE_TITLES,
  FILLERS,
  FILM_TITLES,
  type Genre,
  type Language,
  SENTENCES,
  SHOWS,
  type Show,
  type Vocabulary,
  WORDS,
} from "./guide-corpus.ts";

export interface GeneratedChannel {
  slug: string;
  number: number;
  name: string;
}

export interface GeneratedProgramme {
  /** Index into the channel list. */
  channel: number;
  start: Date;
  end: Date;
  title: string;
  subtitle: string | null;
  description: string;
  categories: string[];
  season: number | null;
  episode: number | null;
}

const MINUTE = 60_000;
const DAY = 1_440 * MINUTE;
const VARIANTS = ["", " HD", " +1", " Nord", " Süd", " West", " Ost", " Regional", " Plus", " Extra"];
const REGULARS_PER_CHANNEL = 14;
/** How often a slot goes to a one-off film on a channel that shows films. */
const FILM_SHARE = 0.12;
/** How often a short filler (weather, lottery, bulletin) follows a programme. */
const FILLER_SHARE = 0.85;

/** The local stack's seeded PRNG, with the few draws the generator needs. */
class Picker {
  readonly #random: Random;
  constructor(seed: number) {
    this.#random = seededRandom(`search-bench-${seed}`);
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.#random.next() * (max - min + 1));
  }
  one<T>(items: readonly T[]): T {
    return this.#random.pick(items);
  }
  chance(p: number): boolean {
    return this.#random.next() < p;
  }
}

function fill(template: string, words: Vocabulary, pick: Picker): string {
  const team = pick.one(words.teams);
  return template.replace(/\{(\w+)\}/g, (_, slot: string) => {
    switch (slot) {
      case "adjective":
        return pick.one(words.adjectives);
      case "noun":
        return pick.one(words.nouns);
      case "place":
        return pick.one(words.places);
      case "name":
        return pick.one(words.names);
      case "surname":
        return pick.one(words.surnames);
      case "person":
        return `${pick.one(words.names)} ${pick.one(words.surnames)}`;
      case "profession":
        return pick.one(words.professions);
      case "topic":
        return pick.one(words.topics);
      case "team":
        return team;
      case "team2":
        return pick.one(words.teams.filter((t) => t !== team));
      case "dish":
        return pick.one(words.dishes);
      case "animals":
        return pick.one(words.animals);
      case "n":
        return String(pick.int(1, 34));
      case "year":
        return String(pick.int(1950, 2024));
      default:
        throw new Error(`unknown slot ${slot}`);
    }
  });
}

const CATEGORY: Record<Language, Record<Genre, string>> = {
  de: {
    news: "Nachrichten",
    sport: "Sport",
    kids: "Kinder",
    film: "Spielfilm",
    series: "Serie",
    documentary: "Dokumentation",
    show: "Unterhaltung",
    music: "Musik",
  },
  en: {
    news: "News",
    sport: "Sport",
    kids: "Children",
    film: "Film",
    series: "Drama",
    documentary: "Documentary",
    show: "Entertainment",
    music: "Music",
  },
};

interface ChannelPlan {
  language: Language;
  regulars: Show[];
  films: boolean;
}

function planChannel(brandIndex: number, pick: Picker): ChannelPlan {
  const brand = CHANNEL_BRANDS[brandIndex % CHANNEL_BRANDS.length] as (typeof CHANNEL_BRANDS)[number];
  const pool = SHOWS[brand.language].filter((s) => brand.genres.includes(s.genre));
  const regulars = pool.length > 0 ? Array.from({ length: REGULARS_PER_CHANNEL }, () => pick.one(pool)) : [];
  return { language: brand.language, regulars, films: brand.genres.includes("film") };
}

function describe(language: Language, genre: Genre, pick: Picker): string {
  const sentences = SENTENCES[language][genre];
  const count = pick.int(2, 3);
  return Array.from({ length: count }, () => fill(pick.one(sentences), WORDS[language], pick)).join(" ");
}

function programmeFor(
  plan: ChannelPlan,
  pick: Picker,
): Omit<GeneratedProgramme, "channel" | "start" | "end"> & {
  minutes: number;
} {
  const { language } = plan;
  const words = WORDS[language];
  if (plan.films && (plan.regulars.length === 0 || pick.chance(FILM_SHARE))) {
    const classic = pick.chance(0.2);
    return {
      title: classic ? pick.one(CLASSIC_FILMS[language]) : fill(pick.one(FILM_TITLES[language]), words, pick),
      subtitle: null,
      description: describe(language, "film", pick),
      categories: [CATEGORY[language].film],
      season: null,
      episode: null,
      minutes: pick.int(85, 125),
    };
  }
  const regular = pick.one(plan.regulars);
  return {
    title: regular.title,
    subtitle: regular.episodic ? fill(pick.one(EPISODE_TITLES[language]), words, pick) : null,
    description: describe(language, regular.genre, pick),
    categories: [CATEGORY[language][regular.genre]],
    season: regular.episodic ? pick.int(1, 12) : null,
    episode: regular.episodic ? pick.int(1, 40) : null,
    minutes: regular.minutes,
  };
}

/** `channels` channels × `days` days from `firstDay` (midnight UTC), deterministic for a seed. */
export function generateGuide(options: { channels: number; days: number; firstDay: Date; seed: number }): {
  channels: GeneratedChannel[];
  programmes: GeneratedProgramme[];
} {
  const pick = new Picker(options.seed);
  const channels: GeneratedChannel[] = [];
  const programmes: GeneratedProgramme[] = [];
  for (let c = 0; c < options.channels; c++) {
    const brand = CHANNEL_BRANDS[c % CHANNEL_BRANDS.length] as (typeof CHANNEL_BRANDS)[number];
    const variant = VARIANTS[Math.floor(c / CHANNEL_BRANDS.length) % VARIANTS.length] as string;
    const round = Math.floor(c / (CHANNEL_BRANDS.length * VARIANTS.length));
    channels.push({
      slug: `search-bench-${c + 1}.seeyoo.test`,
      number: c + 1,
      name: `${brand.name}${variant}${round > 0 ? ` ${round + 1}` : ""}`,
    });
    const plan = planChannel(c, pick);
    const begin = options.firstDay.getTime();
    const stop = begin + options.days * DAY;
    for (let t = begin; t < stop; ) {
      const { minutes, ...content } = programmeFor(plan, pick);
      const end = Math.min(stop, t + minutes * MINUTE);
      programmes.push({ channel: c, start: new Date(t), end: new Date(end), ...content });
      t = end;
      if (t < stop && pick.chance(FILLER_SHARE)) {
        const filler = pick.one(FILLERS[plan.language]);
        const fillerEnd = Math.min(stop, t + filler.minutes * MINUTE);
        programmes.push({
          channel: c,
          start: new Date(t),
          end: new Date(fillerEnd),
          title: filler.title,
          subtitle: null,
          description: filler.description,
          categories: [],
          season: null,
          episode: null,
        });
        t = fillerEnd;
      }
    }
  }
  return { channels, programmes };
}
