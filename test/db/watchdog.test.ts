/**
 * The watchdog that long specs (the corpus import) run under: a stall fails early, stopped and
 * rolled back, saying what Neo4j was doing, instead of a bare hook timeout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher, type Graph } from '../../src/graph/graph.js';
import { testGraph } from '../support/graph.js';
import { watched } from '../support/watchdog.js';

let admin: Graph;

beforeAll(async () => {
  admin = testGraph();
  await admin.write(cypher('testWatchdogProbe', "MERGE (:WatchdogProbe {id: 'lock'})"));
});
afterAll(async () => {
  await admin.write(cypher('testWatchdogProbeDelete', 'MATCH (p:WatchdogProbe) DETACH DELETE p'));
  await admin.close();
});

describe('a watched graph operation', () => {
  it('that waits on a lock fails after the stall time, naming the blocked statement, and writes nothing', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let taken!: () => void;
    const isTaken = new Promise<void>((resolve) => (taken = resolve));
    const holder = admin
      .writeTransaction('testWatchdogHoldLock', async (tx) => {
        await tx.run(cypher('testWatchdogTakeLock', "MATCH (p:WatchdogProbe {id: 'lock'}) SET p.locked = true"));
        taken();
        await released;
        throw new Error('roll back: the lock was only held');
      })
      .catch(() => undefined);
    await isTaken;
    try {
      const work = watched(
        admin,
        'the probe write',
        (graph) =>
          graph.writeTransaction('testWatchdogWork', async (tx) => {
            await tx.run(cypher('testWatchdogFirst', "CREATE (:WatchdogProbe {id: 'half-way'})"));
            await tx.run(cypher('testWatchdogBlocked', "MATCH (p:WatchdogProbe {id: 'lock'}) SET p.touched = true"));
          }),
        { stallMs: 2_000 },
      );
      const error = await work.then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.message).toMatch(/^the probe write stalled: no statement finished for \d+ s/);
      expect(error?.message).toContain('testWatchdogFirst');
      expect(error?.message).toMatch(/testWatchdogWork: Blocked by/);
    } finally {
      release();
      await holder;
    }
    const rows = await admin.read(cypher('testWatchdogLeft', "MATCH (p:WatchdogProbe {id: 'half-way'}) RETURN count(p) AS n"));
    expect(rows).toEqual([{ n: 0 }]);
  });

  it('that keeps finishing statements is not stopped, however long it takes', async () => {
    const value = await watched(
      admin,
      'a slow series',
      async (graph) => {
        for (let i = 0; i < 4; i += 1) await graph.read(cypher('testWatchdogSleep', 'CALL { RETURN 1 AS one } RETURN one'));
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        return graph.read(cypher('testWatchdogLast', 'RETURN 2 AS two'));
      },
      { stallMs: 2_000 },
    );
    expect(value).toEqual([{ two: 2 }]);
  });
});
