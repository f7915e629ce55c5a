/**
 * Turns the scanner's element/text events into channel and programme records. Only the elements a
 * record needs are looked at; everything else (credits, unknown extensions, …) is skipped by depth.
 * Records that cannot be stored (no channel, bad start, no title) are dropped with a warning.
 */
import { parseOnscreen, parseXmltvNs } from "./episode-num.ts";
import { LanguagePreference, PreferredText } from "./language-preference.ts";
import type { XmlHandler } from "./xml-scanner.ts";
import type { XmltvItem, XmltvWarning } from "./xmltv-item.ts";
import { parseXmltvTime } from "./xmltv-time.ts";

/** The record being read; a "dropped" one is already known to be dropped, so its content is skipped. */
type RecordKind = "none" | "channel" | "programme" | "dropped";

/** The element whose text is being captured (a rating's is its `<value>`). */
type Field =
  | "none"
  | "title"
  | "sub-title"
  | "desc"
  | "category"
  | "episode-num"
  | "rating-value"
  | "image"
  | "display-name";

export class XmltvItemBuilder implements XmlHandler {
  items: XmltvItem[] = [];
  wantsText = false;
  capturedChars = 0;

  private readonly languages: LanguagePreference;
  private readonly onWarning: (warning: XmltvWarning) => void;

  private record: RecordKind = "none";
  private line = 0;
  private id = "";
  private start: Date = new Date(0);
  private stop: Date | null = null;

  private field: Field = "none";
  private fieldDepth = 0;
  private fieldLang: string | null = null;
  private fieldSystem: string | null = null;
  private captured = "";
  private inRating = false;

  private readonly title = new PreferredText();
  private readonly subtitle = new PreferredText();
  private readonly description = new PreferredText();
  private readonly categories: string[] = [];
  private readonly categoryLangs: (string | null)[] = [];
  private hasXmltvNs = false;
  private season: number | null = null;
  private episode: number | null = null;
  private onscreen: string | null = null;
  private rating: string | null = null;
  private image: string | null = null;

  constructor(languages: string[], onWarning: (warning: XmltvWarning) => void) {
    this.languages = new LanguagePreference(languages);
    this.onWarning = onWarning;
  }

  take(): XmltvItem[] {
    const items = this.items;
    this.items = [];
    return items;
  }

  openTag(name: string, attrs: string[], attrCount: number, depth: number, line: number): void {
    if (depth === 2) {
      if (name === "programme") this.openProgramme(attrs, attrCount, line);
      else if (name === "channel") this.openChannel(attrs, attrCount, line);
      else this.record = "none";
    } else if (depth === 3 && this.record === "programme") {
      this.openProgrammeField(name, attrs, attrCount);
    } else if (depth === 4 && this.inRating && name === "value" && this.rating === null) {
      this.capture("rating-value", depth, null, null);
    } else if (depth === 3 && this.record === "channel" && name === "display-name") {
      this.capture("display-name", depth, attribute(attrs, attrCount, "lang"), null);
    }
  }

  closeTag(depth: number): void {
    if (depth === this.fieldDepth && this.field !== "none") {
      this.closeField();
    } else if (depth === 3) {
      this.inRating = false;
    } else if (depth === 2) {
      if (this.record === "programme") this.closeProgramme();
      else if (this.record === "channel") this.closeChannel();
      this.record = "none";
    }
  }

  text(value: string): void {
    this.captured += value;
    this.capturedChars += value.length;
  }

  private openProgramme(attrs: string[], attrCount: number, line: number): void {
    this.resetRecord(line);
    this.record = "dropped";
    const channel = attribute(attrs, attrCount, "channel");
    if (channel === null || channel.trim() === "") {
      this.warn("missing_channel", "programme without a channel attribute, skipped", "programme");
      return;
    }
    const startValue = attribute(attrs, attrCount, "start");
    const start = startValue === null ? "it is missing" : parseXmltvTime(startValue);
    if (typeof start === "string") {
      this.warn(
        "bad_start",
        `programme start ${JSON.stringify(startValue)} is not an XMLTV time (${start}), skipped`,
        "programme",
      );
      return;
    }
    const stopValue = attribute(attrs, attrCount, "stop");
    let stop: Date | null = null;
    if (stopValue !== null) {
      const parsed = parseXmltvTime(stopValue);
      if (typeof parsed === "string") {
        this.warn(
          "bad_stop",
          `programme stop ${JSON.stringify(stopValue)} is not an XMLTV time (${parsed}), ignored`,
          "programme",
        );
      } else {
        stop = parsed;
      }
    }
    this.record = "programme";
    this.id = channel.trim();
    this.start = start;
    this.stop = stop;
  }

  private openChannel(attrs: string[], attrCount: number, line: number): void {
    this.resetRecord(line);
    const id = attribute(attrs, attrCount, "id");
    if (id === null || id.trim() === "") {
      this.record = "dropped";
      this.warn("missing_channel_id", "channel without an id attribute, skipped", "channel");
      return;
    }
    this.record = "channel";
    this.id = id.trim();
  }

