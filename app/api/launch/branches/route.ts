import { failureFromError } from "@/lib/actions/failure";
import { HTTP_STATUS } from "@/lib/actions/result";
import { currentUser } from "@/lib/auth/session";
import { ownerSchema, repoSchema } from "@/lib/github";
import { repositoryBranches } from "@/lib/repositories/pickers";

/** Branches of one repository (`repo=owner/name`), read with the signed-in person's access. */
export async function GET(request: Request) {
  const user = await currentUser();
  if (!user)
    return Response.json({ code: "signed_out", message: "Sign in to list branches." }, { status: 401 });
  const [owner, name] = (new URL(request.url).searchParams.get("repo") ?? "").split("/");
  const o = ownerSchema.safeParse(owner);
  const r = repoSchema.safeParse(name);
  if (!o.success || !r.success)
    return Response.json({ code: "invalid_input", message: "Use owner/name." }, { status: 400 });
  try {
    const branches = await repositoryBranches(user.id, o.data, r.data);
    return Response.json({ branches }, { headers: { "cache-control": "private, no-store" } });
  } catch (error) {
    const { code, message } = failureFromError(error);
    return Response.json({ code, message }, { status: HTTP_STATUS[code] });
  }
}
