import { ProblemError } from "@seeyoo/schema/wire";
import { bodyLimit } from "hono/body-limit";

/** Rejects bodies over `maxBytes` with 413 — by Content-Length up front, or while reading. */
export const limitBody = (maxBytes: number) =>
  bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ProblemError(413, "payloadTooLarge", "Request body too large", {
        detail: `The limit is ${maxBytes} bytes`,
      });
    },
  });
