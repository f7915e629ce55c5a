import { describe, expect } from "vitest";
import { MEDIAPACKAGE_RULES } from "./mediapackage-rules.ts";
import { testRuleSet } from "./terraform-tree.fixture.ts";

describe("MediaPackage rules (issue 12)", () => {
  testRuleSet(MEDIAPACKAGE_RULES, [
    {
      rule: "mediapackage-behaviour",
      fails: "an unsigned MediaPackage behaviour",
      file: "cloudfront.tf",
      from: /(target_origin_id {11}= "mediapackage"[\s\S]*?)\n {6}trusted_key_groups[^\n]*/,
      to: "$1",
      problems: [
        expect.stringMatching(/"\/out\/v1\/\*": MediaPackage content must require the playback signature/),
      ],
    },
    {
      rule: "mediapackage-behaviour",
      fails: "a MediaPackage behaviour that caches on more than start/end",
      file: "mediapackage.tf",
      from: 'items = ["start", "end"]',
      to: 'items = ["start", "end", "Signature"]',
      problems: [expect.stringMatching(/must put exactly start and end in the cache key/)],
    },
    {
      rule: "mediapackage-behaviour",
      fails: "a MediaPackage behaviour whose viewer-request function does not refuse repeated windows",
      // The rule reads the code; what the function does with such a query its own test proves
      // (hls-viewer-request-function.test.ts).
      file: "cloudfront-functions/hls-viewer-request.js",
      from: /multiValue/g,
      to: "values",
      problems: [
        expect.stringMatching(
          /"\/out\/v1\/\*": its viewer-request function must refuse a query with more than one start/,
        ),
      ],
    },
    {
      rule: "mediapackage-endpoint-policy",
      fails: "endpoints readable by anyone",
      file: "mediapackage.tf",
      from: / {6}Condition = \{\n[^\n]*\n {6}\}\n/,
      to: "",
      problems: [expect.stringMatching(/admits only this CloudFront distribution/)],
    },
    {
      rule: "mediapackage-endpoint-policy",
      fails: "windows beyond 14 days",
      file: "variables.tf",
      from: "startover_window_hours <= 336",
      to: "startover_window_hours <= 1000",
      problems: [expect.stringMatching(/<= 336/)],
    },
  ]);
});
