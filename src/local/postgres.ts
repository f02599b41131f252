// A throwaway PostgreSQL cluster from Debian's binaries, standing in for RDS: loopback only, on a free port, in a
// temporary directory, TLS on with a CA and server certificate made at start-up, and a pg_hba.conf that has only
// `hostssl` lines, so a connection without TLS is refused by the server itself (as rds.force_ssl=1 does on RDS).
// PostgreSQL refuses to run as root; when we are root the server runs as the `postgres` user (or `nobody` on an
// image without one) through setpriv, which execs in place so the child we hold is the postmaster itself.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './emulator.ts';

export interface LocalPostgres {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly database: string;
  /** The superuser made at initdb; plays the RDS master user. */
  readonly user: string;
  readonly password: string;
  /** PEM of the CA that signed the server certificate: what a client must trust (the RDS CA bundle's stand-in). */
  readonly ca: string;
  /** The server certificate's names: 127.0.0.1 and localhost. */
  readonly serverNames: readonly string[];
  /** Stops the server (fast shutdown) but keeps the data directory, so `start()` brings it back. */
  stopServer(): Promise<void>;
  /** Starts the server again on the same port after `stopServer()`. */
  start(): Promise<void>;
  /** Stops the server and deletes the directory. */
  stop(): Promise<void>;
  /** The server's recent log output (stderr, last 64 KiB): connection attempts, refusals, errors. */
  logs(): string;
}

export interface LocalPostgresOptions {
  port?: number;
  database?: string;
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string>;
  /** When we are root: the OS users to try running the server as, first existing wins (default postgres, nobody). */
  osUsers?: string[];
}

