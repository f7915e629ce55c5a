/**
 * Text that people and partners send us: no NUL (Postgres `text` cannot hold it, so it became a
 * 500) and no lone UTF-16 surrogate (it has no UTF-8 form, so saving it failed later, e.g. when an
 * ingest report was written). Every free-text input field goes through here.
 */
import * as v from "valibot";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isStorableText = (text: string): boolean =>
  !text.includes("\u0000") && !LONE_SURROGATE.test(text);

/** A string of at most `max` characters that can be stored as it is. */
export const SafeText = (max: number) =>
  v.pipe(
    v.string("must be a string"),
    v.maxLength(max, `must be at most ${max} characters`),
    v.check(isStorableText, "must not contain NUL characters or unpaired surrogates"),
  );

/** `SafeText`, trimmed and not empty. */
export const SafeName = (max: number) => v.pipe(SafeText(max), v.trim(), v.minLength(1, "must not be empty"));
