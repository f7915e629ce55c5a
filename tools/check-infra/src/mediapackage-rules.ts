// Issue 12 (production): MediaPackage v2 behind CloudFront. Time-shifted manifests must be signed
// like everything else, cached per start/end window (and by nothing else), carry the player's
// CORS, and be readable by this distribution only.

import { ruleSet } from "./rule-set.ts";
import { type Block, blocks, blocksOf, namedBlock, type TerraformTree, textOf } from "./terraform-tree.ts";

export const MEDIAPACKAGE_RULES = ruleSet({
  "mediapackage-behaviour": behaviourForMediaPackage,
  "mediapackage-endpoint-policy": endpointsReadableByCloudFrontOnly,
});

function mediaPackageBehaviours(distribution: Block): Block[] {
  return blocks(distribution.dynamic)
    .flatMap((d) => blocks(d.ordered_cache_behavior))
    .flatMap((d) => blocks(d.content))
    .concat(blocks(distribution.ordered_cache_behavior))
    .filter((b) => b.target_origin_id === "mediapackage");
}

/** Whether the behaviour's viewer-request function refuses repeated or unknown query parameters. */
function refusesRepeatedWindow(tree: TerraformTree, behaviour: Block): boolean {
  const association = blocks(behaviour.function_association).find((a) => a.event_type === "viewer-request");
  const fn = blocksOf(tree, "", "resource", "aws_cloudfront_function").find((f) =>
    textOf(association?.function_arn).includes(`.${f.name}.`),
  );
  const file = /cloudfront-functions\/[\w.-]+\.js/.exec(fn ? textOf(fn.body.code) : "")?.[0];
  const code = file ? (tree.texts.get(file) ?? "") : "";
  return /multiValue/.test(code) && /"start",\s*"end"/.test(code) && /statusCode:\s*400/.test(code);
}

function behaviourForMediaPackage(tree: TerraformTree): string[] {
  if (blocksOf(tree, "", "resource", "awscc_mediapackagev2_origin_endpoint").length === 0) return [];
  const problems: string[] = [];
  const policies = blocksOf(tree, "", "resource", "aws_cloudfront_cache_policy");
  for (const distribution of blocksOf(tree, "", "resource", "aws_cloudfront_distribution")) {
    const behaviours = mediaPackageBehaviours(distribution.body);
    if (behaviours.length === 0)
      problems.push(
        `aws_cloudfront_distribution.${distribution.name}: no cache behaviour targets the MediaPackage origin`,
      );
    for (const behaviour of behaviours) {
      const label = `aws_cloudfront_distribution.${distribution.name} behaviour "${String(behaviour.path_pattern)}"`;
      if (!textOf(behaviour.trusted_key_groups).includes("aws_cloudfront_key_group"))
        problems.push(
          `${label}: MediaPackage content must require the playback signature (trusted_key_groups)`,
        );
      if (!textOf(behaviour.response_headers_policy_id).includes("aws_cloudfront_response_headers_policy"))
        problems.push(`${label}: needs the player's CORS response-headers policy`);
      if (!refusesRepeatedWindow(tree, behaviour))
        problems.push(
          `${label}: its viewer-request function must refuse a query with more than one start/end or other parameters (a repeated start would widen a signed window)`,
        );
      const policy = policies.find((p) => textOf(behaviour.cache_policy_id).includes(`.${p.name}`));
      const query = blocks(
        blocks(
          blocks(policy?.body.parameters_in_cache_key_and_forwarded_to_origin)[0]?.query_strings_config,
        )[0],
      )[0];
      const items = blocks(query?.query_strings)[0]?.items;
      const sorted = Array.isArray(items) ? [...items].map(String).sort() : [];
      if (query?.query_string_behavior !== "whitelist" || sorted.join(",") !== "end,start")
        problems.push(
          `${label}: its cache policy must put exactly start and end in the cache key (query_string_behavior whitelist)`,
        );
    }
  }
  return problems;
}

function endpointsReadableByCloudFrontOnly(tree: TerraformTree): string[] {
  const endpoints = blocksOf(tree, "", "resource", "awscc_mediapackagev2_origin_endpoint");
  if (endpoints.length === 0) return [];
  const problems: string[] = [];
  const policies = blocksOf(tree, "", "resource", "awscc_mediapackagev2_origin_endpoint_policy");
  if (!policies.some((p) => /AWS:SourceArn[\s\S]*aws_cloudfront_distribution/.test(textOf(p.body.policy))))
    problems.push(
      "terraform/mediapackage.tf: every origin endpoint needs a policy that admits only this CloudFront distribution (AWS:SourceArn)",
    );
  for (const endpoint of endpoints) {
    if (!textOf(endpoint.body.startover_window_seconds).includes("startover_window_hours"))
      problems.push(
        `awscc_mediapackagev2_origin_endpoint.${endpoint.name}: startover_window_seconds must come from the channel's startover_window_hours`,
      );
  }
  const variable = namedBlock(tree, "", "variable", "mediapackage_channels");
  const conditions = blocks(variable?.body.validation).map((v) => textOf(v.condition));
  if (!conditions.some((c) => /startover_window_hours <= 336\b/.test(c)))
    problems.push(
      "terraform/variables.tf: mediapackage_channels must validate startover_window_hours <= 336 (14 days)",
    );
  return problems;
}
