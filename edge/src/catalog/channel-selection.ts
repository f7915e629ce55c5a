import { ProblemError } from "@seeyoo/schema/wire";

/** Refuses a channel list naming channels that are not active, naming them (404). */
export function requireActiveChannels(requested: readonly string[], activeIds: readonly string[]): void {
  const active = new Set(activeIds);
  const unknown = requested.filter((id) => !active.has(id));
  if (unknown.length > 0) {
    throw new ProblemError(404, "notFound", "Channel not found", {
      detail: `Unknown or inactive channels: ${unknown.join(", ")}`,
      errors: [{ field: "channels", message: `unknown: ${unknown.join(", ")}` }],
    });
  }
}
