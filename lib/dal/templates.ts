import "server-only";
import { db } from "@/lib/db";
import type { TemplateCategory } from "@/generated/prisma/enums";
import { toTemplateVersionDto, type TemplateVersionDto } from "@/lib/templates/prompt";
import { visibleTaskWhere, type Viewer } from "@/lib/visibility/scope";
import { readParameters } from "@/lib/templates/parameter-schema";
import { ensureStarterTemplates } from "@/lib/templates/starters";

export { categoryLabel, TEMPLATE_CATEGORIES, type TemplateCategory } from "@/lib/templates/categories";

export type TemplateSummary = {
  id: string;
  slug: string;
  name: string;
  description: string;
  category: string;
  origin: "starter" | "custom";
  archivedAt: Date | null;
  createdById: string | null;
  updatedAt: Date;
  latest: {
    id: string;
    version: number;
    createdAt: Date;
    createdByLogin: string | null;
    parameterCount: number;
  } | null;
  /** Tasks started from any version. */
  launchCount: number;
};

export type TemplateDetail = Omit<TemplateSummary, "latest"> & { versions: TemplateVersionDto[] };

type TemplateFields = Omit<TemplateSummary, "latest" | "launchCount">;

/** What a list row and the detail page both say about a template. */
function templateFields(row: TemplateFields): TemplateFields {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    category: row.category,
    origin: row.origin,
    archivedAt: row.archivedAt,
    createdById: row.createdById,
    updatedAt: row.updatedAt,
  };
}

let starters: Promise<void> | null = null;

/** Starter templates exist once per process (the seed creates them too; this covers fresh databases). */
async function withStarters(): Promise<void> {
  starters ??= ensureStarterTemplates(db).catch((error: unknown) => {
    starters = null;
    throw error;
  });
  await starters;
}

/**
 * Every template with its latest version, starters first, then by name. Archived ones only on
 * request. Launch counts are of tasks the viewer can see.
 */
export async function listTemplates(
  viewer: Viewer,
  options: { includeArchived?: boolean; category?: TemplateCategory } = {},
): Promise<TemplateSummary[]> {
  await withStarters();
  const rows = await db.template.findMany({
    where: {
      ...(options.includeArchived ? {} : { archivedAt: null }),
      ...(options.category ? { category: options.category } : {}),
    },
    include: {
      versions: {
        orderBy: { version: "desc" },
        take: 1,
        select: { id: true, version: true, createdAt: true, createdByLogin: true, parameters: true },
      },
    },
    orderBy: [{ origin: "desc" }, { name: "asc" }],
  });
  const counts = await db.launch.groupBy({
    by: ["templateVersionId"],
    where: {
      templateVersion: { templateId: { in: rows.map((row) => row.id) } },
      taskId: { not: null },
      task: visibleTaskWhere(viewer),
    },
    _count: { _all: true },
  });
  const versionTemplate = new Map<string, string>();
  if (counts.length > 0) {
    const versions = await db.templateVersion.findMany({
      where: { id: { in: counts.map((count) => count.templateVersionId!).filter(Boolean) } },
      select: { id: true, templateId: true },
    });
    for (const version of versions) versionTemplate.set(version.id, version.templateId);
  }
  const launches = new Map<string, number>();
  for (const count of counts) {
    const templateId = versionTemplate.get(count.templateVersionId ?? "");
    if (templateId) launches.set(templateId, (launches.get(templateId) ?? 0) + count._count._all);
  }
  return rows.map((row) => {
    const latest = row.versions[0];
    return {
      ...templateFields(row),
      latest: latest
        ? {
            id: latest.id,
            version: latest.version,
            createdAt: latest.createdAt,
            createdByLogin: latest.createdByLogin,
            parameterCount: readParameters(latest.parameters).length,
          }
        : null,
      launchCount: launches.get(row.id) ?? 0,
    };
  });
}

/** A template and all of its versions, newest first; null when there is no such template. */
export async function getTemplate(id: string, viewer: Viewer): Promise<TemplateDetail | null> {
  const row = await db.template.findUnique({
    where: { id },
    include: { versions: { orderBy: { version: "desc" } } },
  });
  if (!row) return null;
  const launchCount = await db.launch.count({
    where: { templateVersion: { templateId: id }, taskId: { not: null }, task: visibleTaskWhere(viewer) },
  });
  return {
    ...templateFields(row),
    versions: row.versions.map(toTemplateVersionDto),
    launchCount,
  };
}

export type TemplateVersionWithTemplate = TemplateVersionDto & {
  template: {
    id: string;
    slug: string;
    name: string;
    category: string;
    origin: string;
    archivedAt: Date | null;
  };
  /** The newest version of the same template (to say "a newer version exists"). */
  latestVersion: number;
};

/** One version with its template (parameters parsed); null when there is no such version. */
export async function getTemplateVersion(versionId: string): Promise<TemplateVersionWithTemplate | null> {
  const row = await db.templateVersion.findUnique({
    where: { id: versionId },
    include: {
      template: {
        select: {
          id: true,
          slug: true,
          name: true,
          category: true,
          origin: true,
          archivedAt: true,
          versions: { orderBy: { version: "desc" }, take: 1, select: { version: true } },
        },
      },
    },
  });
  if (!row) return null;
  const { versions, ...template } = row.template;
  return { ...toTemplateVersionDto(row), template, latestVersion: versions[0]?.version ?? row.version };
}

/** The latest version of a template found by slug (e.g. the new-repository form's default). */
export async function getLatestVersionBySlug(slug: string): Promise<TemplateVersionWithTemplate | null> {
  await withStarters();
  const latest = await db.templateVersion.findFirst({
    where: { template: { slug } },
    orderBy: { version: "desc" },
    select: { id: true },
  });
  return latest ? getTemplateVersion(latest.id) : null;
}
