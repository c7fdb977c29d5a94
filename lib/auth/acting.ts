/**
 * A person Switchyard acts for: the database, who they are, and a GitHub client with their own token.
 * Core functions take one, so the app (lib/auth/user-github.ts `actingAs`), the worker and tests can
 * each build it their way. Worker-safe.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import type { GitHubClient } from "@/lib/github";

export type ActingUser = {
  db: PrismaClient;
  user: { id: string; login: string; role: "admin" | "member" };
  withClient: <T>(work: (client: GitHubClient) => Promise<T>) => Promise<T>;
};
