// Heuristics for credentials pasted into files that are committed. They look for shapes that are
// never legitimate in this repository: key blocks, AWS access key ids, and secret-named settings
// given a literal value (a reference such as var.x or ${...} is fine).

const PRIVATE_KEY_BLOCK = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
const AWS_ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/;
const SECRET_NAME =
  "[A-Za-z0-9_-]*(?:password|passwd|secret|token|api_key|apikey|private_key|secret_key|access_key)";
// `name = "literal"` (HCL) or `name: literal` (YAML); the value must not be empty or a reference.
const SECRET_ASSIGNMENT = new RegExp(
  `^\\s*"?(${SECRET_NAME})"?\\s*(?:=|:)\\s*"?([^"\\s$#{}][^"]*?)"?\\s*(?:#.*)?$`,
  "i",
);

/** Names of settings that hold secrets, e.g. `db_password`, `api_token`. */
export function isSecretName(name: string): boolean {
  return new RegExp(`^${SECRET_NAME}$`, "i").test(name);
}

export type SecretFinding = { file: string; line: number; reason: string };

export function scanForSecrets(file: string, text: string): SecretFinding[] {
  const findings: SecretFinding[] = [];
  text.split("\n").forEach((raw, index) => {
    const line = index + 1;
    if (PRIVATE_KEY_BLOCK.test(raw)) findings.push({ file, line, reason: "private key block" });
    if (AWS_ACCESS_KEY_ID.test(raw)) findings.push({ file, line, reason: "AWS access key id" });
    const assignment = SECRET_ASSIGNMENT.exec(raw);
    // `existingSecret: name` and the like point at a secret by name.
    const pointsAtSecret = /^existing/i.test(assignment?.[1] ?? "");
    if (assignment && !pointsAtSecret && !isReferenceValue(assignment[2] ?? "")) {
      findings.push({ file, line, reason: `literal value for secret-like setting "${assignment[1]}"` });
    }
  });
  return findings;
}

// Values that name a secret rather than contain one.
function isReferenceValue(value: string): boolean {
  const v = value.trim();
  return (
    v === "" ||
    v === "true" ||
    v === "false" ||
    v === "null" ||
    /^(var|local|module|data|each)\./.test(v) ||
    /^[a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z_]/.test(v) ||
    v.startsWith("${{") ||
    /^[\w-]+\(/.test(v)
  );
}
