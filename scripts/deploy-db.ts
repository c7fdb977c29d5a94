/** `npm run db:deploy`: committed migrations, the job queue's schema, and prisma/sql objects. */
import "dotenv/config";
import { getEnv } from "../lib/env";
import { migrateDeploy } from "./lib/database";

await migrateDeploy(getEnv().DATABASE_URL);
console.info("database: migrations applied");
