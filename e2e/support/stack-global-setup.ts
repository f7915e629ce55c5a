/**
 * Starts the whole local stack exactly as a developer does (tools/local-stack/src/stack-process.ts:
 * `npm start` on free ports, its own state folder, fresh database and Redis key namespace) and
 * hands the addresses to the tests. At the end: Ctrl-C to the stack, then the database is dropped.
 * The stack's output goes to artifacts/e2e/stack.log.
 */
import { createWriteStream, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startStackProcess } from "@seeyoo/local-stack/stack-process";
import type { TestProject } from "vitest/node";
import { checkRequirements, type Requirements } from "./e2e-requirements.ts";

export interface StackInfo {
  edgeUrl: string;
  originUrl: string;
  cdnUrl: string;
  artifactsDir: string;
  requirements: Requirements;
}

declare module "vitest" {
  export interface ProvidedContext {
    stack: StackInfo | null;
  }
}

const root = fileURLToPath(new URL("../../", import.meta.url));
// The first start encodes the test channels (a few minutes on a small machine); later starts reuse them.
const START_TIMEOUT_MS = Number(process.env.E2E_START_TIMEOUT_MS ?? 15 * 60_000);

export default async function setup(project: TestProject) {
  const requirements = checkRequirements();
  if (!requirements.chromium) {
    console.warn(`[e2e] skipped: no Chromium at ${process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"}`);
    project.provide("stack", null);
    return;
  }

  const artifactsDir = join(root, "artifacts/e2e");
  mkdirSync(artifactsDir, { recursive: true });
  const log = createWriteStream(join(artifactsDir, "stack.log"));
  const stack = await startStackProcess({
    log,
    logName: "artifacts/e2e/stack.log",
    startTimeoutMs: START_TIMEOUT_MS,
    ...(process.env.TEST_DATABASE_URL ? { adminUrl: process.env.TEST_DATABASE_URL } : {}),
  }).catch((error: unknown) => {
    log.end();
    throw error;
  });
  project.provide("stack", {
    edgeUrl: stack.edgeUrl,
    originUrl: stack.originUrl,
    cdnUrl: stack.cdnUrl,
    artifactsDir,
    requirements,
  });
  return async () => {
    await stack.stop();
    log.end();
  };
}
