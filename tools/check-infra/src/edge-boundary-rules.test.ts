import { describe, expect, it } from "vitest";
import { EDGE_BOUNDARY_RULES } from "./edge-boundary-rules.ts";
import { testRuleSet, treeWith } from "./terraform-tree.fixture.ts";

describe("edge boundary rules (issue 9)", () => {
  const check = testRuleSet(EDGE_BOUNDARY_RULES);

  it("fails a Worker DATABASE_URL that logs in as the master user", async () => {
    const tree = await treeWith(
      "cloudflare.tf",
      "DATABASE_URL             = local.edge_database_url",
      "DATABASE_URL             = local.database_url",
    );
    expect(check("worker-database-role", tree)).toEqual([
      expect.stringMatching(/built from the database master credentials/),
      expect.stringMatching(/must log in as seeyoo_edge/),
    ]);
  });

  it("fails a Worker that would speak TLS to Aurora without the CA to verify it", async () => {
    const noCa = await treeWith(
      "cloudflare.tf",
      / {4}DATABASE_CA_CERTS {8}= var\.database_ca_certs_pem\n/,
      "",
    );
    expect(check("worker-database-role", noCa)).toEqual([
      "terraform/cloudflare.tf: the Worker needs DATABASE_CA_CERTS (var.database_ca_certs_pem)",
    ]);
    const unpinned = await treeWith(
      "rds.tf",
      / {2}ca_cert_identifier = var\.aurora_ca_cert_identifier\n/,
      "",
    );
    expect(check("worker-database-role", unpinned)).toEqual([
      expect.stringMatching(/aws_rds_cluster_instance\.main: set ca_cert_identifier/),
    ]);
  });

  it("fails state kept in an evicting database or not handed to the deployables", async () => {
    const eviction = await treeWith("redis.tf", "eviction     = false", "eviction     = true");
    expect(check("state-redis-apart", eviction)).toEqual([
      expect.stringMatching(/upstash_redis_database\.state must set eviction = false/),
    ]);
    const origin = await treeWith(
      "secrets.tf",
      / {4}UPSTASH_STATE_REST_URL {3}= local\.state_rest_url\n {4}UPSTASH_STATE_REST_TOKEN = local\.state_rest_token\n/,
      "",
    );
    expect(check("state-redis-apart", origin)).toEqual([
      "terraform/secrets.tf: the origin secret lacks UPSTASH_STATE_REST_URL",
      "terraform/secrets.tf: the origin secret lacks UPSTASH_STATE_REST_TOKEN",
    ]);
  });

  it("fails a parameter group without rds.force_ssl", async () => {
    const tree = await treeWith(
      "rds.tf",
      'name  = "rds.force_ssl"\n    value = "1"',
      'name  = "rds.force_ssl"\n    value = "0"',
    );
    expect(check("postgres-force-ssl", tree)).toEqual([expect.stringMatching(/must set rds\.force_ssl = 1/)]);
  });

  it("fails an ingress reachable around Cloudflare, or trusting X-Forwarded-For", async () => {
    const unproxied = await treeWith(
      "cloudflare.tf",
      / {2}content = module\.cluster_addons\.ingress_hostname\n {2}proxied = true/,
      "  content = module.cluster_addons.ingress_hostname\n  proxied = false",
    );
    expect(check("origin-only-through-cloudflare", unproxied)).toEqual([
      expect.stringMatching(/cloudflare_record\.ingress points at the ingress and must be proxied/),
    ]);
    const forwarded = await treeWith(
      "k8s/values/ingress-nginx.yaml",
      'use-forwarded-headers: "false"',
      'use-forwarded-headers: "true"',
    );
    expect(check("origin-only-through-cloudflare", forwarded)).toEqual([
      expect.stringMatching(/use-forwarded-headers must not be "true"/),
    ]);
    const noPulls = await treeWith(
      "cloudflare.tf",
      / {2}enabled {32}= true\n/,
      "  enabled                                = false\n",
    );
    expect(check("origin-only-through-cloudflare", noPulls)).toEqual([
      expect.stringMatching(/authenticated origin pulls must be enabled/),
    ]);
  });
});
