import { currentUser } from "@/lib/auth/session";
import { getCampaignView } from "@/lib/dal/campaigns";

/** A campaign's live state (status, counts, burndown, cost, per-repository rows) for its page to poll. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await currentUser();
  if (!user) return Response.json({ message: "Sign in to see campaigns." }, { status: 401 });
  const { id } = await params;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id))
    return Response.json({ message: "No such campaign." }, { status: 404 });
  const view = await getCampaignView(id, user, { withPrompts: false });
  if (!view) return Response.json({ message: "No such campaign." }, { status: 404 });
  return Response.json(view, { headers: { "cache-control": "no-store" } });
}
