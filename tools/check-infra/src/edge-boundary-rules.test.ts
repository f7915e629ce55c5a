import { describe, expect } from "vitest";
import { EDGE_BOUNDARY_RULES } from "./edge-boundary-rules.ts";
import { testRuleSet } from "./terraform-tree.fixture.ts";

describe("edge boundary rules (issue 9)", () => {
  testRuleSet(EDGE_BOUNDARY_RULES, [
    {
      rule: "worker-database-role",
      fails: "a Worker DATABASE_URL that logs in as the master user",
      file: "cloudflare.tf",
      from: "DATABASE_URL             = local.edge_database_url",
      to: "DATABASE_URL             = local.database_url",
      problems: [
        expect.stringMatching(/built from the database master credentials/),
        expect.stringMatching(/must log in as seeyoo_edge/),
      ],
    },
    {
      rule: "worker-database-role",
      fails: "a Worker that would speak TLS to Aurora without the CA to verify it",
      file: "cloudflare.tf",
      from: / {4}DATABASE_CA_CERTS {8}= var\.database_ca_certs_pem\n/,
      to: "",
      problems: ["terraform/cloudflare.tf: the Worker needs DATABASE_CA_CERTS (var.database_ca_certs_pem)"],
    },
    {
      rule: "worker-database-role",
      fails: "an Aurora instance not pinned to the CA the Worker verifies",
      file: "rds.tf",
      from: / {2}ca_cert_identifier = var\.aurora_ca_cert_identifier\n/,
      to: "",
      problems: [expect.stringMatching(/aws_rds_cluster_instance\.main: set ca_cert_identifier/)],
    },
    {
      rule: "state-redis-apart",
      fails: "state kept in an evicting database",
      file: "redis.tf",
      from: "eviction     = false",
      to: "eviction     = true",
      problems: [expect.stringMatching(/upstash_redis_database\.state must set eviction = false/)],
    },
    {
      rule: "state-redis-apart",
      fails: "state not handed to the origin",
      file: "secrets.tf",
      from: / {4}UPSTASH_STATE_REST_URL {3}= local\.state_rest_url\n {4}UPSTASH_STATE_REST_TOKEN = local\.state_rest_token\n/,
      to: "",
      problems: [
        "terraform/secrets.tf: the origin secret lacks UPSTASH_STATE_REST_URL",
        "terraform/secrets.tf: the origin secret lacks UPSTASH_STATE_REST_TOKEN",
      ],
    },
    {
      rule: "postgres-force-ssl",
      fails: "a parameter group without rds.force_ssl",
      file: "rds.tf",
      from: 'name  = "rds.force_ssl"\n    value = "1"',
      to: 'name  = "rds.force_ssl"\n    value = "0"',
      problems: [expect.stringMatching(/must set rds\.force_ssl = 1/)],
    },
    {
      rule: "origin-only-through-cloudflare",
      fails: "an ingress record reachable around Cloudflare (not proxied)",
      file: "cloudflare.tf",
      from: / {2}content = module\.cluster_addons\.ingress_hostname\n {2}proxied = true/,
      to: "  content = module.cluster_addons.ingress_hostname\n  proxied = false",
      problems: [
        expect.stringMatching(/cloudflare_record\.ingress points at the ingress and must be proxied/),
      ],
    },
    {
      rule: "origin-only-through-cloudflare",
      fails: "an ingress trusting X-Forwarded-For",
      file: "k8s/values/ingress-nginx.yaml",
      from: 'use-forwarded-headers: "false"',
      to: 'use-forwarded-headers: "true"',
      problems: [expect.stringMatching(/use-forwarded-headers must not be "true"/)],
    },
    {
      rule: "origin-only-through-cloudflare",
      fails: "authenticated origin pulls turned off",
      file: "cloudflare.tf",
      from: / {2}enabled {32}= true\n/,
      to: "  enabled                                = false\n",
      problems: [expect.stringMatching(/authenticated origin pulls must be enabled/)],
    },
  ]);
});
