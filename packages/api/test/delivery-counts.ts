// What the fault suite and the delivery benches read back after a run, with no test framework in
// the way (the benches import it too).
import type { MikroORM } from '@mikro-orm/postgresql';

/** The sum of a Prometheus metric's samples (over every label set) on a /metrics page at `url`. */
export async function metricTotal(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** Delivery statuses of the invitations whose address starts with `prefix`, counted. */
export async function deliveryStatuses(
  orm: MikroORM,
  prefix: string,
): Promise<Record<string, number>> {
  const rows = await orm.em.getConnection().execute<{ status: string; n: string }[]>(
    `select d.status, count(*) as n from invitation_delivery d
       join invitation i on i.id = d.invitation_id
      where i.address like ? group by d.status`,
    [`${prefix}%`],
  );
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
