/**
 * What an operator does before a provider can post, through the origin's admin API: sign in as
 * an admin, create the EPG provider (its key is shown once), and assign it our channels under
 * the ids its files use — for the demo guide, each channel's slug.
 */
import type { AdminAccount } from "./dev-provider-key.ts";

export const DEV_PROVIDER_NAME = "SEEYOO local demo guide";

/** The first characters of a key, as the admin API lists them (`apiKeyPrefix`). */
const KEY_PREFIX_LENGTH = 13;

async function jsonOrThrow(res: Response, what: string): Promise<unknown> {
  const body = await res.text();
  if (!res.ok) throw new Error(`${what} answered ${res.status}: ${body.slice(0, 300)}`);
  return JSON.parse(body) as unknown;
}

export interface ChannelAssignments {
  assigned: number;
  /** Slugs another provider holds: the demo guide cannot write them. */
  elsewhere: string[];
}

export class GuideOperator {
  readonly #originUrl: string;
  readonly #token: string;

  private constructor(originUrl: string, token: string) {
    this.#originUrl = originUrl;
    this.#token = token;
  }

  static async signIn(originUrl: string, admin: AdminAccount): Promise<GuideOperator> {
    const login = (await jsonOrThrow(
      await fetch(`${originUrl}/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: admin.email, password: admin.password }),
      }),
      "admin sign-in",
    )) as { accessToken?: string };
    if (!login.accessToken) throw new Error("admin sign-in returned no access token");
    return new GuideOperator(originUrl, login.accessToken);
  }

  /** The id of the active provider this key belongs to, or null (revoked, or another database). */
  async findProvider(apiKey: string): Promise<string | null> {
    const { providers } = (await jsonOrThrow(
      await this.#admin("GET", "/v1/admin/providers"),
      "listing providers",
    )) as {
      providers: { id: string; apiKeyPrefix: string; revokedAt: string | null }[];
    };
    const prefix = apiKey.slice(0, KEY_PREFIX_LENGTH);
    return providers.find((p) => p.apiKeyPrefix === prefix && p.revokedAt === null)?.id ?? null;
  }

  async createProvider(): Promise<{ id: string; apiKey: string }> {
    const created = (await jsonOrThrow(
      await this.#admin("POST", "/v1/admin/providers", { name: DEV_PROVIDER_NAME }),
      "creating the EPG provider",
    )) as { id?: string; apiKey?: string };
    if (!created.id || !created.apiKey) throw new Error("creating the EPG provider returned no id or apiKey");
    return { id: created.id, apiKey: created.apiKey };
  }

  /** Assigns each channel (by slug) to the provider under its slug; idempotent. */
  async assignChannels(providerId: string, slugs: readonly string[]): Promise<ChannelAssignments> {
    const { channels } = (await jsonOrThrow(
      await this.#admin("GET", "/v1/admin/channels"),
      "listing channels",
    )) as {
      channels: { id: string; slug: string }[];
    };
    const ids = new Map(channels.map((c) => [c.slug, c.id]));
    const outcome: ChannelAssignments = { assigned: 0, elsewhere: [] };
    for (const slug of slugs) {
      const channelId = ids.get(slug);
      if (!channelId) continue;
      const res = await this.#admin("PUT", `/v1/admin/providers/${providerId}/channels/${channelId}`, {
        providerChannelId: slug,
      });
      if (res.status === 409) {
        await res.body?.cancel();
        outcome.elsewhere.push(slug);
        continue;
      }
      await jsonOrThrow(res, `assigning ${slug}`);
      outcome.assigned++;
    }
    return outcome;
  }

  #admin(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${this.#originUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.#token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }
}