  private openProgrammeField(name: string, attrs: string[], attrCount: number): void {
    switch (name) {
      case "title":
      case "sub-title":
      case "desc":
      case "category":
        this.capture(name, 3, attribute(attrs, attrCount, "lang"), null);
        return;
      case "episode-num":
        // The DTD's default numbering system is "onscreen".
        this.capture("episode-num", 3, null, attribute(attrs, attrCount, "system") ?? "onscreen");
        return;
      case "image":
        if (this.image === null) this.capture("image", 3, null, null);
        return;
      case "icon":
        if (this.image === null) this.image = nonEmpty(attribute(attrs, attrCount, "src"));
        return;
      case "rating":
        this.inRating = true;
        return;
    }
  }

  private capture(field: Field, depth: number, lang: string | null, system: string | null): void {
    this.field = field;
    this.fieldDepth = depth;
    this.fieldLang = lang;
    this.fieldSystem = system;
    this.captured = "";
    this.wantsText = true;
  }

  private closeField(): void {
    const value = normalizeText(this.captured);
    const lang = this.fieldLang;
    this.field === "category" ? this.addCategory(value, lang) : this.setField(value, lang);
    this.field = "none";
    this.fieldDepth = 0;
    this.captured = "";
    this.wantsText = false;
  }

  private setField(value: string, lang: string | null): void {
    if (value === "") return;
    switch (this.field) {
      case "title":
      case "display-name":
        this.title.offer(value, this.languages.rank(lang));
        return;
      case "sub-title":
        this.subtitle.offer(value, this.languages.rank(lang));
        return;
      case "desc":
        this.description.offer(value, this.languages.rank(lang));
        return;
      case "episode-num":
        this.setEpisodeNum(value);
        return;
      case "rating-value":
        this.rating = value;
        return;
      case "image":
        this.image = value;
        return;
    }
  }

  private addCategory(value: string, lang: string | null): void {
    if (value === "") return;
    this.categories.push(value);
    this.categoryLangs.push(lang);
  }

  private setEpisodeNum(value: string): void {
    if (this.fieldSystem === "xmltv_ns") {
      if (this.hasXmltvNs) return;
      this.hasXmltvNs = true;
      const numbers = parseXmltvNs(value);
      this.season = numbers.season;
      this.episode = numbers.episode;
    } else if (this.fieldSystem === "onscreen" && this.onscreen === null) {
      this.onscreen = value;
    }
  }

  private closeProgramme(): void {
    if (this.title.value === null) {
      this.warn("missing_title", `programme on ${this.id} without a title, skipped`, "programme");
      return;
    }
    let season = this.season;
    let episode = this.episode;
    if (!this.hasXmltvNs && this.onscreen !== null) {
      const numbers = parseOnscreen(this.onscreen);
      season = numbers.season;
      episode = numbers.episode;
    }
    this.items.push({
      kind: "programme",
      programme: {
        channel: this.id,
        start: this.start,
        stop: this.stop,
        title: this.title.value,
        subtitle: this.subtitle.value,
        description: this.description.value,
        categories: this.preferredCategories(),
        season,
        episode,
        episodeOnscreen: this.onscreen,
        rating: this.rating,
        image: this.image,
        line: this.line,
      },
    });
  }

  private closeChannel(): void {
    this.items.push({
      kind: "channel",
      channel: { id: this.id, displayName: this.title.value, line: this.line },
    });
  }

  /**
   * Categories without a lang are kept; of those with one, only the best-ranked language's (or, when
   * none is preferred, the first language's) are kept.
   */
  private preferredCategories(): string[] {
    const values = this.categories;
    const langs = this.categoryLangs;
    let chosen: string | null = null;
    let chosenRank = Number.POSITIVE_INFINITY;
    for (const lang of langs) {
      if (lang === null) continue;
      const rank = this.languages.rank(lang);
      if (rank < chosenRank) {
        chosen = lang;
        chosenRank = rank;
      }
    }
    const kept: string[] = [];
    for (let i = 0; i < values.length; i++) {
      const lang = langs[i] ?? null;
      const value = values[i] as string;
      if ((lang === null || lang === chosen) && !kept.includes(value)) kept.push(value);
    }
    return kept;
  }

  private resetRecord(line: number): void {
    const unpreferred = this.languages.unpreferred + 1;
    this.line = line;
    this.id = "";
    this.stop = null;
    this.field = "none";
    this.fieldDepth = 0;
    this.captured = "";
    this.wantsText = false;
    this.capturedChars = 0;
    this.inRating = false;
    this.title.reset(unpreferred);
    this.subtitle.reset(unpreferred);
    this.description.reset(unpreferred);
    this.categories.length = 0;
    this.categoryLangs.length = 0;
    this.hasXmltvNs = false;
    this.season = null;
    this.episode = null;
    this.onscreen = null;
    this.rating = null;
    this.image = null;
  }

  private warn(code: string, message: string, element: string): void {
    this.onWarning({ code, message, line: this.line, element });
  }
}

function attribute(attrs: string[], attrCount: number, name: string): string | null {
  for (let i = 0; i < attrCount; i += 2) if (attrs[i] === name) return attrs[i + 1] as string;
  return null;
}

function nonEmpty(value: string | null): string | null {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === "" ? null : trimmed;
}

/** XML normalises line ends to \n; surrounding whitespace from pretty-printing is not content. */
function normalizeText(text: string): string {
  const last = text.length - 1;
  if (last < 0) return text;
  const untrimmed = text.charCodeAt(0) > 32 && text.charCodeAt(last) > 32;
  const trimmed = untrimmed ? text : text.trim();
  return trimmed.indexOf("\r") === -1 ? trimmed : trimmed.replace(/\r\n?/g, "\n");
}
