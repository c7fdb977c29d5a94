import { failureFromError } from "@/lib/actions/failure";
import { HTTP_STATUS } from "@/lib/actions/result";
import { currentUser } from "@/lib/auth/session";
import { searchPushableRepositories } from "@/lib/repositories/pickers";

/** Repositories the signed-in person can push to, matching `q` (the launch form's picker). */
export async function GET(request: Request) {
  const user = await currentUser();
  if (!user)
    return Response.json({ code: "signed_out", message: "Sign in to list repositories." }, { status: 401 });
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 200);
  try {
    const result = await searchPushableRepositories(user.id, q);
    return Response.json(result, { headers: { "cache-control": "private, no-store" } });
  } catch (error) {
    const { code, message } = failureFromError(error);
    return Response.json({ code, message }, { status: HTTP_STATUS[code] });
  }
}
