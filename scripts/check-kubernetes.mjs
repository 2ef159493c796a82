// Schema check of Kubernetes manifests without a cluster: every document of the given YAML files
// (default: every manifest under deploy/kubernetes, kustomization.yaml aside) is validated against
// the OpenAPI schema of its apiVersion/kind, as shipped compiled by kubernetes-models (core kinds)
// and @kubernetes-models/keda (KEDA's CRDs). Prints one line per problem; exit 1 if any.
// ESM (.mjs) because those packages ship ESM only; run with Node: `node scripts/check-kubernetes.mjs`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { loadAll } from 'js-yaml';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the model classes of an apiVersion live: a core group, or a CRD package. */
function modelModule(apiVersion) {
  if (apiVersion.endsWith('keda.sh/v1alpha1')) return `@kubernetes-models/keda/${apiVersion}`;
  if (!/^([a-z0-9.-]+\/)?v\d+((alpha|beta)\d+)?$/.test(apiVersion)) return undefined;
  return `kubernetes-models/${apiVersion}`;
}

function manifests(path) {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => manifests(join(path, name)))
    .filter((f) => /\.ya?ml$/.test(f) && !/(^|\/)kustomization\.ya?ml$/.test(f));
}

const args = process.argv.slice(2);
const files = (args.length ? args : [join(ROOT, 'deploy', 'kubernetes')]).flatMap(manifests);
const problems = [];
let checked = 0;
for (const file of files) {
  const where = relative(process.cwd(), file);
  let docs;
  try {
    docs = loadAll(readFileSync(file, 'utf8')).filter((d) => d !== null && d !== undefined);
  } catch (error) {
    problems.push(`${where}: not YAML (${error.message.split('\n')[0]})`);
    continue;
  }
  for (const doc of docs) {
    const { apiVersion, kind } = doc ?? {};
    const name = `${where}: ${kind ?? '(no kind)'} ${doc?.metadata?.name ?? '(no name)'}`;
    const specifier = typeof apiVersion === 'string' ? modelModule(apiVersion) : undefined;
    let Model;
    try {
      Model = specifier && (await import(specifier))[kind];
    } catch {
      Model = undefined;
    }
    if (typeof Model !== 'function') {
      problems.push(`${name}: no schema for apiVersion ${apiVersion} kind ${kind}`);
      continue;
    }
    try {
      new Model(doc).validate();
      checked++;
    } catch (error) {
      problems.push(`${name}: ${error.message}`);
    }
  }
}
for (const p of problems) process.stdout.write(`${p}\n`);
process.stdout.write(
  `kubernetes: ${checked} valid, ${problems.length} problems in ${files.length} files\n`,
);
process.exit(problems.length === 0 && checked > 0 ? 0 : 1);
