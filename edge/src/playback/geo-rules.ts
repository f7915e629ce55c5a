/**
 * Geo rules: a channel lists the countries it may be watched in (ISO 3166-1 alpha-2; empty means
 * everywhere). The viewer's country is Cloudflare's `request.cf.country`. When it is unknown (no
 * `cf`, as in local development, or Cloudflare's `XX`), only unrestricted channels play: a
 * licence restriction must not be bypassed by hiding where one is.
 */
import { ProblemError } from "@seeyoo/schema/wire";

const UNKNOWN = "XX";

export function viewerCountry(request: Request): string | null {
  const country = (request as Request & { cf?: { country?: unknown } }).cf?.country;
  if (typeof country !== "string" || country === "" || country.toUpperCase() === UNKNOWN) return null;
  return country.toUpperCase();
}

export function isAllowedIn(allowedCountries: readonly string[], country: string | null): boolean {
  if (allowedCountries.length === 0) return true;
  return country !== null && allowedCountries.some((allowed) => allowed.toUpperCase() === country);
}

/** 451 Unavailable For Legal Reasons, naming the country, when the channel may not play here. */
export function assertGeoAllowed(allowedCountries: readonly string[], country: string | null): void {
  if (isAllowedIn(allowedCountries, country)) return;
  throw new ProblemError(451, "geoBlocked", "This channel is not available in your country", {
    detail:
      country === null
        ? "Your country could not be determined, and this channel is only available in some countries"
        : `This channel is not available in ${country}`,
  });
}
