import { describe, expect, it } from "vitest";
import { parseAdmins, roleFor } from "./roles";

describe("roles from SWITCHYARD_ADMINS", () => {
  it("reads numeric entries as GitHub user ids and the rest as logins", () => {
    const admins = parseAdmins(["alice", "1002", " @Dave ", ""]);
    expect([...admins.ids]).toEqual([1002]);
    expect([...admins.logins].sort()).toEqual(["alice", "dave"]);
  });

  it("matches by id whatever the login is now (renames keep admins admins)", () => {
    const admins = parseAdmins(["1001"]);
    expect(roleFor({ githubId: 1001, login: "alice-renamed" }, admins)).toBe("admin");
    expect(roleFor({ githubId: 1002, login: "alice" }, admins)).toBe("member");
  });

  it("matches by login, case-insensitively", () => {
    const admins = parseAdmins(["Alice"]);
    expect(roleFor({ githubId: 1001, login: "alice" }, admins)).toBe("admin");
    expect(roleFor({ githubId: 1001, login: "ALICE" }, admins)).toBe("admin");
    expect(roleFor({ githubId: 1001, login: "alice2" }, admins)).toBe("member");
  });

  it("a numeric login is not matched by an id entry, nor an id by a login", () => {
    const admins = parseAdmins(["1234"]);
    expect(roleFor({ githubId: 99, login: "1234" }, admins)).toBe("member");
    expect(roleFor({ githubId: 1234, login: "someone" }, admins)).toBe("admin");
  });

  it("nobody is an admin when the list is empty or the person unknown", () => {
    expect(roleFor({ githubId: 1001, login: "alice" }, parseAdmins([]))).toBe("member");
    expect(roleFor({ githubId: null, login: null }, parseAdmins(["alice", "1001"]))).toBe("member");
  });
});
