/**
 * Reads every saved view once (its first example) as soon as the graph is ready, so that the
 * first dashboard visitor does not pay for Neo4j planning each view's Cypher, and the response
 * cache already holds the common reads.
 */
import type { App } from '../app.js';
import type { Logger } from '../logger.js';
import type { ViewRegistry } from './registry.js';

export async function warmUpViews(app: App, views: ViewRegistry, logger: Logger): Promise<void> {
  const started = performance.now();
  let failed = 0;
  for (const view of views.list()) {
    const query = view.examples[0] ?? '';
    if (view.variables.some((v) => v.required) && !query) continue;
    try {
      const response = await app.fetch(`http://meshgraph/views/${view.name}${query ? `?${query}` : ''}`, {
        headers: { 'x-request-id': `warm-up-${view.name}` },
      });
      await response.arrayBuffer();
      if (!response.ok) failed += 1;
    } catch {
      failed += 1;
    }
  }
  logger.info({ views: views.list().length, failed, ms: Math.round(performance.now() - started) }, 'saved views warmed up');
}
