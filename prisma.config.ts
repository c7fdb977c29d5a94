import "dotenv/config";
import { defineConfig } from "prisma/config";
import { migrateAdapter } from "./prisma/pg-migrate-adapter";

// `prisma generate` never connects, but Prisma 6 needs the URL to resolve or it tries to
// download a native engine (see docs/stack-traps.md §1).
process.env.DATABASE_URL ??= "postgresql://placeholder@127.0.0.1:5432/placeholder";

export default defineConfig({
  experimental: { adapter: true },
  // The wasm schema engine shipped in the prisma package: no binary download, works offline.
  engine: "js",
  adapter: async () => migrateAdapter(process.env.DATABASE_URL!),
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
});
