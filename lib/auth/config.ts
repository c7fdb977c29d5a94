import "server-only";
import NextAuth from "next-auth";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { switchyardAuthConfig } from "./auth-config";

const env = getEnv();

function requireTokenKey(): string {
  if (!env.TOKEN_ENCRYPTION_KEY) {
    throw new Error("TOKEN_ENCRYPTION_KEY is required to store GitHub tokens (openssl rand -base64 32)");
  }
  return env.TOKEN_ENCRYPTION_KEY;
}

export const { handlers, auth, signIn, signOut } = NextAuth(
  switchyardAuthConfig({ db, env, tokenKey: requireTokenKey() }),
);
