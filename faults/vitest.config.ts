import { defineConfig } from "vitest/config";

// The fault suite (`npm run test:faults`): each file starts its own stack — embedded Postgres,
// a redis-server of its own, the origin, the Worker under wrangler dev — and breaks a piece of it
// under load. Files run one after another: they kill processes and measure recovery times.
export default defineConfig({
  test: {
    name: "faults",
    root: new URL(".", import.meta.url).pathname,
    include: ["**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
