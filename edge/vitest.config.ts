import { fileURLToPath } from "node:url";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import type { EdgeTestContext } from "./test/edge-test-context.ts";

// The Worker's tests run inside workerd (miniflare) against the real services that
// test/global-setup.ts starts in Node.
export default defineConfig({
  plugins: [
    cloudflareTest(({ inject }) => ({
      wrangler: { configPath: fileURLToPath(new URL("../wrangler.toml", import.meta.url)) },
      miniflare: { bindings: (inject("edge") as EdgeTestContext).bindings },
    })),
  ],
  test: {
    name: "edge",
    include: ["src/**/*.test.ts"],
    globalSetup: ["./test/global-setup.ts"],
    testTimeout: 30_000,
    // The Worker logs one JSON line per request; keep test output to what matters.
    onConsoleLog: (log) => !log.includes('"msg":"request"'),
    hookTimeout: 60_000,
  },
});
