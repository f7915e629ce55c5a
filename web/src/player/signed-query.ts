/**
 * The playback URL carries CloudFront's signed policy as query parameters (Policy, Key-Pair-Id,
 * Signature). Playlists name their renditions and segments relatively, so those requests would
 * lose the query: the player adds the current signature to every request inside the signed
 * folder, and swaps in the renewed one after each heartbeat. No cookies are needed, so the CDN
 * may sit on any host.
 */
const SIGNING_PARAMS = ["Policy", "Signature", "Key-Pair-Id", "Expires"];

export class SignedQuery {
  private folder = "";
  private params = new URLSearchParams();

  constructor(playbackUrl: string) {
    this.renew(playbackUrl);
  }

  /** Takes the signature of a freshly signed URL (the policy covers the same folder). */
  renew(playbackUrl: string): void {
    const url = new URL(playbackUrl);
    this.folder = `${url.origin}${url.pathname.replace(/[^/]*$/, "")}`;
    this.params = new URLSearchParams();
    for (const name of SIGNING_PARAMS) {
      const value = url.searchParams.get(name);
      if (value !== null) this.params.set(name, value);
    }
  }

  /** `url` with the current signature when it lies inside the signed folder; unchanged otherwise. */
  sign(url: string): string {
    if (!url.startsWith(this.folder)) return url;
    const signed = new URL(url);
    for (const name of SIGNING_PARAMS) signed.searchParams.delete(name);
    // Appended verbatim: the signature's alphabet (-, _, ~) needs no escaping.
    const extra = this.params.toString();
    const query = signed.searchParams.toString();
    return `${signed.origin}${signed.pathname}?${query ? `${query}&` : ""}${extra}`;
  }
}
