import { bodyLimit } from "hono/body-limit";
import { ApiError } from "./api-error.ts";

/** Rejects bodies over `maxBytes` with 413 — by Content-Length up front, or while streaming. */
export const limitBody = (maxBytes: number) =>
  bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ApiError(413, "payloadTooLarge", "Request body too large", {
        detail: `The limit is ${maxBytes} bytes`,
      });
    },
  });
