import { describe, expect, it } from "vitest";
import { MEDIAPACKAGE_RULES } from "./mediapackage-rules.ts";
import { testRuleSet, treeWith } from "./terraform-tree.fixture.ts";

describe("MediaPackage rules (issue 12)", () => {
  const check = testRuleSet(MEDIAPACKAGE_RULES);

  it("fails a MediaPackage behaviour that is unsigned or caches on more than start/end", async () => {
    const unsigned = await treeWith(
      "cloudfront.tf",
      /(target_origin_id {11}= "mediapackage"[\s\S]*?)\n {6}trusted_key_groups[^\n]*/,
      "$1",
    );
    expect(check("mediapackage-behaviour", unsigned)).toEqual([
      expect.stringMatching(/"\/out\/v1\/\*": MediaPackage content must require the playback signature/),
    ]);
    const allQueries = await treeWith(
      "mediapackage.tf",
      'items = ["start", "end"]',
      'items = ["start", "end", "Signature"]',
    );
    expect(check("mediapackage-behaviour", allQueries)).toEqual([
      expect.stringMatching(/must put exactly start and end in the cache key/),
    ]);
  });

  it("fails a MediaPackage behaviour whose viewer-request function does not refuse repeated windows", async () => {
    // The rule reads the code; what the function does with such a query its own test proves
    // (hls-viewer-request-function.test.ts).
    const withoutCheck = await treeWith(
      "cloudfront-functions/hls-viewer-request.js",
      /multiValue/g,
      "values",
    );
    expect(check("mediapackage-behaviour", withoutCheck)).toEqual([
      expect.stringMatching(
        /"\/out\/v1\/\*": its viewer-request function must refuse a query with more than one start/,
      ),
    ]);
  });

  it("fails endpoints readable by anyone, and windows beyond 14 days", async () => {
    const open = await treeWith("mediapackage.tf", / {6}Condition = \{\n[^\n]*\n {6}\}\n/, "");
    expect(check("mediapackage-endpoint-policy", open)).toEqual([
      expect.stringMatching(/admits only this CloudFront distribution/),
    ]);
    const window = await treeWith(
      "variables.tf",
      "startover_window_hours <= 336",
      "startover_window_hours <= 1000",
    );
    expect(check("mediapackage-endpoint-policy", window)).toEqual([expect.stringMatching(/<= 336/)]);
  });
});
