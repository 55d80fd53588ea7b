import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';

describe('parseConfig', () => {
  it('defaults to the bundled Neo4j on 7687 with data under ./.data and serves on 4000', () => {
    const config = parseConfig({});
    expect(config.neo4j.uri).toBeUndefined();
    expect(config.bundled.boltPort).toBe(7687);
    expect(config.bundled.dataDir).toMatch(/[\\/]\.data$/);
    expect(config.http.port).toBe(4000);
    expect(config.neo4j.database).toBe('neo4j');
  });

  it('uses an external Neo4j when NEO4J_URI is set, with its user, password and database', () => {
    const config = parseConfig({
      NEO4J_URI: 'neo4j+s://abc.databases.neo4j.io',
      NEO4J_USER: 'reader',
      NEO4J_PASSWORD: 'secret',
      NEO4J_DATABASE: 'mesh',
    });
    expect(config.neo4j).toEqual({ uri: 'neo4j+s://abc.databases.neo4j.io', user: 'reader', password: 'secret', database: 'mesh' });
  });

  it('has grace periods and restart delays as settings, a maximum delay never below the first', () => {
    const defaults = parseConfig({});
    expect(defaults.shutdownGraceMs).toBe(10_000);
    expect(defaults.bundled.stopGraceMs).toBe(30_000);
    expect(defaults.restart).toEqual({ delayMs: 1_000, maxDelayMs: 30_000 });
    const set = parseConfig({
      SHUTDOWN_GRACE_MS: '500',
      NEO4J_STOP_GRACE_MS: '2000',
      NEO4J_RESTART_DELAY_MS: '5000',
      NEO4J_RESTART_MAX_DELAY_MS: '100',
    });
    expect([set.shutdownGraceMs, set.bundled.stopGraceMs]).toEqual([500, 2000]);
    expect(set.restart).toEqual({ delayMs: 5000, maxDelayMs: 5000 });
    expect(() => parseConfig({ NEO4J_STOP_GRACE_MS: '-1' })).toThrow(/NEO4J_STOP_GRACE_MS/);
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig({ NEO4J_URI: '', PORT: '' }).neo4j.uri).toBeUndefined();
  });

  it('lists every problem at once', () => {
    let error: unknown;
    try {
      parseConfig({ PORT: 'eighty', NEO4J_URI: 'http://localhost:7474', SAVED_VIEWS_ONLY: 'maybe', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT/);
    expect(problems).toMatch(/NEO4J_URI: must be a neo4j:\/\/ or bolt:\/\/ URI/);
    expect(problems).toMatch(/SAVED_VIEWS_ONLY/);
    expect(problems).toMatch(/LOG_LEVEL/);
    expect((error as ConfigError).problems).toHaveLength(4);
  });

  it('parses CORS_ORIGINS as a list, or * for any origin', () => {
    expect(parseConfig({ CORS_ORIGINS: 'https://grafana.example.com, https://wiki.example.com' }).http.corsOrigins).toEqual([
      'https://grafana.example.com',
      'https://wiki.example.com',
    ]);
    expect(parseConfig({}).http.corsOrigins).toBe('*');
  });
});
