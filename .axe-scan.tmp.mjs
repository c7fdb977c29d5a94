import { chromium } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
let total = 0;
for (const scheme of ["light", "dark"]) {
  const ctx = await browser.newContext({ colorScheme: scheme });
  const page = await ctx.newPage();
  for (const path of ["/", "/tasks", "/triage", "/launch", "/campaigns", "/settings", "/sign-in", "/nope"]) {
    await page.goto("http://127.0.0.1:3917" + path);
    const r = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    const cur = await page.locator('[aria-current="page"]').allTextContents();
    console.log(scheme, path, await page.title(), "violations:", r.violations.length, "current:", cur.join(","));
    for (const v of r.violations) console.log("  ", v.id, v.nodes.map((n) => n.target + " " + n.failureSummary).join("\n"));
    total += r.violations.length;
  }
  await ctx.close();
}
await browser.close();
console.log("TOTAL", total);
