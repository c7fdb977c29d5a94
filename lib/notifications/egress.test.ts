/** Where a webhook may point (checked at save and at send) and the lookup that checks after DNS. */
import type { LookupAddress } from "node:dns";
import { describe, expect, it } from "vitest";
import { webhookUrlSchema } from "@/lib/notifications/webhook-url";
import { checkWebhookUrl, guardedLookup, STRICT_POLICY, type EgressPolicy } from "./egress";

const problem = (url: string, policy: EgressPolicy = STRICT_POLICY) => {
  const checked = checkWebhookUrl(url, policy);
  return checked.ok ? null : checked.problem;
};

describe("checkWebhookUrl", () => {
  it("accepts https on port 443 to a public host", () => {
    expect(problem("https://hooks.slack.com/services/T000/B000/XXXX")).toBeNull();
    expect(problem("https://hooks.slack.com:443/services/x")).toBeNull();
    expect(problem("https://8.8.8.8/hook")).toBeNull();
    expect(checkWebhookUrl("https://Hooks.Example.com/x", STRICT_POLICY)).toMatchObject({
      ok: true,
      target: { hostname: "hooks.example.com", port: 443, allowListed: false },
    });
  });

  it("refuses plain http, other ports, credentials and other schemes", () => {
    expect(problem("http://hooks.example.com/x")).toMatch(/Use an https:\/\/ URL/);
    expect(problem("https://hooks.example.com:8443/x")).toMatch(/standard https port \(443\)/);
    expect(problem("https://user:pass@hooks.example.com/x")).toMatch(/user names and passwords/);
    expect(problem("ftp://hooks.example.com/x")).toMatch(/https/);
    expect(problem("file:///etc/passwd")).toMatch(/https/);
    expect(problem("not a url")).toMatch(/full URL/);
  });

  it("refuses this machine and internal addresses, however they are written", () => {
    for (const url of [
      "https://127.0.0.1/x",
      "http://127.0.0.1:4000/x",
      "https://localhost/x",
      "https://LOCALHOST./x",
      "https://api.localhost/x",
      "https://[::1]/x",
      "https://[::ffff:127.0.0.1]/x",
      "https://2130706433/x",
      "https://0x7f.1/x",
      "https://0177.0.0.1/x",
    ])
      expect(problem(url), url).toMatch(/this machine/);
    for (const [url, reason] of [
      ["https://10.0.0.5/x", /private address/],
      ["https://169.254.169.254/latest/meta-data", /cloud metadata/],
      ["https://[fd00::1]/x", /unique-local/],
      ["https://[::ffff:a9fe:a9fe]/x", /cloud metadata/],
      ["https://0.0.0.0/x", /unspecified/],
      ["https://0/x", /unspecified/],
      ["https://100.64.1.1/x", /carrier-grade NAT/],
    ] as const)
      expect(problem(url), url).toMatch(reason);
  });

  it("allows loopback receivers (any port, plain http too) only with SWITCHYARD_WEBHOOK_ALLOW_LOOPBACK", () => {
    const loopback = { ...STRICT_POLICY, allowLoopback: true };
    expect(problem("http://127.0.0.1:4000/hook", loopback)).toBeNull();
    expect(problem("http://localhost:4000/hook", loopback)).toBeNull();
    expect(problem("http://[::1]:4000/hook", loopback)).toBeNull();
    // The flag is about this machine only: internal networks stay refused.
    expect(problem("http://10.0.0.5/hook", loopback)).toMatch(/https/);
    expect(problem("https://10.0.0.5/hook", loopback)).toMatch(/private/);
  });

  it("allows internal receivers an admin named, on the port named, over https only", () => {
    const policy = {
      allowLoopback: false,
      allowedHosts: [
        { host: "alerts.internal.example", port: 443 },
        { host: "hooks.corp.example", port: 8443 },
      ],
    };
    expect(checkWebhookUrl("https://alerts.internal.example/x", policy)).toMatchObject({
      ok: true,
      target: { allowListed: true },
    });
    expect(checkWebhookUrl("https://hooks.corp.example:8443/x", policy)).toMatchObject({
      ok: true,
      target: { allowListed: true },
    });
    expect(problem("https://hooks.corp.example/x", policy)).toBeNull(); // 443: a public check at send
    expect(checkWebhookUrl("https://hooks.corp.example/x", policy)).toMatchObject({
      target: { allowListed: false },
    });
    expect(problem("https://alerts.internal.example:8443/x", policy)).toMatch(/443/);
    expect(problem("http://alerts.internal.example/x", policy)).toMatch(/https/);
  });

  it("is the rule the save forms use, with a clear message", () => {
    // The test environment allows loopback receivers (vitest.config.ts); everything else is as in production.
    expect(webhookUrlSchema.safeParse("https://hooks.slack.com/services/x").success).toBe(true);
    expect(webhookUrlSchema.safeParse("https://10.1.2.3/x").error?.issues[0]?.message).toMatch(
      /Webhooks cannot point at a private address/,
    );
    expect(webhookUrlSchema.safeParse("https://hooks.example.com:9000/x").error?.issues[0]?.message).toMatch(
      /standard https port/,
    );
  });
});

describe("guardedLookup", () => {
  const lookupWith = (
    policy: EgressPolicy,
    answer: string[],
    options: { all?: boolean; family?: number } = {},
  ) =>
    new Promise<{ error: Error | null; address: string | LookupAddress[] }>((resolve) =>
      guardedLookup(policy, async () =>
        answer.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })),
      )("hooks.example.com", { all: options.all ?? false, family: options.family ?? 0 }, (error, address) =>
        resolve({ error, address }),
      ),
    );

  it("hands public addresses to the connection, in the form node:net asked for", async () => {
    expect(await lookupWith(STRICT_POLICY, ["93.184.216.34"])).toEqual({
      error: null,
      address: "93.184.216.34",
    });
    expect(await lookupWith(STRICT_POLICY, ["93.184.216.34", "2606:2800:220:1::"], { all: true })).toEqual({
      error: null,
      address: [
        { address: "93.184.216.34", family: 4 },
        { address: "2606:2800:220:1::", family: 6 },
      ],
    });
    expect(
      (await lookupWith(STRICT_POLICY, ["93.184.216.34", "2606:2800:220:1::"], { family: 6 })).address,
    ).toBe("2606:2800:220:1::");
  });

  it("refuses the name when any of its addresses is internal", async () => {
    for (const answer of [
      ["127.0.0.1"],
      ["93.184.216.34", "10.0.0.1"],
      ["::ffff:169.254.169.254"],
      ["fd00::1"],
      [],
    ]) {
      const { error } = await lookupWith(STRICT_POLICY, answer, { all: true });
      expect(error?.name, answer.join(",")).toBe("EgressRefusedError");
    }
    // Loopback answers pass only when loopback receivers are allowed; private ones never.
    expect((await lookupWith({ ...STRICT_POLICY, allowLoopback: true }, ["127.0.0.1"])).error).toBeNull();
    expect((await lookupWith({ ...STRICT_POLICY, allowLoopback: true }, ["10.0.0.1"])).error?.name).toBe(
      "EgressRefusedError",
    );
  });
});
