import { randomBytes } from "node:crypto";
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    tsconfigPaths: true,
    alias: { "server-only": path.resolve(import.meta.dirname, "test/server-only.ts") },
  },
  test: {
    include: ["**/*.test.ts", "**/*.test.tsx"],
    exclude: ["node_modules/**", "e2e/**", ".next/**", ".data/**"],
    environment: "node",
    globalSetup: ["./test/global-setup.ts"],
    // next-auth imports "next/server" without an extension, which only a bundler resolves.
    server: { deps: { inline: ["next-auth"] } },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: {
      // A key of this run's own for webhook fields and tokens the code under test encrypts.
      TOKEN_ENCRYPTION_KEY: process.env.TOKEN_ENCRYPTION_KEY || randomBytes(32).toString("base64"),
      // The integration tests' webhook receivers listen on 127.0.0.1 (explicitly allowed, tests only).
      SWITCHYARD_WEBHOOK_ALLOW_LOOPBACK: "1",
    },
  },
});
