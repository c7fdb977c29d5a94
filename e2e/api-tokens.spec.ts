import { attachScreenshot, expect, test } from "./fixtures";

test("API tokens: create one in settings, launch a template with it, see the task in the queue as its owner; revoke it", async ({
  asUser,
  axe,
  db,
  playwright,
  baseURL,
}) => {
  const page = await asUser("alice", "/tokens");
  await expect(page.getByRole("heading", { name: "API tokens", level: 1 })).toBeVisible();
  await axe.expectNoViolations(page);

  const name = `e2e bot ${Date.now()}`;
  const key = `e2e-launch-${Date.now()}`;
  await page.getByLabel("Name").fill(name);
  await page.getByRole("checkbox", { name: /tasks:write/ }).check();
  await page.getByLabel("Expires after").selectOption({ label: "30 days" });
  await page.getByRole("button", { name: "Create token" }).click();
  const shown = page.getByTestId("new-api-token");
  await expect(shown).toHaveValue(/^syt_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
  const token = await shown.inputValue();
  const row = page.getByTestId("api-token-row").filter({ hasText: name }).first();
  await expect(row).toContainText("tasks:read, tasks:write");
  await expect(row).toContainText("Never");
  await axe.expectNoViolations(page);
  await attachScreenshot(page, "api-tokens");

  // A program with no browser session: only the bearer token.
  const api = await playwright.request.newContext({ baseURL });
  const template = await db.template.findUniqueOrThrow({ where: { slug: "dependency-upgrade" } });
  const launched = await api.post(`/api/v1/templates/${template.id}/launches`, {
    headers: { authorization: `Bearer ${token}`, "idempotency-key": key },
    data: {
      repositories: [{ owner: "acme", repo: "payments-ledger" }],
      parameters: { dependency: "Node.js", targetVersion: "22" },
    },
  });
  expect(launched.status(), await launched.text()).toBe(201);
  expect(launched.headers()["ratelimit-policy"]).toContain("q=");
  const body = (await launched.json()) as { results: { ok: boolean; task: { id: string } }[] };
  const taskId = body.results[0]!.task.id;

  // The same request again starts nothing: the first answer comes back.
  const again = await api.post(`/api/v1/templates/${template.id}/launches`, {
    headers: { authorization: `Bearer ${token}`, "idempotency-key": key },
    data: {
      repositories: [{ owner: "acme", repo: "payments-ledger" }],
      parameters: { dependency: "Node.js", targetVersion: "22" },
    },
  });
  expect(again.headers()["idempotent-replayed"]).toBe("true");
  expect(((await again.json()) as typeof body).results[0]!.task.id).toBe(taskId);

  // In the queue, started by alice through Switchyard.
  await page.goto("/tasks?repo=acme/payments-ledger");
  const queued = page.locator(`tr[data-task-id="${taskId}"]`);
  await expect(queued).toBeVisible();
  await expect(queued).toContainText("alice");
  const launch = await db.launch.findFirstOrThrow({ where: { taskId }, include: { user: true } });
  expect(launch.user.login).toBe("alice");

  // Last use shows; revoking ends the token at once.
  await page.goto("/tokens");
  await expect(row).not.toContainText("Never");
  await row.getByRole("button", { name: `Revoke token ${name}` }).click();
  await row.getByRole("button", { name: /^Yes/ }).click();
  await expect(row).toContainText("Revoked");
  const refused = await api.get("/api/v1/tasks", { headers: { authorization: `Bearer ${token}` } });
  expect(refused.status()).toBe(401);
  expect(((await refused.json()) as { code: string }).code).toBe("signed_out");
  await api.dispose();
});

test("API reference renders from the OpenAPI description", async ({ asUser, axe }) => {
  const page = await asUser("bob", "/api/docs");
  await expect(page.getByRole("heading", { name: "Switchyard API v1", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "POST /templates/{id}/launches" })).toBeVisible();
  await axe.expectNoViolations(page);
  await attachScreenshot(page, "api-docs");
});
