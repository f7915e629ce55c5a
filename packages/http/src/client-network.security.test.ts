import { describe, expect, it } from "vitest";
import { clientNetwork, UNKNOWN_NETWORK } from "./client-network.ts";

describe("clientNetwork: what the rate limits count as one client", () => {
  it("counts an IPv6 client by its /64, however the address is written", () => {
    const same = [
      "2001:db8:1:2::1",
      "2001:0db8:0001:0002:ffff:ffff:ffff:ffff",
      "2001:DB8:1:2:a:b:c:d",
      "[2001:db8:1:2::99]",
      "2001:db8:1:2::1%eth0",
      "2001:db8:1:2:0:0:192.0.2.1",
    ];
    expect(new Set(same.map(clientNetwork))).toEqual(new Set(["2001:db8:1:2::/64"]));
  });

  it("keeps neighbouring /64s apart", () => {
    expect(clientNetwork("2001:db8:1:3::1")).toBe("2001:db8:1:3::/64");
    expect(clientNetwork("2001:db8:1:2::1")).not.toBe(clientNetwork("2001:db8:1:3::1"));
  });

  it("counts an IPv4 address on its own, also when it comes IPv4-mapped", () => {
    expect(clientNetwork("203.0.113.7")).toBe("203.0.113.7");
    expect(clientNetwork("203.000.113.007")).toBe("203.0.113.7");
    expect(clientNetwork("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(clientNetwork("::ffff:cb00:7107")).toBe("203.0.113.7");
    expect(clientNetwork("203.0.113.8")).not.toBe(clientNetwork("203.0.113.7"));
  });

  it("puts every missing or malformed address into one shared bucket, never a fresh one per spelling", () => {
    for (const garbage of [
      undefined,
      null,
      "",
      "unknown",
      "203.0.113.256",
      "203.0.113",
      "198.51.100.7-a1b2c3",
      "2001:db8::1::2",
      "2001:db8:1:2:3:4:5:6:7",
      "2001:db8:1:2:3:4:5:6::",
      "g001:db8::1",
      ":::",
      "1".repeat(1000),
      "203.0.113.7, 198.51.100.1",
    ]) {
      expect(clientNetwork(garbage), String(garbage)).toBe(UNKNOWN_NETWORK);
    }
  });
});
