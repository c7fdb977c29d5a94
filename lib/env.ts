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
  TOKEN_ENCRYPTION_KEY: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9+/]{43}=$/, "must be 32 bytes, base64-encoded (openssl rand -base64 32)")
      .optional(),
  ),
  SWITCHYARD_ADMINS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .default("")
      .transform((value) =>
        value
          .split(",")
          .map((login) => login.trim().toLowerCase())
          .filter(Boolean),
      ),
  ),
  SWITCHYARD_DEMO: z.preprocess(emptyAsUndefined, z.enum(["0", "1"]).default("0")),
  /** Sync cadence overrides (seconds): while a person has queued/in-progress tasks, and when settled. */
  SYNC_ACTIVE_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().positive().optional()),
  SYNC_SETTLED_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().positive().optional()),
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
  if (parsed.NODE_ENV === "production" && !parsed.AUTH_SECRET) {
    throw new InvalidEnvironmentError(["AUTH_SECRET is required in production (openssl rand -base64 33)"]);
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
