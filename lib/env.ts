/**
 * The one place that reads the environment. Everything else imports `env`.
 * Invalid configuration fails fast with a message naming the variable.
 */
import { z } from "zod";

const emptyAsUndefined = (value: unknown) => (value === "" ? undefined : value);
const optionalString = z.preprocess(emptyAsUndefined, z.string().min(1).optional());
const httpUrl = () => z.url({ protocol: /^https?$/, message: "must be an http(s) URL" });
const optionalUrl = () => z.preprocess(emptyAsUndefined, httpUrl().optional());
const urlWithDefault = (defaultValue: string) =>
  z.preprocess(emptyAsUndefined, httpUrl().default(defaultValue));

/** A comma-separated variable as a list: entries trimmed, blanks dropped, each checked by `entry`. */
const commaList = <T extends z.ZodType>(entry: T) =>
  z.preprocess(
    (value) =>
      typeof value === "string"
        ? value
            .split(",")
            .map((item) => item.trim())
            .filter(Boolean)
        : [],
    z.array(entry),
  );

const encryptionKey = z
  .string()
  .regex(/^[A-Za-z0-9+/]{43}=$/, "must be 32 bytes, base64-encoded (openssl rand -base64 32)");

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string({
        message: "is required (npm run dev and npm test start an embedded PostgreSQL when it is unset)",
      })
      .regex(/^postgres(ql)?:\/\/.+/, "must be a postgresql:// connection URL"),
  ),
  AUTH_SECRET: optionalString,
  AUTH_URL: optionalUrl(),
  AUTH_GITHUB_ID: optionalString,
  AUTH_GITHUB_SECRET: optionalString,
  GITHUB_WEB_URL: urlWithDefault("https://github.com"),
  GITHUB_API_URL: urlWithDefault("https://api.github.com"),
  TOKEN_ENCRYPTION_KEY: z.preprocess(emptyAsUndefined, encryptionKey.optional()),
  /**
   * Keys that encrypted secrets before TOKEN_ENCRYPTION_KEY (comma-separated): still used to decrypt
   * until `npm run rotate-key` has re-encrypted everything under the current key.
   */
  TOKEN_ENCRYPTION_KEYS_PREVIOUS: commaList(encryptionKey),
  /** Internal webhook receivers an admin allows (`host` = port 443, or `host:port`), comma-separated. */
  SWITCHYARD_WEBHOOK_ALLOWED_HOSTS: commaList(
    z
      .string()
      .regex(
        /^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::[0-9]{1,5})?$/i,
        "must list host names, each optionally with :port (e.g. hooks.internal.example,alerts.example:8443)",
      )
      .transform((entry) => {
        const [host = "", port] = entry.toLowerCase().split(":");
        return { host, port: port ? Number(port) : 443 };
      })
      .refine((entry) => entry.port >= 1 && entry.port <= 65535, "has a port outside 1–65535"),
  ),
  /** 1: webhooks may reach receivers on this machine (tests, demo, development; see parseEnv). */
  SWITCHYARD_WEBHOOK_ALLOW_LOOPBACK: z.preprocess(emptyAsUndefined, z.enum(["0", "1"]).default("0")),
  SWITCHYARD_ADMINS: commaList(z.string().toLowerCase()),
  /**
   * Organisations whose members may sign in (comma-separated logins). Required in production;
   * unset elsewhere means any GitHub account may sign in (a local experiment, never a deployment).
   */
  SWITCHYARD_ALLOWED_ORGS: commaList(
    z
      .string()
      .toLowerCase()
      .regex(/^[a-z0-9](?:[a-z0-9-]{0,38})$/, "must list GitHub organisation logins, comma-separated"),
  ),
  /** Also admit outside collaborators on a repository of an allowed organisation. */
  SWITCHYARD_ALLOW_OUTSIDE_COLLABORATORS: z.preprocess(
    emptyAsUndefined,
    z
      .enum(["true", "false", "1", "0"], { message: "must be true or false" })
      .default("false")
      .transform((value) => value === "true" || value === "1"),
  ),
  SWITCHYARD_DEMO: z.preprocess(emptyAsUndefined, z.enum(["0", "1"]).default("0")),
  /**
   * Tests only: the worker also runs `schedule_tick_at`, the scheduler's tick at a time given in the
   * job (so a test can "advance the clock" without any production path reading a different clock).
   */
  SWITCHYARD_TEST_CLOCK: z.preprocess(emptyAsUndefined, z.enum(["0", "1"]).default("0")),
  /** Sync cadence overrides (seconds): while a person has queued/in-progress tasks, and when settled. */
  SYNC_ACTIVE_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().positive().optional()),
  SYNC_SETTLED_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().positive().optional()),
  /**
   * Share of each person's hourly GitHub limit that background work (sync, pull request tracking)
   * may spend, 0–1 (default 0.09: lib/sync/budget.ts).
   */
  SYNC_BUDGET_SHARE: z.preprocess(emptyAsUndefined, z.coerce.number().positive().max(1).optional()),
});

export type Env = z.infer<typeof envSchema>;

export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "InvalidEnvironmentError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new InvalidEnvironmentError(
      result.error.issues.map((issue) => `${issue.path.join(".") || "(environment)"} ${issue.message}`),
    );
  }
  const parsed = result.data;
  if (parsed.NODE_ENV === "production") {
    const missing = [
      !parsed.AUTH_SECRET && "AUTH_SECRET is required in production (openssl rand -base64 33)",
      // Without it Auth.js would build its URLs from the request's Host / X-Forwarded-Host headers.
      !parsed.AUTH_URL &&
        "AUTH_URL is required in production (the app's public URL, e.g. https://switchyard.example.com)",
      parsed.SWITCHYARD_ALLOWED_ORGS.length === 0 &&
        "SWITCHYARD_ALLOWED_ORGS is required in production (the GitHub organisations whose members may sign in, comma-separated)",
    ].filter((problem): problem is string => Boolean(problem));
    if (missing.length) throw new InvalidEnvironmentError(missing);
  }
  // Loopback receivers are for tests and the demo; a production deployment would let members reach
  // whatever listens on the worker's machine.
  if (
    parsed.NODE_ENV === "production" &&
    parsed.SWITCHYARD_WEBHOOK_ALLOW_LOOPBACK === "1" &&
    parsed.SWITCHYARD_DEMO !== "1"
  ) {
    throw new InvalidEnvironmentError([
      "SWITCHYARD_WEBHOOK_ALLOW_LOOPBACK=1 is refused in production (only demo mode, SWITCHYARD_DEMO=1, may use it); name internal receivers in SWITCHYARD_WEBHOOK_ALLOWED_HOSTS",
    ]);
  }
  if (
    parsed.NODE_ENV === "production" &&
    parsed.SWITCHYARD_TEST_CLOCK === "1" &&
    parsed.SWITCHYARD_DEMO !== "1"
  ) {
    throw new InvalidEnvironmentError([
      "SWITCHYARD_TEST_CLOCK=1 is for tests only and is refused in production (outside demo mode)",
    ]);
  }
  if (Boolean(parsed.AUTH_GITHUB_ID) !== Boolean(parsed.AUTH_GITHUB_SECRET)) {
    throw new InvalidEnvironmentError(["AUTH_GITHUB_ID and AUTH_GITHUB_SECRET must be set together"]);
  }
  return parsed;
}

let cached: Env | undefined;

/** Validated environment, parsed once per process. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
