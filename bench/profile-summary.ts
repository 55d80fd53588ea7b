/**
 * Where a Node CPU profile's time went, by package:
 *   tsx bench/profile-summary.ts <file.cpuprofile> [top] [--window <fromUs>-<toUs>]
 * `--window` keeps only the samples in that span of the monotonic clock (microseconds, as the
 * peer benchmark prints it for the load phase), leaving out start-up.
 * Self time (samples whose top frame is the function) is summed per bucket: each dependency in
 * node_modules (scoped packages as `@scope/name`), each source file of ours (`src/...`), Node's
 * own code (`node:internal`), and V8's pseudo-frames: `(garbage collector)`, `(program)` (native
 * code outside JS), `(idle)` (waiting for I/O, left out of the shares). Then the same buckets
 * inclusively (a sample counts for every bucket on its stack), and the `top` functions by self time.
 * Used for docs/benchmarks.md (a profile from `npm run bench -- peer --profile meshgraph`).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function bucketOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return 'node:internal';
  const src = url.search(/\/(src|bench)\//);
  if (src >= 0) return url.slice(src + 1).replace(/^file:\/\//, '');
  return url;
}

const argv = process.argv.slice(2);
const windowAt = argv.indexOf('--window');
const window = windowAt >= 0 ? argv.splice(windowAt, 2)[1]!.split('-').map(Number) : undefined;
const [file, topText] = argv;
if (!file) {
  console.error('usage: tsx bench/profile-summary.ts <file.cpuprofile> [top]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
let at = (profile as Profile & { startTime: number }).startTime;
profile.samples.forEach((id, i) => {
  at += profile.timeDeltas[i] ?? 0;
  if (window && (at < window[0]! || at > window[1]!)) return;
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});

const buckets = new Map<string, number>();
const functions = new Map<string, number>();
let total = 0;
let idle = 0;
for (const [id, us] of selfUs) {
  const node = byId.get(id)!;
  const { url, functionName, lineNumber } = node.callFrame;
  if (functionName === '(idle)') {
    idle += us;
    continue;
  }
  total += us;
  const bucket = bucketOf(url, functionName);
  buckets.set(bucket, (buckets.get(bucket) ?? 0) + us);
  const fn = `${functionName || '(anonymous)'} ${bucket}:${lineNumber + 1}`;
  functions.set(fn, (functions.get(fn) ?? 0) + us);
}

// Inclusive: a sample counts for every package or file on its stack (once each).
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const inclusive = new Map<string, number>();
for (const [id, us] of selfUs) {
  if (byId.get(id)!.callFrame.functionName === '(idle)') continue;
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const { url, functionName } = byId.get(at)!.callFrame;
    if (functionName === '(root)') break;
    seen.add(bucketOf(url, functionName));
  }
  for (const bucket of seen) inclusive.set(bucket, (inclusive.get(bucket) ?? 0) + us);
}

const pct = (us: number) => `${((100 * us) / total).toFixed(1)} %`;
console.log(`busy ${(total / 1000).toFixed(0)} ms, idle ${(idle / 1000).toFixed(0)} ms`);
console.log('\nself time by package or file (share of busy time):');
for (const [bucket, us] of [...buckets].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${pct(us).padStart(7)}  ${bucket}`);
console.log('\ntime with the package or file anywhere on the stack (share of busy time):');
for (const [bucket, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${pct(us).padStart(7)}  ${bucket}`);
console.log(`\ntop functions by self time:`);
for (const [fn, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, Number(topText ?? 25)))
  console.log(`  ${pct(us).padStart(7)}  ${fn}`);
