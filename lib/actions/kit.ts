import "server-only";
/**
 * The action kit: every server action is declared here, so each one checks the session (and the
 * role), validates its input with a zod schema, returns a closed ActionResult, and leaves one audit
 * record in the same transaction as its change.
 *
 *   export const saveThing = userAction(
 *     { name: "thing.save", input: thingSchema, revalidate: ["/things"] },
 *     async (input, ctx) => { … return ok({ id }); },
 *   );
 *
 * Transactional actions (the default) run the whole handler in one transaction (`ctx.db` is it):
 * a failure result rolls every change back, and the audit record commits with the change. Actions
 * that call GitHub set `transaction: false`, and make their change with `ctx.transaction(work)` or
 * hand `ctx.recordIn` to the code that does, so the record still commits with the change. A call
 * that changed nothing (a refusal, a denial) is recorded on its own. Input that fails the schema is
 * answered without a record: nothing was attempted.
 */
import { revalidatePath } from "next/cache";
import { redirect, unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import {
  writeAudit,
  type AuditDb,
  type AuditEventInput,
  type AuditFields,
  type AuditRecorder,
} from "@/lib/audit";
import type { ActingUser } from "@/lib/auth/acting";
import { personPrincipal, viaDetails, type Principal } from "@/lib/auth/principal";
import { requireUser, type SignedInUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { fieldErrorsOf, fieldWithUnstorableText } from "@/lib/validations/common";
import { failureFromError } from "@/lib/errors";
import { fail, type ActionFailure, type ActionResult } from "@/lib/result";

export type Tx = Prisma.TransactionClient;

export type ActionContext = {
  user: SignedInUser;
  /** Who acts and how they came in (browser session or API token). */
  principal: Principal;
  /** The database and a GitHub client acting as the principal: every GitHub call goes through it. */
  acting(): ActingUser;
  /** The action's transaction when it is transactional; the shared client otherwise. */
  db: Tx;
  /** Adds to what this call's audit record says (target, details, GitHub identity, outcome). */
  audit(fields: AuditFields): void;
  /**
   * Non-transactional actions: runs `work` in a transaction that also writes this call's audit
   * record. In a transactional action it simply runs `work` in the action's transaction.
   */
  transaction<R>(work: (tx: Tx) => Promise<R>): Promise<R>;
  /** Writes an audit record in the caller's own transaction: this call's, or one per item with `fields`. */
  recordIn: AuditRecorder;
  /** The submitted form's text fields (for failures to give back), when the input was a form. */
  values?: Record<string, string>;
};

type Spec<S extends z.ZodType, T> = {
  /** The audit action, e.g. "campaign.create". */
  name: string;
  input: S;
  /** Default true: the handler runs in one transaction. False for actions that call GitHub. */
  transaction?: boolean;
  /** The action uses the caller's own GitHub token (recorded as the audit's GitHub identity). */
  github?: boolean;
  /** Message for input that fails the schema. */
  invalidMessage?: string;
  /** Paths whose server-rendered data this action changes. */
  revalidate?: string[] | ((input: z.output<S>, data: T) => string[]);
  /** Where to send the person after success (a redirect, after the change has committed). */
  redirect?: (data: T, input: z.output<S>) => string;
};

type Handler<S extends z.ZodType, T> = (input: z.output<S>, ctx: ActionContext) => Promise<ActionResult<T>>;

/**
 * One operation (spec and handler) that both a server action and /api/v1 run: the same schema,
 * rules, transaction and audit record, whoever calls it. `lib/operations/` holds the shared ones.
 */
export type Operation<S extends z.ZodType = z.ZodType, T = unknown> = {
  role: "user" | "admin";
  spec: Spec<S, T>;
  handler: Handler<S, T>;
};

export function userOperation<S extends z.ZodType, T>(
  spec: Spec<S, T>,
  handler: Handler<S, T>,
): Operation<S, T> {
  return { role: "user", spec, handler };
}

/**
 * A kit action: `(previous, payload)` for useActionState, `(formData)` for a plain form action, or
 * `(input)` when a client component calls it with an object. The payload is the last argument.
 */
export type KitAction<T> = {
  /** A plain `<form action>`: the result is not read. */
  (formData: FormData): Promise<void>;
  /** Called from a client component with an object. */
  (input: Record<string, unknown>): Promise<ActionResult<T>>;
  /** useActionState: the previous state, then the form. */
  (previous: unknown, payload: unknown): Promise<ActionResult<T>>;
};

/** Every kit action, with its input schema (tests read it to drive each action with bad input). */
const kitActions = new WeakMap<object, { input: z.ZodType; role: "user" | "admin" | "public" }>();

/** True for functions made by the kit: the test that enumerates every server action checks this. */
export function isKitAction(value: unknown): boolean {
  return typeof value === "function" && kitActions.has(value);
}

/** What the kit knows of an action: its input schema and who may call it (for tests). */
export function kitActionSpec(value: unknown) {
  return typeof value === "function" ? kitActions.get(value) : undefined;
}

const MAX_ECHO = 40_000;

/** A form's fields as an object: repeated names become arrays; React's `$ACTION…` fields are dropped. */
export function formToObject(form: FormData): {
  input: Record<string, string | string[]>;
  values: Record<string, string>;
} {
  const input: Record<string, string | string[]> = {};
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string" || key.startsWith("$ACTION")) continue;
    const previous = input[key];
    input[key] =
      previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
    values[key] ??= value.slice(0, MAX_ECHO);
  }
  return { input, values };
}

class Rollback extends Error {
  constructor(readonly result: ActionFailure) {
    super("rolled back");
  }
}

const TRANSACTION_OPTIONS = { maxWait: 5_000, timeout: 20_000 } as const;

function define<S extends z.ZodType, T>(
  role: "user" | "admin",
  spec: Spec<S, T>,
  handler: Handler<S, T>,
): KitAction<T> {
  const run = async (...args: unknown[]): Promise<ActionResult<T>> =>
    runOperation({ role, spec, handler }, personPrincipal(await requireUser()), args.at(-1), {
      redirect: true,
    });
  kitActions.set(run, { input: spec.input, role });
  return run as KitAction<T>;
}

/**
 * Runs an operation for a principal: role check, text check, schema, handler (in its transaction),
 * audit record. Actions call it with the session's person; /api/v1 with a token's owner (no
 * redirect: the API answers with the data).
 */
export async function runOperation<S extends z.ZodType, T>(
  { role, spec, handler }: Operation<S, T>,
  principal: Principal,
  payload: unknown,
  options: { redirect: boolean },
): Promise<ActionResult<T>> {
  const { user } = principal;
  const form = payload instanceof FormData ? formToObject(payload) : null;
  const values = form?.values;
  const withValues = (failure: ActionFailure): ActionFailure =>
    values && !failure.values ? { ...failure, values } : failure;

  const base: AuditEventInput = {
    action: spec.name,
    actorId: user.id,
    actorLogin: user.login,
    ...(spec.github ? { githubIdentity: user.login } : {}),
  };
  let recorded = false;
  const via = viaDetails(principal.via);
  const record = async (client: AuditDb, fields: AuditFields = {}) => {
    const event = { ...base, ...fields };
    await writeAudit(
      client,
      Object.keys(via).length ? { ...event, details: { ...event.details, ...via } } : event,
    );
    recorded = true;
  };

  if (role === "admin" && user.role !== "admin") {
    await record(db, { outcome: "forbidden" });
    return withValues(fail("forbidden", "Only an admin can do this."));
  }

  const raw = form ? form.input : (payload ?? {});
  const unstorable = fieldWithUnstorableText(raw);
  if (unstorable !== null)
    return withValues(
      fail("invalid_input", "The text contains characters that cannot be stored (NUL or broken unicode).", {
        fieldErrors: { [unstorable || "_form"]: ["Remove the NUL or broken unicode character."] },
      }),
    );
  const parsed = spec.input.safeParse(raw);
  if (!parsed.success)
    return withValues(
      fail("invalid_input", spec.invalidMessage ?? "Check the highlighted fields.", {
        fieldErrors: fieldErrorsOf(parsed.error),
      }),
    );
  const input = parsed.data as z.output<S>;

  const context = (client: Tx, inTransaction: boolean): ActionContext => ({
    user,
    principal,
    acting: () => principal.acting(),
    db: client,
    values,
    audit(fields) {
      Object.assign(base, fields);
    },
    transaction: inTransaction
      ? (work) => work(client)
      : (work) =>
          db.$transaction(async (tx) => {
            const result = await work(tx);
            await record(tx);
            return result;
          }, TRANSACTION_OPTIONS),
    recordIn: record,
  });

  let result: ActionResult<T>;
  try {
    if (spec.transaction === false) {
      result = await handler(input, context(db as unknown as Tx, false));
    } else {
      result = await db.$transaction(async (tx) => {
        const outcome = await handler(input, context(tx, true));
        if (!outcome.ok) throw new Rollback(outcome);
        if (!recorded) await record(tx);
        return outcome;
      }, TRANSACTION_OPTIONS);
    }
  } catch (error) {
    // redirect() and notFound() from deeper code are control flow, not failures.
    unstable_rethrow(error);
    result = error instanceof Rollback ? error.result : failureFromError(error);
    // A rolled-back transaction took its audit records with it.
    if (spec.transaction !== false) recorded = false;
  }

  if (!result.ok) {
    // Nothing was changed (the transaction rolled back, or the handler refused before writing).
    if (!recorded && result.code !== "invalid_input")
      await record(db, {
        outcome: result.code,
        details: { ...(base.details ?? {}), error: result.message },
      }).catch((error: unknown) =>
        console.error("could not record a refused action:", error instanceof Error ? error.message : error),
      );
    return withValues(result);
  }
  if (!recorded) await record(db);
  const paths = typeof spec.revalidate === "function" ? spec.revalidate(input, result.data) : spec.revalidate;
  for (const path of paths ?? []) revalidatePath(path);
  if (spec.redirect && options.redirect) redirect(spec.redirect(result.data, input));
  return result;
}

/** An action any signed-in person may call (what they may do to which object is the handler's check). */
export function userAction<S extends z.ZodType, T>(spec: Spec<S, T>, handler: Handler<S, T>): KitAction<T> {
  return define("user", spec, handler);
}

/** A shared operation (lib/operations/) as a server action. */
export function operationAction<S extends z.ZodType, T>(operation: Operation<S, T>): KitAction<T> {
  return define(operation.role, operation.spec, operation.handler);
}

/** An action only admins may call; anyone else gets "forbidden", and the attempt is recorded. */
export function adminAction<S extends z.ZodType, T>(spec: Spec<S, T>, handler: Handler<S, T>): KitAction<T> {
  return define("admin", spec, handler);
}

/**
 * An action that needs no session (sign-in and sign-out): still validated and registered, so the
 * test that enumerates server actions sees it. Auditing is the handler's job (Auth.js events).
 */
export function publicAction<S extends z.ZodType>(
  input: S,
  handler: (input: z.output<S>) => Promise<void>,
): (previous?: unknown, payload?: unknown) => Promise<void> {
  const run = async (...args: unknown[]) => {
    const payload = args.at(-1);
    const parsed = input.safeParse(
      payload instanceof FormData ? formToObject(payload).input : (payload ?? {}),
    );
    if (!parsed.success) return;
    await handler(parsed.data as z.output<S>);
  };
  kitActions.set(run, { input, role: "public" });
  return run;
}
