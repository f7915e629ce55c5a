import { defineConfig } from "vitest/config";

// Browser end-to-end tests: the whole stack started as `npm start` starts it, driven through
// Debian's Chromium by playwright-core. Files run one after another (one stack, one browser at a time).
export default defineConfig({
  test: {
    name: "e2e",
    include: ["**/*.test.ts"],
    globalSetup: ["./support/stack-global-setup.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
