import { currentUser } from "@/lib/auth/session";
import { getRepositorySetup } from "@/lib/dal/repository-setups";

/** One setup's live view (both steps and its task), for its status page to poll. Only its owner's. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await currentUser();
  if (!user) return Response.json({ message: "Sign in to see this setup." }, { status: 401 });
  const { id } = await params;
  const view = /^[A-Za-z0-9_-]{1,64}$/.test(id) ? await getRepositorySetup(id, user) : null;
  if (!view) return Response.json({ message: "No such setup, or it is not yours." }, { status: 404 });
  return Response.json(view, { headers: { "cache-control": "no-store" } });
}
