/**
 * The admin-ordered list: the pure move and renumbering rules, then create, move and delete against
 * a database of this file's own (so the whole list is ours), sequential and concurrent.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import { isolatedDatabase } from "@/test/isolated-database";
import { moveInOrder, orderedList, positionsFor } from "./ordered-list";

describe("moveInOrder", () => {
  const ids = ["a", "b", "c"];
  it("swaps a row with its neighbour", () => {
    expect(moveInOrder(ids, { id: "b", direction: "up" })).toEqual({ order: ["b", "a", "c"], moved: true });
    expect(moveInOrder(ids, { id: "b", direction: "down" })).toEqual({
      order: ["a", "c", "b"],
      moved: true,
    });
  });
  it("moves nothing past either end, and knows no stranger", () => {
    expect(moveInOrder(ids, { id: "a", direction: "up" })).toEqual({ order: ids, moved: false });
    expect(moveInOrder(ids, { id: "c", direction: "down" })).toEqual({ order: ids, moved: false });
    expect(moveInOrder(ids, { id: "x", direction: "up" })).toBeNull();
  });
});

describe("positionsFor", () => {
  it("hands the positions out again in order, spreading ties apart", () => {
    expect(positionsFor([1, 2, 3])).toEqual([1, 2, 3]);
    expect(positionsFor([3, 1, 2])).toEqual([1, 2, 3]);
    expect(positionsFor([4, 9, 20])).toEqual([4, 9, 20]);
    expect(positionsFor([1, 1, 1, 2])).toEqual([1, 2, 3, 4]);
    expect(positionsFor([0, 0, 5])).toEqual([0, 1, 5]);
  });
});

describe("an ordered list in Postgres", () => {
  let db: PrismaClient;
  const rules = orderedList("RoutingRule");
  const policies = orderedList("RepositoryPolicy");
  const TRANSACTION = { maxWait: 20_000, timeout: 20_000 };

  beforeAll(async () => {
    const url = await isolatedDatabase("ordered_list");
    db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 20 }) });
  });
  afterAll(async () => {
    await db?.$disconnect();
  });
  beforeEach(async () => {
    await db.$executeRaw`TRUNCATE "RoutingRule", "RepositoryPolicy"`;
  });

  const addRule = (name: string) =>
    db.$transaction(
      (tx) =>
        rules.append(tx, (position) =>
          tx.routingRule.create({ data: { name, position, createdById: "test" }, select: { id: true } }),
        ),
      TRANSACTION,
    );
  const ruleOrder = async () =>
    db.routingRule.findMany({
      orderBy: [{ position: "asc" }, { createdAt: "asc" }, { id: "asc" }],
      select: { name: true, position: true },
    });
  const names = async () => (await ruleOrder()).map((rule) => rule.name);
  const positions = async () => (await ruleOrder()).map((rule) => rule.position);
  const dense = (count: number) => Array.from({ length: count }, (_, index) => index + 1);

  it("appends at the end, moves with renumbering and closes the gap on delete", async () => {
    const ids: Record<string, string> = {};
    for (const name of ["a", "b", "c", "d"]) ids[name] = (await addRule(name)).id;
    expect(await names()).toEqual(["a", "b", "c", "d"]);
    expect(await positions()).toEqual([1, 2, 3, 4]);

    const move = (name: string, direction: "up" | "down") =>
      db.$transaction((tx) => rules.move(tx, { id: ids[name]!, direction }));
    expect(await move("c", "up")).toEqual({ found: true, moved: true });
    expect(await names()).toEqual(["a", "c", "b", "d"]);
    expect(await move("a", "up")).toEqual({ found: true, moved: false });
    expect(await move("d", "down")).toEqual({ found: true, moved: false });
    expect(await move("a", "down")).toEqual({ found: true, moved: true });
    expect(await names()).toEqual(["c", "a", "b", "d"]);
    expect(await positions()).toEqual([1, 2, 3, 4]);
    expect(await db.$transaction((tx) => rules.move(tx, { id: "gone", direction: "up" }))).toEqual({
      found: false,
    });

    const remove = (name: string) =>
      db.$transaction((tx) =>
        rules.remove(tx, ids[name]!, () =>
          tx.routingRule.delete({ where: { id: ids[name]! }, select: { name: true } }),
        ),
      );
    expect(await remove("a")).toEqual({ name: "a" });
    expect(await names()).toEqual(["c", "b", "d"]);
    expect(await positions()).toEqual([1, 2, 3]);
    // Already gone: nothing deleted, nothing renumbered.
    expect(await remove("a")).toBeNull();
    expect(await positions()).toEqual([1, 2, 3]);
    expect((await addRule("e")).id).toBeTruthy();
    expect(await names()).toEqual(["c", "b", "d", "e"]);
    expect(await positions()).toEqual([1, 2, 3, 4]);
  });

  it("spreads tied positions (rows from before the lock) apart on the next move, keeping their order", async () => {
    const at = new Date("2026-01-01T00:00:00Z");
    for (const [index, name] of ["a", "b", "c"].entries())
      await db.routingRule.create({
        data: { name, position: 1, createdById: "test", createdAt: new Date(at.getTime() + index) },
      });
    const c = await db.routingRule.findFirstOrThrow({ where: { name: "c" } });
    await db.$transaction((tx) => rules.move(tx, { id: c.id, direction: "up" }));
    expect(await names()).toEqual(["a", "c", "b"]);
    expect(await positions()).toEqual([1, 2, 3]);
  });

  it("keeps positions dense and distinct under concurrent appends, moves and deletes", async () => {
    // Concurrent appends: without the lock, two would read the same max and tie.
    const created = await Promise.all(Array.from({ length: 12 }, (_, index) => addRule(`r${index}`)));
    expect(await positions()).toEqual(dense(12));

    const ids = created.map((row) => row.id);
    const operations = Array.from({ length: 24 }, (_, index) => {
      const id = ids[(index * 5) % ids.length]!;
      if (index % 8 === 7)
        return db.$transaction(
          (tx) => rules.remove(tx, id, () => tx.routingRule.deleteMany({ where: { id } }).then(() => id)),
          TRANSACTION,
        );
      if (index % 8 === 3) return addRule(`late${index}`);
      return db.$transaction(
        (tx) => rules.move(tx, { id, direction: index % 2 ? "up" : "down" }),
        TRANSACTION,
      );
    });
    await Promise.all(operations);
    const after = await ruleOrder();
    // 12 + 3 appends - 3 distinct deletes (ids 7*5%12=11, 15*5%12=3, 23*5%12=7).
    expect(after).toHaveLength(12);
    expect(after.map((rule) => rule.position)).toEqual(dense(12));
  });

  it("is one helper for every ordered table, each with a lock of its own", async () => {
    const add = (pattern: string) =>
      db.$transaction((tx) =>
        policies.append(tx, (position) =>
          tx.repositoryPolicy.create({ data: { pattern, position }, select: { id: true } }),
        ),
      );
    const first = await add("acme/a-*");
    await add("acme/b-*");
    await addRule("unrelated");
    await db.$transaction((tx) => policies.move(tx, { id: first.id, direction: "down" }));
    const rows = await db.repositoryPolicy.findMany({ orderBy: { position: "asc" } });
    expect(rows.map((row) => [row.pattern, row.position])).toEqual([
      ["acme/b-*", 1],
      ["acme/a-*", 2],
    ]);
    expect(await positions()).toEqual([1]);
  });
});
