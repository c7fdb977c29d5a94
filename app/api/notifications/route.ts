import { currentUser } from "@/lib/auth/session";
import { listNotifications } from "@/lib/notifications/queries";

/** The bell's unread count and latest items, polled by the header. */
export async function GET() {
  const user = await currentUser();
  if (!user)
    return Response.json(
      { message: "Sign in to see notifications." },
      { status: 401, headers: { "cache-control": "no-store" } },
    );
  const list = await listNotifications(user, { limit: 20 });
  return Response.json(list, { headers: { "cache-control": "no-store" } });
}
