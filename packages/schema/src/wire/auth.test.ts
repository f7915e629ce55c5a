import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { Password, RegisterRequest } from "./auth.ts";
import { issuesToFields } from "./problem.ts";

describe("Password", () => {
  it("accepts 72 bytes of UTF-8 and rejects 73, counting bytes not characters", () => {
    expect(v.safeParse(Password, "a".repeat(72)).success).toBe(true);
    expect(v.safeParse(Password, "a".repeat(73)).success).toBe(false);
    // "é" is two bytes in UTF-8: 37 of them are 74 bytes though only 37 characters.
    expect(v.safeParse(Password, "é".repeat(36)).success).toBe(true);
    expect(v.safeParse(Password, "é".repeat(37)).success).toBe(false);
  });

  it("rejects passwords under 8 characters", () => {
    expect(v.safeParse(Password, "1234567").success).toBe(false);
  });
});

describe("RegisterRequest", () => {
  it("names every failing field", () => {
    const result = v.safeParse(RegisterRequest, { email: "nope", password: 5, name: "" });
    expect(result.success).toBe(false);
    const fields = issuesToFields(result.issues ?? []).map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(["email", "password", "name"]));
  });

  it("rejects unknown fields so typos do not pass silently", () => {
    const result = v.safeParse(RegisterRequest, {
      email: "a@b.test",
      password: "long-enough",
      name: "A",
      role: "admin",
    });
    expect(result.success).toBe(false);
  });
});
