// Checks the deployment files on paper (Docker and Kubernetes cannot run on CI machines):
// docker-compose.yml against the Compose schema and dclint's rules, every manifest under
// deploy/kubernetes against the Kubernetes OpenAPI schemas (kubernetes-models), and that each
// file the kustomization lists exists. Part of `pnpm lint`.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'deploy/kubernetes');
const problems = [];

execFileSync(
  path.join(root, 'node_modules/.bin/dclint'),
  ['docker-compose.yml', '--max-warnings', '0', '--color', 'false'],
  { cwd: root, stdio: 'inherit' },
);

/** kubernetes-models' class for an apiVersion and kind (e.g. apps/v1 Deployment). */
async function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const entry =
    group === '' ? `kubernetes-models/${version}` : `kubernetes-models/${group}/${version}`;
  const mod = await import(entry).catch(() => null);
  return mod?.[kind] ?? null;
}

// The schemas allow unknown fields, as the API server does; a misspelt one (periodSecondz) would
// be dropped silently. Every key must be a field name some Kubernetes type declares, except
// inside free-form maps.
// kubernetes-models and its apimachinery dependency (ObjectMeta and friends), beside it in pnpm's store.
const modelsDir = path.join(root, 'node_modules/kubernetes-models');
const apimachinery = path.join(realpathSync(modelsDir), '../@kubernetes-models/apimachinery');
const FIELDS = new Set();
for (const base of [modelsDir, apimachinery])
  for (const f of readdirSync(base, { recursive: true }))
    if (String(f).endsWith('.d.ts') && !String(f).startsWith('_schemas'))
      for (const m of readFileSync(path.join(base, String(f)), 'utf8').matchAll(
        /^\s+"([\w$-]+)"\??:/gm,
      ))
        FIELDS.add(m[1]);
const MAPS = new Set([
  'labels',
  'annotations',
  'data',
  'stringData',
  'matchLabels',
  'nodeSelector',
  'selector',
  'limits',
  'requests',
]);
function unknownKeys(value, where, out) {
  if (Array.isArray(value)) value.forEach((v, i) => unknownKeys(v, `${where}[${i}]`, out));
  else if (value && typeof value === 'object')
    for (const [key, v] of Object.entries(value)) {
      if (!FIELDS.has(key)) out.push(`${where}.${key}: not a Kubernetes field`);
      if (!MAPS.has(key)) unknownKeys(v, `${where}.${key}`, out);
    }
}

let checked = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
  const text = readFileSync(path.join(dir, file), 'utf8');
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) {
      problems.push(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
      continue;
    }
    const object = doc.toJS();
    if (!object) continue;
    if (object.kind === 'Kustomization') {
      for (const resource of object.resources ?? [])
        if (!readdirSync(dir).includes(resource))
          problems.push(`${file}: lists ${resource}, which does not exist`);
      continue;
    }
    const Model = await modelFor(object.apiVersion, object.kind);
    if (!Model) {
      problems.push(`${file}: no schema for ${object.apiVersion} ${object.kind}`);
      continue;
    }
    const unknown = [];
    unknownKeys(object, object.kind, unknown);
    for (const u of unknown) problems.push(`${file}: ${u}`);
    try {
      new Model(object).validate();
      checked++;
    } catch (error) {
      problems.push(`${file}: ${object.kind} ${object.metadata?.name}: ${error.message}`);
    }
  }
}
if (problems.length) {
  console.error(`deploy/kubernetes:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`docker-compose.yml and ${checked} Kubernetes objects check out`);
