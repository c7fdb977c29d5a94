/**
 * `npm run rotate-key`: re-encrypts every secret at rest (GitHub tokens, webhook URLs and secrets)
 * under TOKEN_ENCRYPTION_KEY, reading older values with TOKEN_ENCRYPTION_KEYS_PREVIOUS. To rotate:
 *   1. add the new key to TOKEN_ENCRYPTION_KEYS_PREVIOUS everywhere (every instance can read it);
 *   2. make it TOKEN_ENCRYPTION_KEY and move the old one to TOKEN_ENCRYPTION_KEYS_PREVIOUS;
 *   3. run this (safe while the app and workers run; run it again at will);
 *   4. remove the old key once this reports nothing left under it.
 * In demo mode the key is the one in .data/demo-secrets.json. Run through scripts/with-db.ts.
 */
import "dotenv/config";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";
import { rotateSecrets } from "../lib/secrets/rotate-key";
import { keyringFromEnv } from "../lib/secrets/token-cipher";
import { parseEnv } from "../lib/env";
import { demoSecrets, isDemoMode } from "./lib/demo";

const env = parseEnv({
  ...process.env,
  ...(isDemoMode() && !process.env.TOKEN_ENCRYPTION_KEY
    ? { TOKEN_ENCRYPTION_KEY: demoSecrets().TOKEN_ENCRYPTION_KEY }
    : {}),
});
const keyring = keyringFromEnv(env);
if (!keyring) {
  console.error("rotate-key: TOKEN_ENCRYPTION_KEY is not set (openssl rand -base64 32).");
  process.exit(2);
}

const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: env.DATABASE_URL }) });
let exitCode = 0;
try {
  const previous = [...keyring.byId.keys()].filter((id) => id !== keyring.current.id);
  console.info(
    `rotate-key: current key ${keyring.current.id}; previous keys: ${previous.length ? previous.join(", ") : "none"}`,
  );
  const { accounts, webhooks } = await rotateSecrets(db, keyring);
  console.info(
    `accounts: ${accounts.reencrypted} re-encrypted, ${accounts.current} already under the current key, ${accounts.unreadable.length} unreadable`,
  );
  console.info(
    `webhook fields: ${webhooks.reencrypted} re-encrypted (${webhooks.plaintext} were plain text), ${webhooks.current} already under the current key, ${webhooks.unreadable.length} unreadable`,
  );
  const unreadable = [...accounts.unreadable, ...webhooks.unreadable];
  if (unreadable.length > 0) {
    // Left as they were: their key is not configured, or they were altered. Nothing else depends on them.
    console.error(`rotate-key: could not decrypt (left unchanged): ${unreadable.join("; ")}`);
    exitCode = 1;
  }
} finally {
  await db.$disconnect();
}
process.exit(exitCode);
