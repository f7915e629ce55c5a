// Issue 9 (infrastructure side): the origin is reached only through Cloudflare, the Worker talks
// to Postgres as a least-privilege role over TLS, and stream sessions / rate-limit counters live
// in a Redis that never evicts. Terraform-side rules; the rendered-overlay side is in
// overlay-boundary-rules.ts.

import { parse as parseYaml } from "yaml";
import { ruleSet } from "./rule-set.ts";
import { blocks, blocksOf, localValue, type TerraformTree, textOf, where } from "./terraform-tree.ts";

export const ORIGIN_PULL_CA_SECRET = "cloudflare-origin-pull-ca";
export const EDGE_DB_ROLE = "seeyoo_edge";

export const EDGE_BOUNDARY_RULES = ruleSet({
  "worker-database-role": workerDatabaseRole,
  "state-redis-apart": stateRedisApart,
  "postgres-force-ssl": forceSsl,
  "origin-only-through-cloudflare": originOnlyThroughCloudflare,
});

/** A local's expression with `local.x` references expanded one level (enough for secrets.tf). */
function expandedLocal(tree: TerraformTree, name: string): string {
  const own = textOf(localValue(tree, "", name));
  return own.replace(/local\.([\w-]+)/g, (_, ref: string) => textOf(localValue(tree, "", ref)));
}

function workerSecretExpression(tree: TerraformTree, key: string): string {
  const secrets = localValue(tree, "", "worker_secrets") as Record<string, unknown> | undefined;
  return textOf(secrets?.[key]);
}

// The Worker's DATABASE_URL must log in as seeyoo_edge, never as the Aurora master user.
function workerDatabaseRole(tree: TerraformTree): string[] {
  const expression = workerSecretExpression(tree, "DATABASE_URL");
  const local = /^\$\{local\.([\w-]+)\}$/.exec(expression)?.[1];
  const resolved = local ? expandedLocal(tree, local) : expression;
  const problems: string[] = [];
  if (resolved.includes("db_credentials"))
    problems.push(
      "terraform/cloudflare.tf: the Worker's DATABASE_URL is built from the database master credentials; use the seeyoo_edge role",
    );
  if (!resolved.includes(EDGE_DB_ROLE))
    problems.push(`terraform/cloudflare.tf: the Worker's DATABASE_URL must log in as ${EDGE_DB_ROLE}`);
  if (!/sslmode/.test(resolved))
    problems.push("terraform/cloudflare.tf: the Worker's DATABASE_URL must set sslmode (require on Aurora)");
  // sslmode=require makes the Worker verify Aurora's certificate: it needs the CA, and Aurora must
  // be pinned to the CA that PEM belongs to.
  if (!workerSecretExpression(tree, "DATABASE_CA_CERTS").includes("database_ca_certs_pem"))
    problems.push("terraform/cloudflare.tf: the Worker needs DATABASE_CA_CERTS (var.database_ca_certs_pem)");
  const instances = blocksOf(tree, "", "resource", "aws_rds_cluster_instance");
  for (const instance of instances)
    if (!textOf(instance.body.ca_cert_identifier).includes("aurora_ca_cert_identifier"))
      problems.push(
        `aws_rds_cluster_instance.${instance.name}: set ca_cert_identifier = var.aurora_ca_cert_identifier (the CA the Worker verifies)`,
      );
  return problems;
}

function originSecretKeys(tree: TerraformTree): string {
  const version = blocksOf(tree, "", "resource", "aws_secretsmanager_secret_version").find(
    (v) => v.name === "origin",
  );
  return textOf(version?.body.secret_string);
}

// Sessions and rate-limit counters in their own database that never evicts; both deployables
// get its URL and token; the origin gets the edge role's password for its migrate step.
function stateRedisApart(tree: TerraformTree): string[] {
  const problems: string[] = [];
  const databases = blocksOf(tree, "", "resource", "upstash_redis_database");
  const state = databases.find((d) => d.name === "state");
  if (!state)
    problems.push('terraform/redis.tf: no upstash_redis_database "state" (stream sessions, rate limits)');
  else if (state.body.eviction !== false)
    problems.push(`${where(state.doc, '"state"')}: upstash_redis_database.state must set eviction = false`);
  if (!databases.some((d) => d.name !== "state"))
    problems.push("terraform/redis.tf: the cache database must stay separate from the state database");
  const origin = originSecretKeys(tree);
  for (const key of ["UPSTASH_STATE_REST_URL", "UPSTASH_STATE_REST_TOKEN", "EDGE_DB_PASSWORD"]) {
    if (!origin.includes(key)) problems.push(`terraform/secrets.tf: the origin secret lacks ${key}`);
  }
  for (const key of ["UPSTASH_STATE_REST_URL", "UPSTASH_STATE_REST_TOKEN"]) {
    if (!workerSecretExpression(tree, key))
      problems.push(`terraform/cloudflare.tf: the Worker lacks the secret ${key}`);
  }
  return problems;
}

function forceSsl(tree: TerraformTree): string[] {
  const groups = blocksOf(tree, "", "resource", "aws_rds_cluster_parameter_group");
  const problems: string[] = [];
  for (const group of groups) {
    const on = blocks(group.body.parameter).some(
      (p) => p.name === "rds.force_ssl" && String(p.value) === "1",
    );
    if (!on)
      problems.push(
        `${where(group.doc, `"${group.name}"`)}: aws_rds_cluster_parameter_group.${group.name} must set rds.force_ssl = 1 (TLS inside the wsproxy tunnel)`,
      );
  }
  return problems;
}

// Only Cloudflare reaches the ingress: proxied records, zone-level authenticated origin pulls with
// our own certificate, and the CA the Ingresses verify against.
function originOnlyThroughCloudflare(tree: TerraformTree): string[] {
  const problems: string[] = [];
  for (const record of blocksOf(tree, "", "resource", "cloudflare_record")) {
    if (!textOf(record.body.content).includes("ingress_hostname")) continue;
    if (record.body.proxied !== true)
      problems.push(
        `${where(record.doc, `"${record.name}"`)}: cloudflare_record.${record.name} points at the ingress and must be proxied (only Cloudflare may reach the origin)`,
      );
  }
  const pulls = blocksOf(tree, "", "resource", "cloudflare_authenticated_origin_pulls");
  if (!pulls.some((p) => p.body.enabled === true && p.body.authenticated_origin_pulls_certificate))
    problems.push(
      "terraform/cloudflare.tf: authenticated origin pulls must be enabled with this zone's own certificate (cloudflare_authenticated_origin_pulls)",
    );
  const secrets = blocksOf(tree, "k8s", "resource", "kubernetes_secret_v1");
  if (!secrets.some((s) => blocks(s.body.metadata)[0]?.name === ORIGIN_PULL_CA_SECRET))
    problems.push(`terraform/k8s: no Secret ${ORIGIN_PULL_CA_SECRET} for the Ingresses' auth-tls-secret`);
  const values = parseYaml(tree.texts.get("k8s/values/ingress-nginx.yaml") ?? "") as {
    controller?: { config?: Record<string, unknown> };
  } | null;
  if (String(values?.controller?.config?.["use-forwarded-headers"]) === "true")
    problems.push(
      'terraform/k8s/values/ingress-nginx.yaml: use-forwarded-headers must not be "true" (the trusted client address is CF-Connecting-IP)',
    );
  return problems;
}
