import * as v from "valibot";

export const Uuid = v.pipe(v.string(), v.uuid("must be a UUID"));

/** An instant on the wire: ISO 8601 with an explicit offset (we always send UTC, `Z`). */
export const IsoInstant = v.pipe(v.string(), v.isoTimestamp("must be an ISO 8601 timestamp with offset"));

export const IdParams = v.object({ id: Uuid });
export type IdParams = v.InferOutput<typeof IdParams>;
