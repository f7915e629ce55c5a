import type { XmltvProgramme } from "./xmltv/xmltv-item.ts";

/**
 * What both sources (XMLTV and JSON) hand to the ingest pipeline, before any schedule rule is
 * applied: the XMLTV record shape (a null `stop` only comes from XMLTV, resolved later from the
 * next programme), located by the XMLTV line of the start tag or the JSON array index.
 */
export type IncomingProgramme = Omit<XmltvProgramme, "line"> & { line?: number; index?: number };

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
