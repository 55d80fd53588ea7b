/**
 * npm run bench -- [import] [--entries N] [--heap-mb M]
 * Benchmarks live here, not in the test suite: speed goals are measured, not asserted.
 */
import { parseArgs } from 'node:util';
import { benchImport } from './import.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { entries: { type: 'string', default: '100000' }, 'heap-mb': { type: 'string', default: '2048' } },
});
const which = positionals.length > 0 ? positionals : ['import'];
for (const name of which) {
  if (name === 'import') await benchImport({ entries: Number(values.entries), heapMb: Number(values['heap-mb']) });
  else {
    console.error(`unknown benchmark "${name}" (known: import)`);
    process.exitCode = 2;
  }
}
