/**
 * Prisma 6.19 runs migrations through its wasm schema engine with a driver adapter.
 * adapter-pg needs three fixes for that to work (see docs/stack-traps.md §1):
 *  1. pg_catalog column types it cannot deserialize (prisma/orm#27403) are read as text;
 *  2. the shadow database is connected with discrete settings, since a connection string
 *     would override the database name;
 *  3. the shadow pool is closed before the shadow database is dropped.
 */
import { PrismaPg } from "@prisma/adapter-pg";

const TEXT_LIKE_OIDS = new Set([18, 19, 22, 24, 28, 30, 194, 2205, 2206]);
const TEXT_ARRAY_LIKE_OIDS = new Set([1002, 1003]);
const TEXT_OID = 25;
const TEXT_ARRAY_OID = 1009;

type Queryable = { performIO: (query: unknown) => Promise<{ fields?: { dataTypeID: number }[] }> };
type Disposable = { dispose: () => Promise<void>; executeScript: (sql: string) => Promise<void> };

function patchTypeMapping<T extends object>(queryable: T): T {
  let proto = Object.getPrototypeOf(queryable) as (Queryable & { __switchyardPatched?: boolean }) | null;
  while (proto && !Object.prototype.hasOwnProperty.call(proto, "performIO"))
    proto = Object.getPrototypeOf(proto);
  if (!proto || proto.__switchyardPatched) return queryable;
  const original = proto.performIO;
  proto.performIO = async function (this: Queryable, query: unknown) {
    const result = await original.call(this, query);
    for (const field of result.fields ?? []) {
      if (TEXT_LIKE_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
      else if (TEXT_ARRAY_LIKE_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_ARRAY_OID;
    }
    return result;
  };
  proto.__switchyardPatched = true;
  return queryable;
}

export function migrateAdapter(url: string) {
  const parsed = new URL(url);
  const config = {
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.slice(1)),
    allowExitOnIdle: true,
    idleTimeoutMillis: 200,
  };
  const factory = new PrismaPg(config);
  const connect = factory.connect.bind(factory);
  const patched = factory as unknown as {
    connect: () => Promise<unknown>;
    connectToShadowDb: () => Promise<unknown>;
  };
  patched.connect = async () => patchTypeMapping(await connect());
  patched.connectToShadowDb = async () => {
    const admin = (await connect()) as Disposable;
    const shadowName = `prisma_shadow_${Date.now()}`;
    await admin.executeScript(`CREATE DATABASE "${shadowName}"`);
    const shadow = patchTypeMapping(
      (await new PrismaPg({ ...config, database: shadowName }).connect()) as Disposable,
    );
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      await admin.executeScript(`DROP DATABASE IF EXISTS "${shadowName}"`);
      await admin.dispose();
    };
    return shadow;
  };
  return factory;
}
