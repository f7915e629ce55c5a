import { MAX_PROVIDER_CHANNEL_ID } from "@seeyoo/schema/wire";

/**
 * A channel id as the report tracks and shows it: at most MAX_PROVIDER_CHANNEL_ID characters
 * (no longer id can be assigned), then `…` — so a hostile document of 100,000 distinct
 * megabyte-long ids fills neither the memory nor the report. Never cuts a surrogate pair in half
 * (a lone surrogate cannot be saved as JSON in Postgres).
 */
export function reportedId(id: string): string {
  if (id.length <= MAX_PROVIDER_CHANNEL_ID) return id;
  const cut = isHighSurrogate(id.charCodeAt(MAX_PROVIDER_CHANNEL_ID - 1))
    ? MAX_PROVIDER_CHANNEL_ID - 1
    : MAX_PROVIDER_CHANNEL_ID;
  return `${id.slice(0, cut)}…`;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
