import { describe, expect, it } from 'vitest';
import { canonicalUrl, urlEntryId } from '../../src/ingest/url.js';

describe('canonicalUrl', () => {
  it.each([
    ['HTTPS://Example.COM/Path/', 'https://example.com/Path'],
    ['https://example.com:443/a', 'https://example.com/a'],
    ['http://example.com:80/a', 'http://example.com/a'],
    ['http://example.com:8080/a', 'http://example.com:8080/a'],
    ['https://example.com/a#section', 'https://example.com/a'],
    ['https://example.com/a?utm_source=x&id=7&UTM_Medium=y', 'https://example.com/a?id=7'],
    ['https://example.com/a/?utm_source=x', 'https://example.com/a'],
    ['https://example.com/docs/?page=2', 'https://example.com/docs?page=2'],
    ['https://example.com/', 'https://example.com'],
    ['https://example.com//', 'https://example.com/'],
  ])('%s → %s', (raw, canonical) => {
    expect(canonicalUrl(raw)).toBe(canonical);
  });

  it('changes nothing else: www. stays, http stays http, the query keeps its order', () => {
    expect(canonicalUrl('http://www.example.com/a?b=2&a=1')).toBe('http://www.example.com/a?b=2&a=1');
  });

  it('is idempotent', () => {
    for (const raw of ['HTTPS://Example.COM/Path/?utm_x=1#f', 'https://example.com/a?id=7']) {
      const once = canonicalUrl(raw)!;
      expect(canonicalUrl(once)).toBe(once);
    }
  });

  it.each(['other.md', '#anchor', 'mailto:someone@example.com', 'ftp://example.com/x', 'https://', ''])('is null for %j', (raw) => {
    expect(canonicalUrl(raw)).toBeNull();
  });
});

describe('urlEntryId', () => {
  it('is a readable slug with a hash: stable for one URL, different for different ones', () => {
    const id = urlEntryId('https://www.infoq.com/articles/service-mesh-ultimate-guide');
    expect(id).toMatch(/^infoq-com-articles-service-mesh-ultimate-guide-[0-9a-f]{10}$/);
    expect(urlEntryId('https://www.infoq.com/articles/service-mesh-ultimate-guide')).toBe(id);
    // Different URLs with the same slug (generic titles, case in the path) still get different ids.
    expect(urlEntryId('https://example.com/Intro')).not.toBe(urlEntryId('https://example.com/intro'));
  });

  it('stays a valid entry id for long and odd URLs', () => {
    const id = urlEntryId(`https://example.com/${'very-long-segment/'.repeat(10)}?q=%E2%9C%93`);
    expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(id.length).toBeLessThanOrEqual(60);
  });
});
