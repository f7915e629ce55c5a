/**
 * The network a client address stands for, as the rate limits count clients: an IPv4 address on
 * its own; an IPv6 address by its /64 — one subscriber's LAN, in which a single host may pick any
 * of 2^64 addresses, so counting per address would give an attacker endless fresh counters; an
 * IPv4-mapped IPv6 address (`::ffff:192.0.2.1`) as the IPv4 address it maps. A missing or
 * malformed address is `unknown`: one shared counter, never a fresh one per spelling.
 */

export const UNKNOWN_NETWORK = "unknown";

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEXTET = /^[0-9a-f]{1,4}$/i;

function ipv4Octets(text: string): number[] | null {
  const m = IPV4.exec(text);
  if (!m) return null;
  const octets = m.slice(1).map(Number);
  return octets.every((o) => o <= 255) ? octets : null;
}

/** The eight 16-bit groups of an IPv6 address (`::` and a trailing dotted IPv4 allowed), or null. */
function ipv6Groups(text: string): number[] | null {
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const parse = (part: string): number[] | null => {
    if (part === "") return [];
    const groups: number[] = [];
    const pieces = part.split(":");
    for (const [i, piece] of pieces.entries()) {
      if (i === pieces.length - 1 && piece.includes(".")) {
        const octets = ipv4Octets(piece);
        if (!octets) return null;
        groups.push(((octets[0] ?? 0) << 8) | (octets[1] ?? 0), ((octets[2] ?? 0) << 8) | (octets[3] ?? 0));
      } else if (HEXTET.test(piece)) {
        groups.push(Number.parseInt(piece, 16));
      } else {
        return null;
      }
    }
    return groups;
  };
  const head = parse(halves[0] ?? "");
  const tail = halves.length === 2 ? parse(halves[1] ?? "") : [];
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const missing = 8 - head.length - tail.length;
  return missing >= 1 ? [...head, ...new Array<number>(missing).fill(0), ...tail] : null;
}

/** `203.0.113.7` → `203.0.113.7`; `2001:db8:0:1::5` → `2001:db8:0:1::/64`; garbage → `unknown`. */
export function clientNetwork(address: string | null | undefined): string {
  const text = address?.trim() ?? "";
  const octets = ipv4Octets(text);
  if (octets) return octets.join(".");
  // `[2001:db8::1]` (URL form) and `fe80::1%eth0` (a zone) name the same address.
  const bare = text.replace(/^\[(.*)\]$/, "$1").replace(/%[^%]*$/, "");
  const groups = bare.length <= 45 ? ipv6Groups(bare) : null;
  if (!groups) return UNKNOWN_NETWORK;
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, h = 0] = groups;
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0 && f === 0xffff) {
    return [g >> 8, g & 0xff, h >> 8, h & 0xff].join(".");
  }
  return `${[a, b, c, d].map((x) => x.toString(16)).join(":")}::/64`;
}
