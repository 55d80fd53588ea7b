/**
 * docker-compose.yml cannot be run here (no Docker engine), so its contract is checked by reading:
 * the official Neo4j 5 image, the service wired by the variables meshgraph actually reads, and
 * health checks that gate start-up on a healthy Neo4j.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, parseConfig } from '../../src/config.js';
import { projectPath } from '../../src/paths.js';

interface Service {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}
const compose = parse(readFileSync(projectPath('docker-compose.yml'), 'utf8')) as { services: Record<string, Service> };

describe('docker-compose.yml', () => {
  it('runs the official Neo4j 5 Community image with a health check', () => {
    const neo4j = compose.services.neo4j!;
    expect(neo4j.image).toMatch(/^neo4j:5(\.\d+)*-community$/);
    expect(neo4j.healthcheck?.test.join(' ')).toMatch(/7474/);
  });

  it('wires the service to it with NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD and NEO4J_DATABASE', () => {
    const service = compose.services.meshgraph!;
    expect(service.build).toBeDefined();
    const env = service.environment!;
    expect(env.NEO4J_URI).toBe('bolt://neo4j:7687');
    for (const name of ['NEO4J_USER', 'NEO4J_PASSWORD', 'NEO4J_DATABASE']) expect(env).toHaveProperty(name);
    expect(service.depends_on?.neo4j?.condition).toBe('service_healthy');
    expect(service.healthcheck?.test.join(' ')).toMatch(/\/readyz/);
  });

  it('sets only variables that meshgraph accepts, with values it accepts', () => {
    const env = Object.fromEntries(
      Object.entries(compose.services.meshgraph!.environment!).map(([k, v]) => [k, v.replace(/\$\{[A-Z0-9_]+:-([^}]*)\}/g, '$1')]),
    );
    for (const name of Object.keys(env)) expect(CONFIG_VARIABLES).toContain(name);
    const config = parseConfig(env);
    expect(config.neo4j.uri).toBe('bolt://neo4j:7687');
    expect(config.neo4j.password).toBe('meshgraph-local');
  });

  it('builds the service image with everything the service reads at run time', () => {
    const dockerfile = readFileSync(projectPath('Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:20/m);
    // The build stage needs the web sources too: `npm run build` builds the dashboard.
    expect(dockerfile).toMatch(/^COPY web \.\/web$/m);
    for (const folder of ['cypher', 'data', 'views']) expect(dockerfile).toMatch(new RegExp(`^COPY ${folder} \\./${folder}$`, 'm'));
    expect(dockerfile).toMatch(/^COPY --from=build \/app\/web\/dist \.\/web\/dist$/m);
    // The image runs the service as `npm start` does: the same Node options, the same entry point.
    const start = (JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(cmd && JSON.parse(cmd)).toEqual(start.split(' '));
    expect(start).toMatch(/^node (--[a-z-]+(=\S+)? )*dist\/src\/main\.js$/);
  });
});
