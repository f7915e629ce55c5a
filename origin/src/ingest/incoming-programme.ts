/** What both sources (XMLTV and JSON) hand to the ingest pipeline, before any schedule rule is applied. */
export interface IncomingProgramme {
  /** Channel slug as the provider wrote it (XMLTV channel id). */
  channel: string;
  start: Date;
  /** Null only from XMLTV, where a missing stop is resolved later from the next programme. */
  stop: Date | null;
  title: string;
  subtitle: string | null;
  description: string | null;
  categories: string[];
  season: number | null;
  episode: number | null;
  episodeOnscreen: string | null;
  rating: string | null;
  image: string | null;
  /** Where the provider can find it: the XMLTV line of the start tag, or the JSON array index. */
  line?: number;
  index?: number;
}

export type SourceItem =
  | { kind: "channel"; channel: { id: string } }
  | { kind: "programme"; programme: IncomingProgramme };

/** A warning as a source or a rule reports it; the report caps how many it keeps. */
export interface IngestWarningInput {
  code: string;
  message: string;
  element?: string;
  line?: number;
  path?: string;
}
