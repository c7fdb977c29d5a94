import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, dataOrThrow, fetchJson } from "./fetch-json";

function answer(status: number, body: unknown) {
  vi.stubGlobal(
    "fetch",
    vi.fn(async () => new Response(typeof body === "string" ? body : JSON.stringify(body), { status })),
  );
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

afterEach(() => vi.unstubAllGlobals());

describe("fetchJson", () => {
  it("returns the JSON body and asks for JSON", async () => {
    answer(200, { branches: ["main"] });
    await expect(fetchJson<{ branches: string[] }>("/api/launch/branches?repo=a/b")).resolves.toEqual({
      branches: ["main"],
    });
    const [, init] = vi.mocked(fetch).mock.calls[0]!;
    expect(new Headers(init?.headers).get("accept")).toBe("application/json");
  });

  it("carries the route's code and message", async () => {
    answer(403, { code: "no_copilot_access", message: "No Copilot seat." });
    const error = await failure(fetchJson("/api/x"));
    expect([error.code, error.message, error.status]).toEqual(["no_copilot_access", "No Copilot seat.", 403]);
  });

  it("falls back to the status's code when the route names none (or an unknown one)", async () => {
    answer(401, { message: "Sign in to see tasks." });
    expect((await failure(fetchJson("/api/x"))).code).toBe("signed_out");
    answer(503, { code: "made_up", message: "Down." });
    expect((await failure(fetchJson("/api/x"))).code).toBe("unavailable");
    answer(500, "<html>oops</html>");
    const error = await failure(fetchJson("/api/x"));
    expect([error.code, error.message]).toEqual(["unknown", "Request failed (500)."]);
  });

  it("says so when the network fails or the answer is not JSON", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => {
        throw new TypeError("Failed to fetch");
      }),
    );
    expect((await failure(fetchJson("/api/x"))).code).toBe("unavailable");
    answer(200, "not json");
    expect((await failure(fetchJson("/api/x"))).code).toBe("unknown");
  });
});

describe("dataOrThrow", () => {
  const thrown = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return error as ApiError;
    }
    return null;
  };
  it("unwraps data and throws failures with their code and message", () => {
    expect(dataOrThrow({ ok: true, data: 3 })).toBe(3);
    const gone = thrown(() => dataOrThrow({ ok: false, code: "not_found", message: "Gone." }));
    expect([gone?.code, gone?.message]).toEqual(["not_found", "Gone."]);
    expect(thrown(() => dataOrThrow({ ok: false, code: "signed_out", message: "Sign in." }))?.code).toBe(
      "signed_out",
    );
  });
});
