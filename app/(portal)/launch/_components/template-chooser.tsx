import Link from "next/link";
import { categoryLabel, type TemplateSummary } from "@/lib/dal/templates";

/** Free prompt or one of the templates; each choice is a link, so it works with any input device. */
export function TemplateChooser({
  templates,
  selectedId,
  basePath = "/launch",
  allowFree = true,
}: {
  templates: TemplateSummary[];
  selectedId: string | null;
  basePath?: string;
  /** Offer "Free prompt" (the launch form); the setup form always needs a template. */
  allowFree?: boolean;
}) {
  const item = (active: boolean) =>
    `block rounded-md border px-3 py-2 text-sm ${
      active
        ? "border-accent bg-in-flight-soft font-semibold text-fg"
        : "border-line bg-surface text-fg hover:border-accent"
    }`;
  return (
    <nav aria-label="Start from" className="mb-8">
      <h2 className="mb-2 text-sm font-semibold text-fg">{allowFree ? "Start from" : "Setup template"}</h2>
      <ul className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
        {allowFree ? (
          <li>
            <Link
              href={basePath}
              className={item(selectedId === null)}
              aria-current={selectedId === null ? "page" : undefined}
            >
              Free prompt
              <span className="block text-xs font-normal text-fg-muted">Write the prompt yourself.</span>
            </Link>
          </li>
        ) : null}
        {templates.map((template) => (
          <li key={template.id}>
            <Link
              href={`${basePath}?template=${template.id}`}
              className={item(selectedId === template.id)}
              aria-current={selectedId === template.id ? "page" : undefined}
            >
              {template.name}
              <span className="block text-xs font-normal text-fg-muted">
                {categoryLabel(template.category)}
                {template.latest ? ` · v${template.latest.version}` : ""}
                {template.description ? ` · ${template.description}` : ""}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
