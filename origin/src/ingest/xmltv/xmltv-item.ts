/** The records the XMLTV parser yields. */
export interface XmltvChannel {
  id: string;
  displayName: string | null;
  line: number;
}

export interface XmltvProgramme {
  /** XMLTV channel id (our channel slug). */
  channel: string;
  start: Date;
  /** Null when the element has no (parseable) stop attribute. */
  stop: Date | null;
  /** Chosen by language preference. */
  title: string;
  subtitle: string | null;
  description: string | null;
  /** In the preferred language where a lang is given, deduplicated, document order kept. */
  categories: string[];
  /** Human, 1-based: from xmltv_ns (zero-based), else from an onscreen "S01E02". */
  season: number | null;
  episode: number | null;
  /** The onscreen episode-num, kept as written. */
  episodeOnscreen: string | null;
  /** `<rating><value>` */
  rating: string | null;
  /** `<icon src>` or `<image>`, whichever comes first. */
  image: string | null;
  /** Line of the `<programme>` start tag. */
  line: number;
}

export interface XmltvWarning {
  code: string;
  message: string;
  line: number;
  element: string;
}

export type XmltvItem =
  | { kind: "channel"; channel: XmltvChannel }
  | { kind: "programme"; programme: XmltvProgramme };

export interface XmltvParseOptions {
  /** Language preference, most preferred first, e.g. ["de", "en"]. */
  languages?: string[];
}
