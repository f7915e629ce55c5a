/**
 * Decodes the five predefined XML entities and numeric character references.
 * Returns the decoded string, or the index of the offending `&` when a reference is malformed —
 * the caller turns that index into a located syntax error.
 */
export function decodeEntities(raw: string): string | number {
  let amp = raw.indexOf("&");
  if (amp === -1) return raw;
  let out = "";
  let last = 0;
  while (amp !== -1) {
    const semi = raw.indexOf(";", amp + 1);
    // The longest legal reference is `&#x10FFFF;`.
    if (semi === -1 || semi - amp > 9) return amp;
    const char = referencedChar(raw.slice(amp + 1, semi));
    if (char === null) return amp;
    out += raw.slice(last, amp) + char;
    last = semi + 1;
    amp = raw.indexOf("&", last);
  }
  return out + raw.slice(last);
}

function referencedChar(name: string): string | null {
  switch (name) {
    case "amp":
      return "&";
    case "lt":
      return "<";
    case "gt":
      return ">";
    case "quot":
      return '"';
    case "apos":
      return "'";
  }
  if (name.charCodeAt(0) !== 35 /* # */) return null;
  const hex = name.charCodeAt(1) === 120; /* x */
  const digits = name.slice(hex ? 2 : 1);
  if (!(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) return null;
  const code = Number.parseInt(digits, hex ? 16 : 10);
  const legal =
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff);
  return legal ? String.fromCodePoint(code) : null;
}
