/**
 * CloudFront's access check for a signed request, as the edge signs them (and as AWS's signer
 * does): RSA-SHA1 (or RSA-SHA256 with `Hash-Algorithm=SHA256`) over the policy bytes, verified with the trusted public key; the key pair id
 * must be the trusted one; then the policy's single statement must grant this URL now —
 * `DateLessThan` not reached, `DateGreaterThan` (if any) reached, the client inside
 * `IpAddress.AWS:SourceIp` (if any), and `Resource` matching the full URL with `*`/`?` wildcards.
 * A canned policy (`Expires` instead of `Policy`) is rebuilt for the requested URL and verified.
 */

import { createPublicKey, type KeyObject, verify } from "node:crypto";
import { BlockList, isIP } from "node:net";
import { resourceMatches } from "./resource-pattern.ts";
import type { SigningCredentials } from "./signed-request.ts";

export type AccessDecision = { allowed: true } | { allowed: false; reason: string };

export interface TrustedSigner {
  keyPairId: string;
  publicKey: KeyObject;
}

export function trustedSigner(keyPairId: string, publicKeyPem: string): TrustedSigner {
  return { keyPairId, publicKey: createPublicKey(publicKeyPem) };
}

interface PolicyStatement {
  Resource?: unknown;
  Condition?: {
    DateLessThan?: { "AWS:EpochTime"?: unknown };
    DateGreaterThan?: { "AWS:EpochTime"?: unknown };
    IpAddress?: { "AWS:SourceIp"?: unknown };
  };
}

const deny = (reason: string): AccessDecision => ({ allowed: false, reason });

export function fromCloudFrontBase64(value: string): Buffer {
  return Buffer.from(value.replace(/-/g, "+").replace(/_/g, "=").replace(/~/g, "/"), "base64");
}

function epoch(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function sourceIpAllows(cidr: unknown, clientIp: string): boolean | null {
  if (typeof cidr !== "string") return null;
  const [address = "", prefixText] = cidr.split("/");
  const family = isIP(address);
  if (family === 0) return null;
  const type = family === 4 ? "ipv4" : "ipv6";
  const prefix = prefixText === undefined ? (family === 4 ? 32 : 128) : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) return null;
  const list = new BlockList();
  list.addSubnet(address, prefix, type);
  const client = clientIp.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
  const clientFamily = isIP(client);
  return clientFamily !== 0 && list.check(client, clientFamily === 4 ? "ipv4" : "ipv6");
}

function cannedPolicy(url: string, expires: number): string {
  return JSON.stringify({
    Statement: [{ Resource: url, Condition: { DateLessThan: { "AWS:EpochTime": expires } } }],
  });
}

export function checkAccess(
  credentials: SigningCredentials | null,
  request: { url: string; clientIp: string; nowMs: number },
  signer: TrustedSigner,
): AccessDecision {
  if (credentials === null) return deny("Missing Key-Pair-Id query parameter or cookie value");
  const where = credentials.from === "query" ? "query parameter" : "cookie";
  if (!credentials.keyPairId) return deny(`Missing Key-Pair-Id ${where}`);
  if (credentials.keyPairId !== signer.keyPairId) return deny(`Unknown key pair id ${credentials.keyPairId}`);
  if (!credentials.signature) return deny(`Missing Signature ${where}`);

  let policyBytes: Buffer;
  if (credentials.policy) {
    policyBytes = fromCloudFrontBase64(credentials.policy);
  } else if (credentials.expires && /^\d+$/.test(credentials.expires)) {
    policyBytes = Buffer.from(cannedPolicy(request.url, Number(credentials.expires)));
  } else {
    return deny(`Missing Policy or Expires ${where}`);
  }
  const algorithm = credentials.hashAlgorithm ?? "SHA1";
  if (algorithm !== "SHA1" && algorithm !== "SHA256") return deny(`Unsupported Hash-Algorithm ${algorithm}`);
  const signature = fromCloudFrontBase64(credentials.signature);
  if (!verify(`RSA-${algorithm}`, policyBytes, signer.publicKey, signature)) return deny("Invalid signature");

  let statement: PolicyStatement;
  try {
    const parsed = JSON.parse(policyBytes.toString("utf8")) as { Statement?: unknown };
    if (!Array.isArray(parsed.Statement) || parsed.Statement.length !== 1) throw new Error("one statement");
    statement = parsed.Statement[0] as PolicyStatement;
  } catch {
    return deny("Malformed policy: expected one Statement");
  }
  const condition = statement.Condition ?? {};
  const notAfter = epoch(condition.DateLessThan?.["AWS:EpochTime"]);
  if (notAfter === null) return deny("Malformed policy: DateLessThan AWS:EpochTime is required");
  if (request.nowMs >= notAfter * 1000)
    return deny(`Policy expired at ${new Date(notAfter * 1000).toISOString()}`);
  if (condition.DateGreaterThan !== undefined) {
    const notBefore = epoch(condition.DateGreaterThan["AWS:EpochTime"]);
    if (notBefore === null) return deny("Malformed policy: DateGreaterThan AWS:EpochTime is not a number");
    if (request.nowMs < notBefore * 1000) {
      return deny(`Policy not valid before ${new Date(notBefore * 1000).toISOString()}`);
    }
  }
  if (condition.IpAddress !== undefined) {
    const allowed = sourceIpAllows(condition.IpAddress["AWS:SourceIp"], request.clientIp);
    if (allowed === null) return deny("Malformed policy: IpAddress AWS:SourceIp is not a CIDR");
    if (!allowed) return deny(`Client address ${request.clientIp} is outside the policy's IpAddress`);
  }
  // Without Resource a signed URL's policy covers any URL; signed cookies must name one.
  if (statement.Resource === undefined && credentials.from === "query") return { allowed: true };
  if (typeof statement.Resource !== "string") return deny("Malformed policy: Resource is required");
  if (!resourceMatches(statement.Resource, request.url)) {
    return deny(`The policy's Resource ${statement.Resource} does not cover ${request.url}`);
  }
  return { allowed: true };
}
