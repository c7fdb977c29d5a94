import "server-only";
import NextAuth from "next-auth";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { sessionReader, switchyardAuthConfig } from "./auth-config";
import { keyringFromEnv, type Keyring } from "@/lib/secrets/token-cipher";

const env = getEnv();

function requireTokenKey(): Keyring {
  const keyring = keyringFromEnv(env);
  if (!keyring) {
    throw new Error("TOKEN_ENCRYPTION_KEY is required to store GitHub tokens (openssl rand -base64 32)");
  }
  return keyring;
}

const deps = { db, env, tokenKey: requireTokenKey() };
export const { handlers, signIn, signOut } = NextAuth(switchyardAuthConfig(deps));
/** The session behind a session cookie's value, or null (lib/auth/session.ts reads the cookie). */
export const readSession = sessionReader(deps);
