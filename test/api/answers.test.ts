/**
 * The answers meshgraph gives, pinned: every saved view (each of its examples, in every format it
 * offers, by `GET /views/<name>` and as a plain `POST /graphql` of its text) and every playground
 * operation, compared with a golden file recorded from the code as it was before the read path
 * was refactored for speed (issue 12). Any change to what a client reads fails here. Each is asked
 * twice: an operation runs interpreted the first time and compiled from the second.
 *
 * Re-record (only when an answer is meant to change, and say why in the commit):
 *   UPDATE_GOLDEN=1 npx vitest run --project db test/api/answers.test.ts
 *
 * Normalised, because they legitimately vary between runs or databases (and nothing else is):
 * - `service.neo4jVersion` / `service.neo4jEdition` (the Neo4j server the tests run against;
 *   checked for their shape, then replaced by a placeholder);
 * - the `ETag` and `x-meshgraph-graph-version` headers (the graph version counts imports, which
 *   depends on which test files ran before) — headers are not compared, except `content-type`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectPath } from '../../src/paths.js';
import { playgroundQuery } from '../../src/playground.js';
import { schema } from '../../src/schema/index.js';
import { loadViews } from '../../src/views/registry.js';
import { coerceViewVariables } from '../../src/views/variables.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { prepareTestDatabase } from '../support/dataset.js';

const GOLDEN_FILE = projectPath('test', 'golden', 'answers.json');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

interface Answer {
  status: number;
  contentType: string | null;
  /** Parsed JSON, or the text of a CSV. */
  body: unknown;
}

interface Case {
  key: string;
  run(t: TestApp): Promise<Answer>;
}

const registry = loadViews(projectPath('views'), schema);

async function answerOf(response: Response): Promise<Answer> {
  const contentType = response.headers.get('content-type');
  const text = await response.text();
  const body = contentType?.includes('json') ? normalise(JSON.parse(text) as unknown) : text;
  return { status: response.status, contentType, body };
}

/** Replaces what varies with the Neo4j server under test, after checking its shape. */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'neo4jVersion') {
      expect(inner).toMatch(/^\d+\.\d+\.\d+/);
      out[key] = '<neo4j version>';
    } else if (key === 'neo4jEdition') {
      expect(['community', 'enterprise']).toContain(inner);
      out[key] = '<neo4j edition>';
    } else {
      out[key] = normalise(inner);
    }
  }
  return out;
}

const post = (t: TestApp, body: Record<string, unknown>) =>
  t.app.fetch('http://meshgraph/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
    body: JSON.stringify(body),
  });

const viewCases: Case[] = registry.list().flatMap((view) =>
  (view.examples.length > 0 ? view.examples : ['']).flatMap((example) => {
    const url = `/views/${view.name}${example ? `?${example}` : ''}`;
    const sep = example ? '&' : '?';
    const formats = ['json', ...(view.csv ? ['csv'] : []), ...(view.cytoscape ? ['cytoscape'] : [])];
    const gets: Case[] = formats.map((format) => ({
      key: `GET ${url}${format === 'json' ? '' : `${sep}format=${format}`}`,
      run: async (t) => answerOf(await t.app.fetch(`http://meshgraph${url}${format === 'json' ? '' : `${sep}format=${format}`}`)),
    }));
    const uncached: Case = {
      key: `POST view ${view.name}${example ? ` ${example}` : ''}`,
      run: async (t) =>
        answerOf(
          await post(t, {
            query: view.source,
            operationName: view.operationName,
            variables: coerceViewVariables(view, new URLSearchParams(example)),
          }),
        ),
    };
    return [...gets, uncached];
  }),
);

const playgroundCases: Case[] = parse(playgroundQuery)
  .definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
  .map((d) => d.name!.value)
  .map((operationName) => ({
    key: `POST playground ${operationName}`,
    run: async (t) => answerOf(await post(t, { query: playgroundQuery, operationName })),
  }));

const cases = [...viewCases, ...playgroundCases];

let t: TestApp;
let golden: Record<string, Answer> = {};
const recorded: Record<string, Answer> = {};

beforeAll(async () => {
  t = await createTestApp();
  // A known graph whatever ran before: the curated dataset, as every API spec assumes.
  await prepareTestDatabase(t.graph);
  if (!UPDATE) {
    if (!existsSync(GOLDEN_FILE)) throw new Error(`${GOLDEN_FILE} is missing: record it with UPDATE_GOLDEN=1 (see the top of this file)`);
    golden = JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as Record<string, Answer>;
  }
});

afterAll(async () => {
  if (UPDATE && Object.keys(recorded).length === cases.length) {
    const sorted = Object.fromEntries(
      Object.keys(recorded)
        .sort()
        .map((key) => [key, recorded[key]]),
    );
    writeFileSync(GOLDEN_FILE, `${JSON.stringify(sorted, null, 2)}\n`);
  }
  await t.close();
});

describe('answers identical to the golden file', () => {
  it('covers every saved view example and playground operation, and nothing else', () => {
    expect(cases.length).toBeGreaterThan(30);
    expect(new Set(cases.map((c) => c.key)).size).toBe(cases.length);
    if (!UPDATE) expect(Object.keys(golden).sort()).toEqual(cases.map((c) => c.key).sort());
  });

  it.each(cases)('$key', async ({ key, run }) => {
    const answer = await run(t);
    // Every recorded answer is a success with data: a golden error would pin a bug.
    expect(answer.status, JSON.stringify(answer.body).slice(0, 500)).toBe(200);
    if (typeof answer.body === 'object' && answer.body !== null && !Array.isArray(answer.body)) {
      expect((answer.body as { errors?: unknown }).errors).toBeUndefined();
    }
    if (UPDATE) {
      recorded[key] = answer;
      return;
    }
    expect(answer).toEqual(golden[key]);
    // Asked again, an operation runs compiled (src/execution.ts): the answer must not change.
    expect(await run(t)).toEqual(golden[key]);
  });
});
