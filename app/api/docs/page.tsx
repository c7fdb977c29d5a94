import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { Section } from "@/components/ui/section";
import { Table, TableCell, TableRow, TableRowHeader } from "@/components/ui/table";
import { openApiDocument } from "@/lib/api/openapi";

export const metadata: Metadata = { title: "API reference" };
export const dynamic = "force-dynamic";

type Parameter = { name: string; in: string; required: boolean; description?: string; schema: object };
type Operation = {
  operationId: string;
  summary: string;
  description?: string;
  "x-scopes": string[];
  parameters: Parameter[];
  requestBody?: { content: Record<string, { schema: object }> };
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
};

function SchemaBlock({ label, schema }: { label: string; schema: object }) {
  return (
    <details className="rounded-md border border-line bg-canvas p-2 text-sm">
      <summary className="cursor-pointer font-medium">{label}</summary>
      <pre className="mt-2 max-h-96 overflow-auto text-xs">{JSON.stringify(schema, null, 2)}</pre>
    </details>
  );
}

/**
 * The /api/v1 reference, rendered on the server from the same OpenAPI description that
 * /api/v1/openapi.json serves (no script, no CDN).
 */
export default function ApiDocsPage() {
  const document = openApiDocument();
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      path,
      method,
      operation: operation as Operation,
    })),
  );
  return (
    <div className="space-y-8">
      <PageHeader title="Switchyard API v1" description={document.info.description} />
      <Section id="basics" title="Basics" className="space-y-2 text-sm">
        <p>
          Base URL <code className="font-mono">/api/v1</code>. Send{" "}
          <code className="font-mono">Authorization: Bearer syt_…</code> with a token from{" "}
          <Link href="/tokens" className="text-accent underline">
            API tokens
          </Link>
          ; a browser session does not authenticate the API. Failures are{" "}
          <code className="font-mono">{"{ code, message, fieldErrors? }"}</code> with a stable{" "}
          <code className="font-mono">code</code>. Lists page with <code className="font-mono">cursor</code>{" "}
          and a <code className="font-mono">Link: &lt;…&gt;; rel=&quot;next&quot;</code> header. Every answer
          carries <code className="font-mono">RateLimit</code> and{" "}
          <code className="font-mono">RateLimit-Policy</code>. A POST with{" "}
          <code className="font-mono">Idempotency-Key</code> runs once per key and body within 24 hours.
        </p>
        <p>
          Machine-readable:{" "}
          <a href="/api/v1/openapi.json" className="text-accent underline">
            openapi.json
          </a>{" "}
          (OpenAPI 3.1).
        </p>
      </Section>
      {operations.map(({ path, method, operation }) => (
        <Section
          key={operation.operationId}
          id={operation.operationId}
          title={`${method.toUpperCase()} ${path}`}
          className="space-y-3"
        >
          <p className="font-medium">{operation.summary}</p>
          {operation.description ? <p className="text-sm text-fg-muted">{operation.description}</p> : null}
          <p className="text-sm">
            Scope: <code className="font-mono">{operation["x-scopes"].join(" or ")}</code>
          </p>
          {operation.parameters.length > 0 ? (
            <Table
              caption={`Parameters of ${method.toUpperCase()} ${path}`}
              columns={["Name", "In", "Required", "Schema"]}
            >
              {operation.parameters.map((parameter) => (
                <TableRow key={`${parameter.in}-${parameter.name}`}>
                  <TableRowHeader className="font-mono">{parameter.name}</TableRowHeader>
                  <TableCell>{parameter.in}</TableCell>
                  <TableCell>{parameter.required ? "yes" : "no"}</TableCell>
                  <TableCell className="font-mono text-xs">{JSON.stringify(parameter.schema)}</TableCell>
                </TableRow>
              ))}
            </Table>
          ) : null}
          {operation.requestBody ? (
            <SchemaBlock
              label="Request body"
              schema={operation.requestBody.content["application/json"]!.schema}
            />
          ) : null}
          {Object.entries(operation.responses)
            .filter(([status]) => Number(status) < 300)
            .map(([status, response]) => (
              <SchemaBlock
                key={status}
                label={`Response ${status}`}
                schema={response.content?.["application/json"]?.schema ?? {}}
              />
            ))}
        </Section>
      ))}
    </div>
  );
}
