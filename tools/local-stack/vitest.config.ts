import { defineConfig } from "vitest/config";

export default defineConfig({ test: { name: "local-stack", testTimeout: 20000 } });
