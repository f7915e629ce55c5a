import { describe, expect, it } from "vitest";
import { lintDockerfile } from "./dockerfile-check.ts";

const good = `# syntax=docker/dockerfile:1.7
ARG NODE_IMAGE=node:24.21.0-bookworm-slim
FROM \${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev \\
      -w @seeyoo/origin
FROM \${NODE_IMAGE}
COPY --from=deps /app/node_modules ./node_modules
USER node
HEALTHCHECK CMD ["node", "-e", "process.exit(0)"]
CMD ["node", "origin/src/server.ts"]
`;
const ignore = "node_modules\n.git\n.env\n";

describe("dockerfile lint", () => {
  it("passes a pinned, multi-stage, non-root image", () => {
    expect(lintDockerfile(good, ignore)).toEqual([]);
  });

  it("fails an unpinned base image and a root user", () => {
    const bad = good.replace("node:24.21.0-bookworm-slim", "node:latest").replace("USER node", "USER root");
    expect(lintDockerfile(bad, ignore)).toEqual([
      "Dockerfile:3: FROM node:latest: :latest is not pinned",
      "Dockerfile:8: FROM node:latest: :latest is not pinned",
      "Dockerfile: runtime USER must not be root (is root)",
    ]);
  });

  it("fails baked-in secrets, dev dependencies and a missing healthcheck", () => {
    const bad = good
      .replace("USER node", "USER node\nENV DATABASE_URL=postgres://u:p@db/x")
      .replace("--omit=dev ", "")
      .replace(/HEALTHCHECK.*\n/, "");
    expect(lintDockerfile(bad, ignore)).toEqual([
      "Dockerfile: add a HEALTHCHECK or a comment `# no HEALTHCHECK because ...`",
      "Dockerfile:6: install production dependencies only (--omit=dev)",
      "Dockerfile:11: ENV DATABASE_URL bakes a secret into the image",
    ]);
  });

  it("accepts a documented reason instead of a HEALTHCHECK, and needs a .dockerignore", () => {
    const documented = good.replace(
      /HEALTHCHECK.*\n/,
      "# no HEALTHCHECK because Kubernetes probes /readyz\n",
    );
    expect(lintDockerfile(documented, ignore)).toEqual([]);
    expect(lintDockerfile(good, undefined)).toEqual([".dockerignore is missing"]);
    expect(lintDockerfile(good, "node_modules\n")).toEqual([
      ".dockerignore must exclude .git",
      ".dockerignore must exclude .env",
    ]);
  });
});
