import * as v from "valibot";

export const Uuid = v.pipe(v.string(), v.uuid("must be a UUID"));

export const IdParams = v.object({ id: Uuid });
export type IdParams = v.InferOutput<typeof IdParams>;
