import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { call, emulator, tokenFor } from "./helpers";

describe("seed data", () => {
  it("acme has 30+ repos of varied stacks, non-main default branches, CODEOWNERS, CI, a template", async () => {
    const emu = await emulator();
    const alice = await tokenFor(emu, "alice");
    const repos = (
      await call<
        {
          name: string;
          id: number;
          default_branch: string;
          language: string;
          is_template: boolean;
          topics: string[];
        }[]
      >(emu, "GET", "/orgs/acme/repos?per_page=100", { token: alice })
    ).body;
    expect(repos.length).toBeGreaterThanOrEqual(30);
    expect(new Set(repos.map((r) => r.language)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(repos.map((r) => r.default_branch))).toEqual(
      new Set(["main", "master", "develop", "trunk"]),
    );
    expect(repos.find((r) => r.name === "service-template")?.is_template).toBe(true);
    expect(repos.filter((r) => r.topics.length > 0).length).toBeGreaterThan(20);
    const manifests = ["package.json", "pnpm-lock.yaml", "go.mod", "pyproject.toml", "Cargo.toml", "pom.xml"];
    const found = new Set<string>();
    let codeowners = 0;
    for (const repo of repos) {
      const root = await call<{ name: string }[]>(emu, "GET", `/repos/acme/${repo.name}/contents`, {
        token: alice,
      });
      root.body.forEach((entry) => found.add(entry.name));
      for (const path of [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"]) {
        const file = await call<{ content: string }>(
          emu,
          "GET",
          `/repos/acme/${repo.name}/contents/${path}`,
          { token: alice },
        );
        if (file.status === 200) {
          codeowners++;
          expect(Buffer.from(file.body.content, "base64").toString()).toMatch(/@acme\/[a-z]+|@[a-z]+/);
        }
      }
    }
    for (const manifest of manifests) expect(found).toContain(manifest);
    expect(codeowners).toBeGreaterThan(15);
    // Stable ids across runs.
    const other = await emulator();
    const again = (
      await call<{ id: number }>(other, "GET", "/repos/acme/web-storefront", {
        token: await tokenFor(other, "alice"),
      })
    ).body;
    expect(again.id).toBe(repos.find((r) => r.name === "web-storefront")!.id);
  });

  it("users, teams and Copilot seats", async () => {
    const emu = await emulator();
    const users = (
      await call<{ login: string; id: number; copilot_plan: string | null }[]>(emu, "GET", "/_emulator/users")
    ).body;
    expect(users.map((u) => [u.login, u.id, u.copilot_plan])).toEqual([
      ["alice", 1001, "business"],
      ["bob", 1002, "business"],
      ["carol", 1003, null],
      ["dave", 1004, "enterprise"],
      ["mallory", 1005, "business"],
    ]);
    const bob = await tokenFor(emu, "bob");
    const members = (
      await call<{ login: string }[]>(emu, "GET", "/orgs/acme/teams/payments/members", { token: bob })
    ).body;
    expect(members.map((m) => m.login)).toEqual(["alice", "bob"]);
    const orgs = (await call<{ login: string }[]>(emu, "GET", "/user/orgs", { token: bob })).body;
    expect(orgs.map((o) => o.login)).toEqual(["acme"]);
  });

  it("mallory is an outsider with a public repository; carol an outside collaborator", async () => {
    const emu = await emulator();
    const users = (
      await call<{ login: string; orgs: unknown[]; collaborator_on: string[] }[]>(
        emu,
        "GET",
        "/_emulator/users",
      )
    ).body;
    const byLogin = Object.fromEntries(users.map((u) => [u.login, u]));
    expect(byLogin.mallory).toMatchObject({ orgs: [], collaborator_on: [] });
    expect(byLogin.carol!.orgs).toEqual([]);
    expect(byLogin.carol!.collaborator_on).toEqual([
      "acme/web-storefront",
      "acme/design-system",
      "acme/docs-site",
    ]);
    expect(byLogin.bob!.orgs).toEqual([{ login: "acme", role: "member", state: "active" }]);
    const mallory = await tokenFor(emu, "mallory");
    const own = await call<{ full_name: string; private: boolean }[]>(emu, "GET", "/user/repos", {
      token: mallory,
    });
    expect(own.body.map((r) => [r.full_name, r.private])).toEqual([["mallory/toolbox", false]]);
    expect((await call<unknown[]>(emu, "GET", "/user/orgs", { token: mallory })).body).toEqual([]);
    expect((await call(emu, "GET", "/repos/acme/web-storefront", { token: mallory })).status).toBe(404);
    // Her repository is public: anyone can read it.
    const alice = await tokenFor(emu, "alice");
    expect((await call(emu, "GET", "/repos/mallory/toolbox", { token: alice })).status).toBe(200);
    // The sign-in page offers her like everyone else.
    const page = await fetch(
      `${emu.url}/login/oauth/authorize?client_id=switchyard-dev&redirect_uri=${encodeURIComponent("http://localhost:3000/api/auth/callback/github")}&state=s`,
    );
    expect(await page.text()).toContain("Sign in as mallory");
  });

  it("membership control: remove, add back, invite", async () => {
    const emu = await emulator();
    const bob = await tokenFor(emu, "bob");
    const membership = () =>
      call<{ state: string; role: string }>(emu, "GET", "/user/memberships/orgs/acme", { token: bob });
    expect((await call(emu, "DELETE", "/_emulator/orgs/acme/members/bob")).body).toEqual({
      org: "acme",
      login: "bob",
      removed: true,
    });
    expect((await membership()).status).toBe(404);
    // Removed from the org means removed from its teams and its internal repositories.
    const alice = await tokenFor(emu, "alice");
    const payments = await call<{ login: string }[]>(emu, "GET", "/orgs/acme/teams/payments/members", {
      token: alice,
    });
    expect(payments.body.map((m) => m.login)).toEqual(["alice"]);
    expect((await call(emu, "GET", "/repos/acme/checkout-api", { token: bob })).status).toBe(404);
    expect((await call<unknown[]>(emu, "GET", "/user/orgs", { token: bob })).body).toEqual([]);

    await call(emu, "PUT", "/_emulator/orgs/acme/members/bob", { body: { state: "pending" } });
    expect((await membership()).body).toMatchObject({ state: "pending", role: "member" });
    expect((await call(emu, "GET", "/repos/acme/checkout-api", { token: bob })).status).toBe(404);

    await call(emu, "PUT", "/_emulator/orgs/acme/members/bob", { body: { role: "admin" } });
    expect((await membership()).body).toMatchObject({ state: "active", role: "admin" });
    expect((await call(emu, "GET", "/repos/acme/checkout-api", { token: bob })).status).toBe(200);

    expect((await call(emu, "PUT", "/_emulator/orgs/acme/members/nobody")).status).toBe(404);
    expect((await call(emu, "DELETE", "/_emulator/orgs/nope/members/bob")).status).toBe(404);
    expect(
      (await call(emu, "PUT", "/_emulator/orgs/acme/members/bob", { body: { role: "owner" } })).status,
    ).toBe(422);
  });

  it("reset restores the seed", async () => {
    const emu = await emulator();
    const alice = await tokenFor(emu, "alice");
    await call(emu, "POST", "/orgs/acme/repos", { token: alice, body: { name: "temporary" } });
    await call(emu, "POST", "/_emulator/reset");
    const fresh = await tokenFor(emu, "alice");
    expect((await call(emu, "GET", "/repos/acme/temporary", { token: fresh })).status).toBe(404);
    expect((await call(emu, "GET", "/user", { token: alice })).status).toBe(401);
  });
});

describe("CLI", () => {
  it("prints the listening line and exits cleanly on SIGTERM", async () => {
    const root = fileURLToPath(new URL("../..", import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", "github-emulator/main.ts"], {
      cwd: root,
      env: { ...process.env, GITHUB_EMULATOR_PORT: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const line = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("\n")) resolve(out.trim());
      });
      child.once("exit", (code) => reject(new Error(`exited early with ${code}`)));
    });
    expect(line).toMatch(/^github-emulator listening on http:\/\/127\.0\.0\.1:\d+$/);
    const url = line.split(" ").pop()!;
    expect(await (await fetch(`${url}/_emulator/health`)).json()).toEqual({ ok: true });
    const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
  });
});
