import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkWorkflows, type WorkflowFiles } from "./workflow-check.ts";

const root = path.resolve(import.meta.dirname, "../../..");
const real: WorkflowFiles = {
  ci: readFileSync(path.join(root, ".github/workflows/ci.yml"), "utf8"),
  deploy: readFileSync(path.join(root, ".github/workflows/deploy.yml"), "utf8"),
  actions: {
    "./.github/actions/deploy-environment": readFileSync(
      path.join(root, ".github/actions/deploy-environment/action.yml"),
      "utf8",
    ),
  },
};

describe("workflow check", () => {
  it("passes the repository's workflows", () => {
    expect(checkWorkflows(real)).toEqual([]);
  });

  it("fails a deploy without the approval gate on the production environment", () => {
    const deploy = real.deploy.replace("    environment: production\n", "");
    const problems = checkWorkflows({ ...real, deploy });
    expect(problems).toContain('deploy.yml: no job for the stage "approval"');
  });

  it("fails when prod does not wait for the approval", () => {
    const deploy = real.deploy.replace("needs: approve-production", "needs: deploy-dev");
    expect(checkWorkflows({ ...real, deploy })).toEqual([
      "deploy.yml: job deploy-prod (deploy prod) must need approve-production (approval)",
    ]);
  });

  it("fails a deploy that can be cancelled half-way or uses static AWS keys", () => {
    const deploy = real.deploy
      .replace("cancel-in-progress: false", "cancel-in-progress: true")
      .replace(`role-to-assume: $${"{{"} vars.AWS_ECR_PUSH_ROLE_ARN }}`, "aws-access-key-id: from-a-secret");
    const problems = checkWorkflows({ ...real, deploy });
    expect(problems).toContain(
      "deploy.yml: concurrency.cancel-in-progress must be false (never cancel a running deploy)",
    );
    expect(problems).toContain("deploy.yml: static AWS keys; use OIDC (role-to-assume)");
    expect(problems).toContain("deploy.yml: image must use role-to-assume");
  });

  it("fails a CI workflow that skips a gate or the database services", () => {
    const ci = real.ci
      .replace("      - run: npm run typecheck\n", "")
      .replace("image: postgres:16", "image: postgres:15");
    expect(checkWorkflows({ ...real, ci })).toEqual([
      "ci.yml: no step runs `npm run typecheck`",
      "ci.yml: needs a postgres:16 service",
    ]);
  });

  it("fails a workflow that does not parse", () => {
    expect(checkWorkflows({ ...real, ci: "jobs: [" })[0]).toMatch(/^ci\.yml: does not parse/);
  });
});