/** The newest Debian PostgreSQL bin directory, e.g. /usr/lib/postgresql/15/bin. */
export function postgresBinDir(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((v) => /^\d+$/.test(v) && existsSync(join(base, v, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error(`no PostgreSQL server under ${base}: run "npm run bootstrap" first`);
  return join(base, versions[0]!, 'bin');
}

interface RunAs {
  uid: number;
  gid: number;
  /** Prefix that runs a command as that user (empty when we are not root). */
  prefix: string[];
}

function runAs(candidates: string[]): RunAs {
  const uid = process.getuid?.() ?? 0;
  if (uid !== 0) return { uid, gid: process.getgid?.() ?? 0, prefix: [] };
  for (const name of candidates) {
    let line = '';
    try {
      line = execFileSync('getent', ['passwd', name], { encoding: 'utf8' }).trim();
    } catch {
      continue;
    }
    const [, , u, g] = line.split(':');
    if (u === undefined || g === undefined) continue;
    return {
      uid: Number(u),
      gid: Number(g),
      prefix: ['setpriv', `--reuid=${u}`, `--regid=${g}`, '--clear-groups', '--'],
    };
  }
  throw new Error(`running as root and none of the users ${candidates.join(', ')} exists to run PostgreSQL as`);
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A CA and a server certificate it signs for 127.0.0.1 / localhost (ECDSA P-256: fast handshakes). */
export function makeCertificates(
  dir: string,
  commonName = 'enclave-local-ca',
): { caPem: string; certFile: string; keyFile: string } {
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key'], dir);
  openssl(
    [
      'req',
      '-x509',
      '-new',
      '-key',
      'ca.key',
      '-sha256',
      '-days',
      '2',
      '-subj',
      `/CN=${commonName}`,
      '-out',
      'ca.crt',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'server.key'], dir);
  openssl(['req', '-new', '-key', 'server.key', '-subj', '/CN=localhost', '-out', 'server.csr'], dir);
  writeFileSync(
    join(dir, 'server.ext'),
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n',
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '2',
      '-sha256',
      '-extfile',
      'server.ext',
      '-out',
      'server.crt',
    ],
    dir,
  );
  rmSync(join(dir, 'ca.key')); // nothing else will ever be signed by this CA
  return {
    caPem: readFileSync(join(dir, 'ca.crt'), 'utf8'),
    certFile: join(dir, 'server.crt'),
    keyFile: join(dir, 'server.key'),
  };
}

function chownTree(path: string, uid: number, gid: number): void {
  chownSync(path, uid, gid);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) chownTree(full, uid, gid);
    else chownSync(full, uid, gid);
  }
}

export async function startPostgres(options: LocalPostgresOptions = {}): Promise<LocalPostgres> {
  const bin = postgresBinDir();
  const who = runAs(options.osUsers ?? ['postgres', 'nobody']);
  const root = mkdtempSync(join(tmpdir(), 'enclave-pg-'));
  const data = join(root, 'data');
  const tls = join(root, 'tls');
  const port = options.port ?? (await freePort());
  const user = 'enclave_admin';
  const password = randomBytes(24).toString('base64url');
  const database = options.database ?? 'payments';
  let child: ChildProcess | undefined;
  let stderr = '';
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  const cleanup = () => {
    process.removeListener('exit', killOnExit);
    rmSync(root, { recursive: true, force: true });
  };

  try {
    execFileSync('mkdir', [tls]);
    const { caPem, certFile, keyFile } = makeCertificates(tls);
    writeFileSync(join(root, 'pwfile'), password + '\n', { mode: 0o600 });
    chmodSync(root, 0o700);
    chownTree(root, who.uid, who.gid);
    chmodSync(keyFile, 0o600); // postgres refuses a key readable by group or others

    const [initdb, ...initdbPrefix] = [...who.prefix, join(bin, 'initdb')];
    execFileSync(
      initdb!,
      [
        ...initdbPrefix,
        '-D',
        data,
        '-U',
        user,
        `--pwfile=${join(root, 'pwfile')}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
        '--no-sync',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    rmSync(join(root, 'pwfile'));
    // Only TLS connections from loopback, password-authenticated. No `host`, no `local` lines: everything else is
    // refused with "no pg_hba.conf entry … no encryption".
    writeFileSync(
      join(data, 'pg_hba.conf'),
      '# TYPE   DATABASE  USER  ADDRESS        METHOD\nhostssl  all       all   127.0.0.1/32   scram-sha-256\n',
    );
    chownSync(join(data, 'pg_hba.conf'), who.uid, who.gid);

    const settings: Record<string, string> = {
      listen_addresses: '127.0.0.1',
      port: String(port),
      unix_socket_directories: root,
      ssl: 'on',
      ssl_cert_file: certFile,
      ssl_key_file: keyFile,
      ssl_min_protocol_version: 'TLSv1.2',
      password_encryption: 'scram-sha-256',
      max_connections: '60',
      log_connections: 'on',
      ...options.settings,
    };
    const args = ['-D', data, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];

    const startServer = async () => {
      const [command, ...commandArgs] = [...who.prefix, join(bin, 'postgres'), ...args];
      const proc = spawn(command!, commandArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
      child = proc;
      proc.stderr?.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString()).slice(-65536);
      });
      const deadline = Date.now() + 30_000;
      for (;;) {
        if (proc.exitCode !== null) throw new Error(`postgres exited (${proc.exitCode}): ${stderr}`);
        const client = new pg.Client({
          host: '127.0.0.1',
          port,
          user,
          password,
          database: 'postgres',
          ssl: { ca: caPem, rejectUnauthorized: true },
          connectionTimeoutMillis: 1000,
        });
        try {
          await client.connect();
          await client.end();
          return;
        } catch (error) {
          await client.end().catch(() => undefined);
          if (Date.now() > deadline) {
            proc.kill('SIGKILL');
            throw new Error(`postgres did not accept connections on ${port}: ${(error as Error).message}\n${stderr}`);
          }
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    };

    const stopServer = async () => {
      const proc = child;
      if (proc === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
      const gone = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGINT'); // fast shutdown: roll back open transactions, disconnect clients
      await Promise.race([gone, new Promise((r) => setTimeout(r, 10_000))]);
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGKILL');
        await gone;
      }
    };

    await startServer();
    const admin = new pg.Client({
      host: '127.0.0.1',
      port,
      user,
      password,
      database: 'postgres',
      ssl: { ca: caPem, rejectUnauthorized: true },
    });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
    } finally {
      await admin.end();
    }

    return {
      host: '127.0.0.1',
      port,
      database,
      user,
      password,
      ca: caPem,
      serverNames: ['127.0.0.1', 'localhost'],
      stopServer,
      start: startServer,
      logs: () => stderr,
      async stop() {
        await stopServer();
        cleanup();
      },
    };
  } catch (error) {
    child?.kill('SIGKILL');
    cleanup();
    throw error;
  }
}
