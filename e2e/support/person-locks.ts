import pg from "pg";

/**
 * Who is acting as whom, across Playwright workers. A person's GitHub tokens live on their one
 * Account row, shared by every session of theirs: a spec that expires or revokes them breaks every
 * other spec acting as that person at the same moment. So every test holds a shared lock on each
 * person it acts as, and a spec that changes a person's GitHub sign-in holds it exclusively.
 *
 * Postgres session advisory locks on the e2e database: released when the connection ends (even if
 * the test process dies), and a waiting exclusive request holds back later shared ones, so the
 * exclusive spec is not starved. The two-key form is a key space of its own: the app's advisory
 * locks take one bigint key and cannot collide with these.
 */
const NAMESPACE = 0x5e2e;

export class PersonLocks {
  private client: pg.Client | undefined;
  private readonly held = new Set<string>();

  constructor(private readonly databaseUrl: string) {}

  /**
   * Waits until nobody holds `login` exclusively (or, with `exclusive`, until nobody acts as them
   * at all), then holds it until `releaseAll`. Returns how long it waited, in milliseconds.
   */
  async acquire(login: string, { exclusive = false } = {}): Promise<number> {
    if (this.held.has(login)) return 0;
    this.client ??= await this.connect();
    const started = Date.now();
    await this.client.query(
      exclusive
        ? "SELECT pg_advisory_lock($1, hashtext($2))"
        : "SELECT pg_advisory_lock_shared($1, hashtext($2))",
      [NAMESPACE, login],
    );
    this.held.add(login);
    return Date.now() - started;
  }

  async releaseAll(): Promise<void> {
    this.held.clear();
    // Ending the session releases every advisory lock it holds.
    await this.client?.end();
    this.client = undefined;
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    await client.connect();
    return client;
  }
}
