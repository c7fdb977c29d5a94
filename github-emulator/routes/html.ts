import type { ApiResponse } from "../http/types";

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A tagged template that escapes every interpolated value unless it is already `Html`. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = Html | string | number | null | undefined | false | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return "";
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return (part as readonly Part[]).map(render).join("");
  return escapeHtml(String(part as string | number));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? "");
  });
  return new Html(out);
}

// Light and dark palettes with WCAG AA contrast; state is always said in words, never colour alone.
const STYLE = `
  :root { color-scheme: light dark; --bg: #f6f8fa; --fg: #1f2328; --muted: #59636e; --card: #fff; --line: #d1d9e0; --link: #0550ae; --accent: #1f883d; --warn-bg: #fff8c5; --warn-line: #d4a72c; }
  @media (prefers-color-scheme: dark) { :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --card: #151b23; --line: #3d444d; --link: #6cb6ff; --accent: #238636; --warn-bg: #3b2f0a; --warn-line: #9e6a03; } }
  * { box-sizing: border-box; }
  body { font-family: system-ui, sans-serif; background: var(--bg); color: var(--fg); margin: 0; line-height: 1.5; }
  header { background: var(--card); border-bottom: 1px solid var(--line); padding: 0.75rem 1rem; }
  header nav { max-width: 60rem; margin: 0 auto; display: flex; gap: 0.5rem; flex-wrap: wrap; align-items: baseline; }
  header .brand { font-weight: 600; color: var(--fg); text-decoration: none; margin-right: 0.5rem; }
  main { max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; }
  a { color: var(--link); }
  h1 { font-size: 1.5rem; margin: 0 0 0.5rem; overflow-wrap: anywhere; }
  h2 { font-size: 1.125rem; margin: 1.5rem 0 0.5rem; }
  h3 { font-size: 1rem; margin: 0 0 0.5rem; }
  section > h2:first-child { margin-top: 0; }
  section, article { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1rem; margin: 1rem 0; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0; }
  dt { color: var(--muted); }
  dd { margin: 0; overflow-wrap: anywhere; }
  ul.list { list-style: none; padding: 0; margin: 0; }
  ul.list li { padding: 0.5rem 0; border-top: 1px solid var(--line); }
  ul.list li:first-child { border-top: 0; }
  pre { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 0.75rem; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.875rem; }
  .meta { color: var(--muted); font-size: 0.875rem; }
  .state { display: inline-block; border: 1px solid var(--line); border-radius: 999px; padding: 0 0.6rem; font-size: 0.875rem; }
  .question { background: var(--warn-bg); border-color: var(--warn-line); }
  .state.open { background: var(--accent); border-color: var(--accent); color: #fff; } .state.merged { background: #8250df; border-color: #8250df; color: #fff; } .state.closed { background: #cf222e; border-color: #cf222e; color: #fff; }
  form.inline { display: inline; } form.inline button { margin-right: 0.5rem; }
  button.secondary { background: var(--card); color: var(--fg); border-color: var(--line); }
  code { background: var(--bg); padding: 0.1rem 0.3rem; border-radius: 4px; }
  label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
  textarea { width: 100%; min-height: 6rem; font: inherit; padding: 0.5rem; border: 1px solid var(--line); border-radius: 6px; background: var(--card); color: var(--fg); }
  button { font: inherit; padding: 0.5rem 1rem; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; margin-top: 0.5rem; }
  a:focus-visible, button:focus-visible, textarea:focus-visible { outline: 3px solid var(--link); outline-offset: 2px; }
  .error { color: inherit; border-left: 4px solid #cf222e; padding-left: 0.5rem; }
  .notice { border-left: 4px solid var(--accent); padding-left: 0.5rem; }
`;

/** A full page of the emulator's web UI: a header naming the emulator, then `body` in `<main>`. */
export function page(
  status: number,
  title: string,
  body: Html,
  headers: Record<string, string> = {},
): ApiResponse {
  return {
    status,
    text: html`<!doctype html>
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>${title} · GitHub emulator</title>
          <style>
            ${new Html(STYLE)}
          </style>
        </head>
        <body>
          <header>
            <nav aria-label="Emulator">
              <a class="brand" href="/">GitHub emulator</a
              ><span class="meta">a local stand-in for github.com</span>
            </nav>
          </header>
          <main>${body}</main>
        </body>
      </html> `.value,
    headers: { "content-type": "text/html; charset=utf-8", ...headers },
  };
}
