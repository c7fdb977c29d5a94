import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Section } from "@/components/ui/section";
import { Table, TableCell, TableRow, TableRowHeader } from "@/components/ui/table";
import { RelativeTime } from "@/components/ui/time";
import { listApiTokens, type ApiTokenRow } from "@/lib/api/tokens";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { revokeApiTokenAction } from "./actions";
import { CreateTokenForm } from "./_components/create-token-form";

export const metadata: Metadata = { title: "API tokens" };
export const dynamic = "force-dynamic";

function statusOf(token: ApiTokenRow): string {
  if (token.revokedAt) return "Revoked";
  if (token.expired) return "Expired";
  return "Active";
}

function TokenTable({
  caption,
  rows,
  showOwner,
}: {
  caption: string;
  rows: ApiTokenRow[];
  showOwner: boolean;
}) {
  const now = new Date();
  return (
    <Table
      caption={caption}
      columns={[
        "Name",
        ...(showOwner ? ["Owner"] : []),
        "Token",
        "Scopes",
        "Last used",
        "Expires",
        "Status",
        { header: <span className="sr-only">Actions</span> },
      ]}
    >
      {rows.map((token) => (
        <TableRow key={token.id} data-testid="api-token-row">
          <TableRowHeader>{token.name}</TableRowHeader>
          {showOwner ? <TableCell>{token.owner}</TableCell> : null}
          <TableCell className="font-mono text-xs">{token.prefix}_…</TableCell>
          <TableCell className="text-xs">{token.scopes.join(", ")}</TableCell>
          <TableCell>
            {token.lastUsedAt ? <RelativeTime date={token.lastUsedAt} now={now} /> : "Never"}
          </TableCell>
          <TableCell>
            <RelativeTime date={token.expiresAt} now={now} />
          </TableCell>
          <TableCell>{statusOf(token)}</TableCell>
          <TableCell>
            {token.revokedAt ? null : (
              <form action={revokeApiTokenAction}>
                <input type="hidden" name="tokenId" value={token.id} />
                <ConfirmButton
                  label="Revoke"
                  accessibleLabel={`Revoke token ${token.name}`}
                  confirm="Programs using it fail from their next request."
                  variant="secondary"
                  size="sm"
                />
              </form>
            )}
          </TableCell>
        </TableRow>
      ))}
    </Table>
  );
}

export default async function ApiTokensPage() {
  const user = await requireUser();
  const [mine, everyone] = await Promise.all([
    listApiTokens(db, user, { everyone: false }),
    user.role === "admin" ? listApiTokens(db, user, { everyone: true }) : Promise.resolve(null),
  ]);
  return (
    <>
      <PageHeader
        title="API tokens"
        description="Tokens let your scripts and bots use Switchyard's API as you: tasks start under your GitHub identity, with your repositories' policies, and every change is in the audit log."
      />
      <div className="grid gap-8 lg:grid-cols-[24rem_1fr]">
        <Section id="create" title="New token" className="space-y-3">
          <CreateTokenForm />
        </Section>
        <div className="min-w-0 space-y-8">
          <Section id="mine" title="Your tokens" className="space-y-3">
            {mine.length === 0 ? (
              <EmptyState title="No tokens yet" />
            ) : (
              <TokenTable caption="Your API tokens" rows={mine} showOwner={false} />
            )}
            <p className="text-sm text-fg-muted">
              How to call the API: the{" "}
              <Link href="/api/docs" className="text-accent underline">
                API reference
              </Link>
              .
            </p>
          </Section>
          {everyone ? (
            <Section id="everyone" title="Everyone's tokens" className="space-y-3">
              {everyone.length === 0 ? (
                <EmptyState title="Nobody has a token" />
              ) : (
                <TokenTable caption="Everyone's API tokens" rows={everyone} showOwner />
              )}
            </Section>
          ) : null}
        </div>
      </div>
    </>
  );
}
