/**
 * What every spec imports instead of @playwright/test: `test` with Switchyard's fixtures, `expect`,
 * and the few helpers specs share. Specs act as the demo people through the sign-ins the `setup`
 * project saved (auth.setup.ts), so only auth.spec.ts and tokens.spec.ts go through GitHub's pages.
 */
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";
import { SEED_USERS } from "../github-emulator/seed/people";
import { EmulatorControl } from "./support/emulator";

export { expect };

/** The demo people (github-emulator/seed/people.ts): alice is an admin, carol has no Copilot seat. */
export const PEOPLE = ["alice", "bob", "carol", "dave"] as const;
export type Person = (typeof PEOPLE)[number];

/** A demo person's GitHub id, as the task store records creators. */
export const githubIdOf = (login: Person) => BigInt(SEED_USERS.find((user) => user.login === login)!.id);

/** The e2e stack's database (scripts/e2e-server.ts), on the port Playwright gave it. */
export const E2E_DATABASE_URL = `postgresql://postgres:postgres@127.0.0.1:${process.env.E2E_DATABASE_PORT ?? 54349}/switchyard_e2e`;

/** Where the setup project saves each person's signed-in browser state (git-ignored). */
export const authFile = (login: Person) => join(import.meta.dirname, ".auth", `${login}.json`);

/** Signs in from scratch through the real OAuth redirects: app → emulator's account picker → callback. */
export async function signInWithGitHub(page: Page, login: Person, path = "/") {
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
  await page.getByRole("button", { name: "Sign in with GitHub" }).click();
  await page.getByRole("button", { name: `Sign in as ${login}` }).click();
  await expect(page.getByTestId("signed-in-login")).toContainText(login);
}

export type Axe = {
  /** No WCAG 2 A/AA violation of any impact. */
  expectNoViolations(page: Page): Promise<void>;
  /** No serious or critical WCAG 2 A/AA violation. */
  expectNoSeriousViolations(page: Page): Promise<void>;
};

async function expectAxeClean(page: Page, impacts: "any" | "serious") {
  // Next streams metadata: wait for the title before auditing the document.
  await expect(page).toHaveTitle(/\S/);
  // Let finite transitions and animations finish (a toast fading in, a row's highlight, a colour
  // scheme switch): axe would measure colours halfway through them.
  await page
    .waitForFunction(
      () =>
        document
          .getAnimations()
          .every((a) => a.playState !== "running" || a.effect?.getTiming().iterations === Infinity),
      undefined,
      { timeout: 5_000 },
    )
    .catch(() => {});
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const counted =
    impacts === "any"
      ? violations
      : violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    counted.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    `axe on ${page.url()}`,
  ).toEqual([]);
}

/** Attaches a screenshot of the page to the report (the whole page unless told otherwise). */
export async function attachScreenshot(page: Page, name: string, { fullPage = true } = {}) {
  await test.info().attach(name, { body: await page.screenshot({ fullPage }), contentType: "image/png" });
}

export type AsUser = (login: Person, path?: string) => Promise<Page>;

type TestFixtures = {
  /** The emulator's control API; settings and faults a test changes are put back when it ends. */
  emulator: EmulatorControl;
  axe: Axe;
  /**
   * A new browser context signed in as `login` (the setup project's saved sign-in), opened at `path`.
   * Several people in one test each get their own context.
   */
  asUser: AsUser;
};

type WorkerFixtures = {
  /** Prisma on the e2e database, one client per worker. */
  db: PrismaClient;
};

export const test = base.extend<TestFixtures, WorkerFixtures>({
  db: [
    async ({}, use) => {
      const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: E2E_DATABASE_URL }) });
      await use(db);
      await db.$disconnect();
    },
    { scope: "worker" },
  ],

  emulator: async ({ request }, use) => {
    const emulator = new EmulatorControl(request);
    await use(emulator);
    await emulator.restore();
  },

  axe: async ({}, use) => {
    await use({
      expectNoViolations: (page) => expectAxeClean(page, "any"),
      expectNoSeriousViolations: (page) => expectAxeClean(page, "serious"),
    });
  },

  asUser: async ({ browser }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (login, path = "/") => {
      const context = await browser.newContext({ storageState: authFile(login) });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(path);
      const signInPage = page.getByRole("heading", { name: "Sign in to Switchyard" });
      await expect(page.getByTestId("signed-in-login").or(signInPage)).toBeVisible();
      if (await signInPage.isVisible()) {
        // A spec ended this person's sessions (e2e/access.spec.ts revokes dave's access): sign in
        // again through GitHub, and keep the new session for the specs after this one.
        await signInWithGitHub(page, login, path);
        await context.storageState({ path: authFile(login) });
      }
      await expect(page.getByTestId("signed-in-login")).toContainText(login);
      return page;
    });
    for (const context of contexts) await context.close();
  },
});
