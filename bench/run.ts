/**
 * npm run bench -- [import] [api] [--entries N | --scale K] [--heap-mb M] [--runs R] [--requests N] [--concurrency C]
 * Benchmarks live here, not in the test suite: speed goals are measured, not asserted.
 * See docs/benchmarks.md for what each one does and the numbers measured so far.
 */
import { parseArgs } from 'node:util';
import { benchApi } from './api.js';
import { benchImport } from './import.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    entries: { type: 'string' },
    scale: { type: 'string', default: '1' },
    'heap-mb': { type: 'string' }, // default: 2048 for import, 512 (the service's default) for api
    runs: { type: 'string', default: '1' },
    requests: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '8' },
  },
});

function positiveInteger(name: string, text: string | undefined): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} must be a positive integer (got "${text}")`);
    process.exit(2);
  }
  return n;
}

const which = positionals.length > 0 ? positionals : ['import'];
const known = ['import', 'api'];
for (const name of which) {
  if (!known.includes(name)) {
    console.error(`unknown benchmark "${name}" (known: ${known.join(', ')})`);
    process.exit(2);
  }
}
for (const name of which) {
  if (name === 'import') {
    const synthetic = values.entries !== undefined;
    await benchImport({
      entries: synthetic ? positiveInteger('entries', values.entries) : null,
      scale: positiveInteger('scale', values.scale),
      heapMb: positiveInteger('heap-mb', values['heap-mb'] ?? (synthetic ? '2048' : '512')),
      runs: positiveInteger('runs', values.runs),
    });
  } else if (name === 'api') {
    await benchApi({
      requests: positiveInteger('requests', values.requests),
      concurrency: positiveInteger('concurrency', values.concurrency),
      heapMb: positiveInteger('heap-mb', values['heap-mb'] ?? '512'),
      runs: positiveInteger('runs', values.runs),
    });
  }
}
