// The payments database's roles (PCI DSS 7.2.5: application and system accounts get the least privilege they need).
//
//   master    (RDS's master user)  creates and maintains the two roles below, and nothing else: no request, no
// migration
//   migrator  (payments_migrator)  owns the schema: every migration runs as it (DDL), and it grants the application
//   application (payments_app)     the role every request runs as: exactly the DML APPLICATION_GRANTS lists on the
//                                  tables it needs — no DDL, no ownership, no other table, no role membership
//
// Their passwords live in two Secrets Manager secrets ({"username", "password"}) that Terraform fills from a generated
// password it never stores; the master sets each role's password to its secret's on every migration run, so
// rotating one is: new secret value, then run migrations (the API re-reads its secret when a login fails). A password
// reaches PostgreSQL only as a SCRAM-SHA-256 verifier, so the statement RDS logs (log_statement = ddl) never holds it.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import pg from 'pg';

export interface RoleLogin {
  username: string;
  password: string;
}

/** What the application role may do, table by table. A table missing here is one the application cannot touch. */
export const APPLICATION_GRANTS: Readonly<Record<string, readonly ('SELECT' | 'INSERT' | 'UPDATE' | 'DELETE')[]>> = {
  payments: ['SELECT', 'INSERT'],
  idempotency_keys: ['SELECT', 'INSERT'],
};

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** A role name as SQL, refusing anything that is not a plain lower-case identifier (they come from secrets). */
function roleIdentifier(name: string): string {
  if (!ROLE_NAME.test(name))
    throw new Error('a database role name must be a lower-case identifier (letters, digits, _)');
  return pg.escapeIdentifier(name);
}

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5802/7677, PostgreSQL's scram_build_secret):
 * `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`. Given to ALTER ROLE … PASSWORD, it is stored as is,
 * so the clear password is never sent or logged. Passwords here are generated ASCII, which SASLprep leaves unchanged.
 */
export function scramVerifier(password: string, salt: Buffer = randomBytes(16), iterations = 4096): string {
  if (!/^[\x20-\x7e]+$/.test(password)) throw new Error('role passwords must be printable ASCII');
  const salted = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

export interface EnsureRolesOptions {
  database: string;
  migrator: RoleLogin;
  application: RoleLogin;
}

/**
 * Run as the master user: creates the two roles if they do not exist, resets their attributes and passwords to the
 * secrets', lets only them connect, gives the migrator the schema and hands it every table the master still owns
 * (databases migrated by the master before the roles existed). Idempotent.
 */
export async function ensureRoles(master: pg.ClientBase, options: EnsureRolesOptions): Promise<void> {
  const migrator = roleIdentifier(options.migrator.username);
  const application = roleIdentifier(options.application.username);
  if (migrator === application) throw new Error('the migration and application roles must differ');
  const database = pg.escapeIdentifier(options.database);
  const me = (await master.query<{ name: string }>('SELECT current_user AS name')).rows[0]!.name;
  if (me === options.migrator.username || me === options.application.username)
    throw new Error('the master user cannot be the migration or application role');

  for (const [role, login] of [
    [migrator, options.migrator],
    [application, options.application],
  ] as const) {
    const verifier = pg.escapeLiteral(scramVerifier(login.password));
    const exists = (await master.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [login.username])).rowCount === 1;
    // Never superuser, never able to create roles or databases, no replication, no RLS bypass: whatever the role was.
    const attributes = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT';
    await master.query(`${exists ? 'ALTER' : 'CREATE'} ROLE ${role} WITH ${attributes} PASSWORD ${verifier}`);
  }
  // Only the two roles (and the master, the database's owner) may connect to the payments database.
  await master.query(`REVOKE ALL ON DATABASE ${database} FROM PUBLIC`);
  await master.query(`GRANT CONNECT ON DATABASE ${database} TO ${migrator}, ${application}`);
  await master.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
  await master.query(`GRANT USAGE, CREATE ON SCHEMA public TO ${migrator}`);
  await master.query(`GRANT USAGE ON SCHEMA public TO ${application}`);
  // Tables the master created (migrations run as it before this existed) move to the migrator. ALTER … OWNER needs
  // the master to be able to act as the new owner (PostgreSQL 16 no longer implies it for roles one created).
  const owned = await master.query<{ kind: string; name: string }>(
    `SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' ELSE 'TABLE' END AS kind, c.relname AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S', 'v') AND pg_get_userbyid(c.relowner) = current_user`,
  );
  if (owned.rows.length > 0) {
    await master.query(`GRANT ${migrator} TO CURRENT_USER`);
    for (const { kind, name } of owned.rows)
      await master.query(`ALTER ${kind} public.${pg.escapeIdentifier(name)} OWNER TO ${migrator}`);
  }
}

/**
 * Run as the migrator, after the migrations: the application role gets exactly APPLICATION_GRANTS on the tables it
 * needs and nothing on any other table or sequence. A table the grants name that the migrations did not create is an
 * error (the list and db/migrations disagree).
 */
export async function grantApplication(migrator: pg.ClientBase, application: string): Promise<void> {
  const role = roleIdentifier(application);
  await migrator.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${role}`);
  await migrator.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${role}`);
  for (const [table, privileges] of Object.entries(APPLICATION_GRANTS)) {
    const found =
      (await migrator.query("SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = $1", [table]))
        .rowCount === 1;
    if (!found) throw new Error(`APPLICATION_GRANTS names table ${table}, which the migrations did not create`);
    await migrator.query(`GRANT ${privileges.join(', ')} ON public.${pg.escapeIdentifier(table)} TO ${role}`);
  }
}
