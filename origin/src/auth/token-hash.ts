import { createHash } from "node:crypto";

/** SHA-256 hex of a high-entropy secret (refresh token, API key): what we store instead of it. */
export const sha256Hex = (value: string) => createHash("sha256").update(value).digest("hex");
