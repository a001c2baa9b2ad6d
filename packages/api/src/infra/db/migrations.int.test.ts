import { MikroORM } from '@mikro-orm/postgresql';
import { DEFAULT_ROLES, PERMISSIONS } from '@porter/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneDatabase } from '../../../test/harness.js';
import { createLogger } from '../../common/logger.js';
import { createJobs } from '../jobs/agenda.js';
import { ormConfig } from './orm.js';
import { ENTITIES } from '../../app/entities.js';

let orm: MikroORM;
let url: string;
beforeAll(async () => {
  url = await cloneDatabase();
  orm = await MikroORM.init(ormConfig(url, ENTITIES));
});
afterAll(async () => {
  await orm.close();
});

describe('migrations', () => {
  it('leave nothing for the schema diff, even with Agenda’s tables present', async () => {
    const jobs = createJobs(url, createLogger('silent'));
    await jobs.agenda.ready;
    await jobs.stop();
    const tables = await orm.em
      .getConnection()
      .execute<{ tablename: string }[]>(
        `select tablename from pg_tables where schemaname = 'public'`,
      );
    expect(tables.map((t) => t.tablename)).toContain('agenda_jobs');
    expect(await orm.schema.getUpdateSchemaSQL({ wrap: false })).toBe('');
  });

  it('seed the permission catalogue and default roles exactly as packages/shared defines them', async () => {
    const conn = orm.em.getConnection();
    const permissions = await conn.execute<
      { key: string; label: string; group: string; platform_only: boolean }[]
    >('select key, label, "group", platform_only from permission order by key');
    expect(permissions).toEqual(
      PERMISSIONS.map((p) => ({
        key: p.key,
        label: p.label,
        group: p.group,
        platform_only: 'platformOnly' in p && p.platformOnly === true,
      })).sort((a, b) => a.key.localeCompare(b.key)),
    );
    const roles = await conn.execute<
      {
        key: string;
        name: string;
        permissions: string[];
        scopes: string[];
        grants: string[];
        keeper: boolean;
      }[]
    >(
      'select key, name, permissions, scopes, grants, keeper from role where organisation_id is null order by key',
    );
    expect(roles).toEqual(
      DEFAULT_ROLES.map((r) => ({
        key: r.key,
        name: r.name,
        permissions: [...r.permissions],
        scopes: [...r.scopes],
        grants: [...r.grants],
        keeper: r.keeper === true,
      })).sort((a, b) => a.key.localeCompare(b.key)),
    );
  });

  it('keep audit events append-only', async () => {
    const conn = orm.em.getConnection();
    await conn.execute(
      `insert into audit_event (id, occurred_at, action) values (gen_random_uuid(), now(), 'sign-out')`,
    );
    await expect(conn.execute(`update audit_event set action = 'x'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(conn.execute(`delete from audit_event`)).rejects.toThrow(/append-only/);
  });

  it('allow one live role per user and scope, and only well-formed scopes', async () => {
    const conn = orm.em.getConnection();
    const [{ id: user }] = await conn.execute<[{ id: string }]>(
      `insert into app_user (id, email, full_name, created_at, updated_at) values (gen_random_uuid(), 'x@example.org', 'X', now(), now()) returning id`,
    );
    const [{ id: role }] = await conn.execute<[{ id: string }]>(
      `select id from role where key = 'SUPER_ADMIN'`,
    );
    const insert = (scope: string) =>
      conn.execute(
        `insert into role_assignment (id, user_id, role_id, scope_type, created_at) values (gen_random_uuid(), ?, ?, '${scope}', now())`,
        [user, role],
      );
    await insert('PLATFORM');
    await expect(insert('PLATFORM')).rejects.toThrow(/role_assignment_one_live_per_scope/);
    await expect(insert('ORGANISATION')).rejects.toThrow(/role_assignment_scope_shape/);
    await expect(
      conn.execute(
        `insert into app_user (id, email, full_name, created_at, updated_at) values (gen_random_uuid(), 'Y@Example.org', 'Y', now(), now())`,
      ),
    ).rejects.toThrow(/app_user_email_normalised/);
  });
});
