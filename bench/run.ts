/**
 * npm run bench -- [import] [api] [--entries N | --scale K] [--heap-mb M] [--runs R] [--requests N] [--concurrency C]
 * npm run bench -- peer [--rounds 3] [--seconds 2] [--warmup 3] [--warmup-passes 8] [--connections 10,1] [--only lookup,path] [--profile meshgraph]
 * npm run bench -- layers [--rounds 3] [--seconds 2] [--warmup 3] [--warmup-passes 8] [--connections 10] [--only lookup,path]
 * npm run bench -- lineage-scale [--sizes 10000,1000000] [--heap-mb 1024] [--pagecache-mb 3072] [--rounds 3] [--seconds 10]
 *                                [--connections 10] [--probes 50]
 * Benchmarks live here, not in the test suite: speed goals are measured, not asserted.
 * See docs/benchmarks.md for what each one does and the numbers measured so far.
 */
import { parseArgs } from 'node:util';
import { benchApi } from './api.js';
import { benchImport } from './import.js';
import { benchLayers } from './layers.js';
import { benchLineageScale } from './lineage-scale.js';
import { benchPeer } from './peer.js';
import type { ServerName } from './peer-scenarios.js';
import type { LoadOptions } from './support.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    entries: { type: 'string' },
    scale: { type: 'string', default: '1' },
    'heap-mb': { type: 'string' }, // default: 2048 for a synthetic import, 1024 (the service's default) for the real sites, api and peer, and lineage-scale
    'pagecache-mb': { type: 'string', default: '3072' }, // lineage-scale: holds the store of 1,000,000 nodes (about 2.3 GB)
    runs: { type: 'string', default: '1' },
    requests: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string' }, // default: 2 for peer and layers, 10 for lineage-scale
    warmup: { type: 'string', default: '3' }, // peer, layers: seconds of load per contender and scenario in each warm-up pass
    'warmup-passes': { type: 'string', default: '8' }, // peer, layers: at most this many warm-up passes (fewer once steady)
    connections: { type: 'string' }, // default: 10,1 for peer, 10 for layers and lineage-scale
    sizes: { type: 'string', default: '10000,1000000' },
    probes: { type: 'string', default: '50' },
    only: { type: 'string', default: '' },
    profile: { type: 'string' },
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

/** The options the peer and layers benchmarks share; `connections`: their default list. */
function loadOptions(connections: string): LoadOptions {
  return {
    rounds: positiveInteger('rounds', values.rounds),
    seconds: positiveInteger('seconds', values.seconds ?? '2'),
    warmupSeconds: positiveInteger('warmup', values.warmup),
    warmupPasses: positiveInteger('warmup-passes', values['warmup-passes']),
    connections: (values.connections ?? connections).split(',').map((c) => positiveInteger('connections', c.trim())),
    heapMb: positiveInteger('heap-mb', values['heap-mb'] ?? '1024'),
    only: values.only
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  };
}

const which = positionals.length > 0 ? positionals : ['import'];
const known = ['import', 'api', 'peer', 'layers', 'lineage-scale'];
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
      heapMb: positiveInteger('heap-mb', values['heap-mb'] ?? (synthetic ? '2048' : '1024')),
      runs: positiveInteger('runs', values.runs),
    });
  } else if (name === 'api') {
    await benchApi({
      requests: positiveInteger('requests', values.requests),
      concurrency: positiveInteger('concurrency', values.concurrency),
      heapMb: positiveInteger('heap-mb', values['heap-mb'] ?? '1024'),
      runs: positiveInteger('runs', values.runs),
    });
  } else if (name === 'peer') {
    const profile = values.profile;
    if (profile !== undefined && !['meshgraph', 'peer', 'raw'].includes(profile)) {
      console.error(`--profile must be meshgraph, peer or raw (got "${profile}")`);
      process.exit(2);
    }
    await benchPeer({ ...loadOptions('10,1'), profile: profile as ServerName | undefined });
  } else if (name === 'layers') {
    await benchLayers(loadOptions('10'));
  } else if (name === 'lineage-scale') {
    await benchLineageScale({
      sizes: values.sizes.split(',').map((n) => positiveInteger('sizes', n.trim().replace(/_/g, ''))),
      rounds: positiveInteger('rounds', values.rounds),
      seconds: positiveInteger('seconds', values.seconds ?? '10'),
      connections: positiveInteger('connections', values.connections ?? '10'),
      heapMb: positiveInteger('heap-mb', values['heap-mb'] ?? '1024'),
      pageCacheMb: positiveInteger('pagecache-mb', values['pagecache-mb']),
      probes: positiveInteger('probes', values.probes),
    });
  }
}
