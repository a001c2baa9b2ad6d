// Issue 5 item 9 figures for the CSV import: a 10,000-row and a 100,000-row file of patients
// (realistic addresses and names, about 1% of each kind of bad row: invalid, duplicate, formula,
// missing email) uploaded through the real HTTP route by a signed-in Admin, then processed (every
// invitation, its delivery row, audit event and report row committed). Right after the upload the
// import runs in a worker process of its own (bench/patient-import-worker.ts calls
// processPatientImport), so Agenda's polling delay and the worker's start-up are not in the figure;
// the memory figure is that worker's peak resident set (VmHWM), which includes its idle ~150 MB.
// The worker inherits NODE_OPTIONS (the root script sets the production flags); WORKER_NODE_FLAGS adds more.
// Run: pnpm bench:import   (from the repository root; RUNS=3 SIZES=10000,100000 by default)
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { BENCH_SECRET, median, startBenchApi } from './bench-support.js';

const RUNS = Number(process.env.RUNS ?? 3);
const SIZES = (process.env.SIZES ?? '10000,100000').split(',').map(Number);
const { url, orm, http, organisation, deployment, cookie, stop } = await startBenchApi();

const FIRST = [
  'Olivia',
  'Amelia',
  'Isla',
  'Ava',
  'Noah',
  'Oliver',
  'George',
  'Arthur',
  'Muhammad',
  'Leo',
  'Harry',
  'Oscar',
  'Mia',
  'Ivy',
  'Freya',
  'Zara',
  'Aisha',
  'Chidi',
  'Siobhán',
  'Łukasz',
];
const LAST = [
  'Smith',
  'Jones',
  'Williams',
  'Taylor',
  'Brown',
  'Davies',
  'Evans',
  'Wilson',
  'Thomas',
  'Johnson',
  'Roberts',
  'Patel',
  'Khan',
  "O'Brien",
  'Nowak',
  'Okafor',
  'García',
  'Müller',
];
const DOMAINS = [
  'gmail.com',
  'outlook.com',
  'yahoo.co.uk',
  'nhs.net',
  'icloud.com',
  'btinternet.com',
  'hotmail.co.uk',
];

/** A realistic file: header, then per 100 rows one invalid, one duplicate, one formula, one missing email. */
function makeCsv(rows: number, tag: string): { csv: Buffer; bad: number } {
  const lines = ['Email,First name,Last name,NHS number'];
  let bad = 0;
  for (let i = 0; i < rows; i++) {
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[(i * 7) % LAST.length]!;
    const email = `${first.toLowerCase()}.${last.toLowerCase().replace(/[^a-z]/g, '')}.${tag}${i}@${DOMAINS[i % DOMAINS.length]}`;
    const nhs = String(4000000000 + i);
    switch (i % 100) {
      case 17:
        lines.push(`${first}.${last} at ${DOMAINS[0]},${first},${last},${nhs}`);
        bad++;
        break;
      case 42:
        lines.push(lines[lines.length - 10]!);
        bad++;
        break;
      case 63:
        lines.push(`${email},"=HYPERLINK(""http://x.example"")",${last},${nhs}`);
        bad++;
        break;
      case 88:
        lines.push(`,${first},${last},${nhs}`);
        bad++;
        break;
      default:
        lines.push(`${email},${first},"${last}",${nhs}`);
    }
  }
  return { csv: Buffer.from(lines.join('\r\n') + '\r\n'), bad };
}

/** Runs the import in a worker process of its own (as production does) and reads its figures. */
function runWorker(
  importId: string,
): Promise<{ outcome: string; ms: number; idleRssMb: number; peakRssMb: number }> {
  const script = fileURLToPath(new URL('./patient-import-worker.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [
        ...process.execArgv,
        ...(process.env.WORKER_NODE_FLAGS ?? '').split(' ').filter(Boolean),
        script,
        url,
        BENCH_SECRET,
        importId,
      ],
      { maxBuffer: 1 << 20 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`worker failed: ${stderr || error.message}`));
        resolve(JSON.parse(stdout.trim().split('\n').at(-1)!));
      },
    );
  });
}
const figures = new Map<
  number,
  { upload: number[]; processing: number[]; total: number[]; rate: number[]; rss: number[] }
>();

for (let run = 0; run < RUNS; run++) {
  for (const size of SIZES) {
    const { csv, bad } = makeCsv(size, `r${run}s${size}x`);
    const started = performance.now();
    const params = new URLSearchParams({
      organisationId: organisation.id,
      deploymentId: deployment.id,
      expiryHours: '168',
      fileName: `bench-${size}.csv`,
    });
    const response = await fetch(`${http.url}/api/patient-imports?${params.toString()}`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'text/csv', 'x-porter-csrf': '1' },
      body: csv,
    });
    const { importId } = (await response.json()) as { importId: string };
    if (response.status !== 202) throw new Error(`upload answered ${response.status}`);
    const uploaded = performance.now() - started;
    const worker = await runWorker(importId);
    const outcome = worker.outcome;
    const peak = worker.peakRssMb;

    const [row] = await orm.em
      .getConnection()
      .execute<
        { status: string; total_rows: number; invited_count: number; refused_count: number }[]
      >(
        'select status, total_rows, invited_count, refused_count from patient_import where id = ?',
        [importId],
      );
    if (
      outcome !== 'done' ||
      row?.status !== 'DONE' ||
      row.total_rows !== size ||
      row.invited_count !== size - bad
    ) {
      throw new Error(`import ${outcome}: ${JSON.stringify(row)} (expected ${size - bad} invited)`);
    }
    const f = figures.get(size) ?? { upload: [], processing: [], total: [], rate: [], rss: [] };
    f.upload.push(uploaded);
    f.processing.push(worker.ms);
    f.total.push(uploaded + worker.ms);
    f.rate.push(size / ((uploaded + worker.ms) / 1000));
    f.rss.push(peak);
    figures.set(size, f);
    console.log(
      `run ${run + 1}, ${size} rows (${(csv.length / 1024 / 1024).toFixed(1)} MB, ${row.invited_count} invited, ${row.refused_count} refused): upload ${uploaded.toFixed(0)} ms, processing ${worker.ms.toFixed(0)} ms, total ${(uploaded + worker.ms).toFixed(0)} ms, ${(size / ((uploaded + worker.ms) / 1000)).toFixed(0)} rows/s, worker RSS idle ${worker.idleRssMb.toFixed(0)} MB, peak ${peak.toFixed(0)} MB`,
    );
  }
}

const fmt = (xs: number[], digits = 0) =>
  `${median(xs).toFixed(digits)} (min ${Math.min(...xs).toFixed(digits)}, max ${Math.max(...xs).toFixed(digits)})`;
console.log(
  `\nMedians over ${RUNS} runs (processing in a worker process of its own; Agenda polling not included):`,
);
for (const [size, f] of figures) {
  console.log(
    `${size} rows: upload ${fmt(f.upload)} ms; processing ${fmt(f.processing)} ms; total ${fmt(f.total)} ms; ${fmt(f.rate)} rows/s; worker peak RSS ${fmt(f.rss)} MB`,
  );
}

await stop();
