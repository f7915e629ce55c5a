/**
 * The local stack's EPG provider, made the way an operator would make one: sign in as the demo
 * admin, `POST /v1/admin/providers`, keep the API key (shown only once) in `.local/` with mode
 * 0600 so later starts post as the same provider.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";

export interface AdminAccount {
  email: string;
  password: string;
}

export const DEV_PROVIDER_NAME = "SEEYOO local demo guide";

async function jsonOrThrow(res: Response, what: string): Promise<unknown> {
  const body = await res.text();
  if (!res.ok) throw new Error(`${what} answered ${res.status}: ${body.slice(0, 300)}`);
  return JSON.parse(body) as unknown;
}

export async function createDevProvider(originUrl: string, admin: AdminAccount): Promise<string> {
  const login = (await jsonOrThrow(
    await fetch(`${originUrl}/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: admin.email, password: admin.password }),
    }),
    "admin sign-in",
  )) as { accessToken?: string };
  if (!login.accessToken) throw new Error("admin sign-in returned no access token");
  const created = (await jsonOrThrow(
    await fetch(`${originUrl}/v1/admin/providers`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${login.accessToken}` },
      body: JSON.stringify({ name: DEV_PROVIDER_NAME }),
    }),
    "creating the EPG provider",
  )) as { apiKey?: string };
  if (!created.apiKey) throw new Error("creating the EPG provider returned no apiKey");
  return created.apiKey;
}

export function readProviderKey(keyFile: string): string | null {
  if (!existsSync(keyFile)) return null;
  return readFileSync(keyFile, "utf8").trim() || null;
}

export function saveProviderKey(keyFile: string, apiKey: string): void {
  writeFileSync(keyFile, `${apiKey}\n`, { mode: 0o600 });
}
