import { describe, expect, it } from "vitest";
import { JsonMemberScanner, JsonSyntaxError, type JsonValuePiece } from "./json-member-scanner.ts";

const DOC = `{
  "channels": [ {"id": "a\\"}]"}, {"id":"b"} ],
  "programmes":[{"t":"x, ] }","n":[1,{"k":[2]}]} ,7, "s" ,true,null,-1.5e3],
  "empty": [],
  "scalar": {"x": 1}
}`;

function scan(chunks: string[]): JsonValuePiece[] {
  const pieces: JsonValuePiece[] = [];
  const scanner = new JsonMemberScanner((p) => pieces.push(p));
  for (const chunk of chunks) scanner.feed(chunk);
  scanner.end();
  return pieces;
}

describe("JsonMemberScanner", () => {
  it("hands out each array element and non-array member as its own JSON text, wherever chunks split", () => {
    const whole = scan([DOC]);
    expect(whole.map((p) => [p.key, p.index, JSON.parse(p.text)])).toEqual([
      ["channels", 0, { id: 'a"}]' }],
      ["channels", 1, { id: "b" }],
      ["programmes", 0, { t: "x, ] }", n: [1, { k: [2] }] }],
      ["programmes", 1, 7],
      ["programmes", 2, "s"],
      ["programmes", 3, true],
      ["programmes", 4, null],
      ["programmes", 5, -1500],
      ["scalar", null, { x: 1 }],
    ]);
    expect(whole[2]).toMatchObject({ line: 3, column: 17 });
    for (let size = 1; size <= 7; size++) {
      const chunks = DOC.match(new RegExp(`[\\s\\S]{1,${size}}`, "g")) as string[];
      expect(scan(chunks)).toEqual(whole);
    }
  });

  it("locates structural errors by line and column", () => {
    const fail = (doc: string) => {
      try {
        scan([doc]);
      } catch (error) {
        expect(error).toBeInstanceOf(JsonSyntaxError);
        const e = error as JsonSyntaxError;
        return [e.line, e.column];
      }
      throw new Error("no error");
    };
    expect(fail("[1]")).toEqual([1, 1]);
    expect(fail('{"a": [1,]}')).toEqual([1, 10]);
    expect(fail('{"a": [1]\n "b": 2}')).toEqual([2, 2]);
    expect(fail('{"a": 1} x')).toEqual([1, 10]);
    expect(fail('{"a": [')).toEqual([1, 7]);
  });
});
