/**
 * The local stack's EPG provider key, kept in `.local/` with mode 0600 (the admin API shows a key
 * only once) so that later starts post as the same provider.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";

export interface AdminAccount {
  email: string;
  password: string;
}

export function readProviderKey(keyFile: string): string | null {
  if (!existsSync(keyFile)) return null;
  return readFileSync(keyFile, "utf8").trim() || null;
}

export function saveProviderKey(keyFile: string, apiKey: string): void {
  writeFileSync(keyFile, `${apiKey}\n`, { mode: 0o600 });
}
