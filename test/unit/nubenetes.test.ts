import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NubenetesParseError, parseNubenetesList, type ParsedEntry } from '../../src/ingest/nubenetes.js';
import { mangleTis620 as mangle } from '../support/mangle.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/nubenetes/${name}`, import.meta.url), 'utf8');

/** A page with a title and one category around the given entry lines. */
const page = (...lines: string[]) => ['Page¶', 'Things¶', ...lines].join('\n');
/** Parses one entry line (correct UTF-8 or mangled) and returns the entry. */
const entry = (line: string): ParsedEntry => {
  const parsed = parseNubenetesList(page(line));
  expect(parsed.entries).toHaveLength(1);
  return parsed.entries[0]!;
};
const titles = (text: string) => parseNubenetesList(text).categories.map((c) => c.path.join(' > '));

describe('page structure', () => {
  it('takes the first heading as the page title, not as a category', () => {
    const result = parseNubenetesList(page('- (2020) A [LEGACY] — b.'));
    expect(result.title).toBe('Page');
    expect(result.categories).toEqual([{ path: ['Things'], heading: 'Things', line: 2 }]);
  });

  it('skips intro lines and the "Explore Related" footer and reports each with its line', () => {
    const result = parseNubenetesList(fixture('quirks.utf8.txt'));
    expect(result.skipped).toEqual([
      { line: 2, text: 'Widget Portal Edition', reason: 'page intro (before the first category heading)' },
      { line: 3, text: 'An invented intro line that only decorates the page.', reason: 'page intro (before the first category heading)' },
      { line: 22, text: 'Explore Related: Gadgets | Gizmos', reason: 'related-pages footer' },
    ]);
  });

  it('reports a stray text line between entries instead of dropping it silently', () => {
    const result = parseNubenetesList(page('- (2020) A [LEGACY] — b.', 'a wrapped line of text'));
    expect(result.skipped).toEqual([{ line: 4, text: 'a wrapped line of text', reason: 'neither a heading nor an entry' }]);
  });

  it('ignores blank lines and accepts CRLF line ends and a byte-order mark', () => {
    const result = parseNubenetesList('\uFEFFPage¶\r\n\r\nThings¶\r\n- (2020) A [LEGACY] — b.\r\n');
    expect(result.skipped).toEqual([]);
    expect(result.entries.map((e) => [e.line, e.title, e.categoryPath])).toEqual([[4, 'A', ['Things']]]);
  });
});

describe('heading tree rule', () => {
  it('makes a heading directly after a heading its child', () => {
    expect(titles('P¶\nA¶\nB¶\nC¶\n- (2020) x [LEGACY] — y.')).toEqual(['A', 'A > B', 'A > B > C']);
  });

  it('keeps parent and child together when only page chrome lies between them', () => {
    expect(titles('P¶\nA¶\nsome chrome\nB¶\n- (2020) x [LEGACY] — y.')).toEqual(['A', 'A > B']);
  });

  it('makes a heading after an entry the sibling of the deepest open heading it sorts after', () => {
    const text = ['P¶', 'A¶', 'B¶', 'C¶', '- (2020) x [LEGACY] — y.', 'D¶', '- (2021) x [LEGACY] — y.'].join('\n');
    expect(titles(text)).toEqual(['A', 'A > B', 'A > B > C', 'A > B > D']);
  });

  it('closes levels until one fits', () => {
    // "Cat" sorts after neither "Dog" nor "Elk" but after "Bee": it becomes Bee's sibling under Ant.
    const text = ['P¶', 'Ant¶', 'Bee¶', 'Dog¶', 'Elk¶', '- (2020) x [LEGACY] — y.', 'Cat¶', '- (2021) x [LEGACY] — y.'].join('\n');
    expect(titles(text).at(-1)).toBe('Ant > Cat');
  });

  it('starts a new top-level branch when the heading sorts after no open heading', () => {
    const text = ['P¶', 'Moss¶', 'Pine¶', '- (2020) x [LEGACY] — y.', 'Fern¶', '- (2021) x [LEGACY] — y.'].join('\n');
    expect(titles(text)).toEqual(['Moss', 'Moss > Pine', 'Fern']);
  });

  it('compares strictly: a heading equal to an open one does not fit beside it, so that level closes', () => {
    // "Bee" does not sort after "Bee"; it sorts after "Ant", so it becomes Ant's sibling.
    const text = ['P¶', 'Ant¶', 'Bee¶', '- (2020) x [LEGACY] — y.', 'Bee (1)¶', '- (2021) x [LEGACY] — y.'].join('\n');
    expect(titles(text)).toEqual(['Ant', 'Ant > Bee', 'Bee']);
  });

  it('uses code-point order: lower-case names (gRPC, mTLS, eBPF) sort after every capital', () => {
    const text = ['P¶', 'Tooling¶', 'Zed¶', '- (2020) x [LEGACY] — y.', 'eBPF¶', '- (2021) x [LEGACY] — y.'].join('\n');
    expect(titles(text)).toEqual(['Tooling', 'Tooling > Zed', 'Tooling > eBPF']);
  });

  it('drops the "(N)" disambiguation suffix from category names and keeps it in the raw heading', () => {
    const result = parseNubenetesList(['P¶', 'Mesh (2)¶', '- (2020) x [LEGACY] — y.'].join('\n'));
    expect(result.categories).toEqual([{ path: ['Mesh'], heading: 'Mesh (2)', line: 2 }]);
    expect(result.entries[0]!.categoryPath).toEqual(['Mesh']);
  });

  it('builds the whole tree of the fixture page', () => {
    const result = parseNubenetesList(fixture('quirks.utf8.txt'));
    expect(result.categories).toEqual([
      { line: 4, heading: 'Platform', path: ['Platform'] },
      { line: 5, heading: 'Mesh Basics', path: ['Platform', 'Mesh Basics'] },
      { line: 8, heading: 'Zebra Topics', path: ['Platform', 'Zebra Topics'] },
      { line: 10, heading: 'Alpha (1)', path: ['Alpha'] },
      { line: 11, heading: 'Widgets', path: ['Alpha', 'Widgets'] },
      { line: 14, heading: 'xRoutes', path: ['Alpha', 'xRoutes'] },
      { line: 16, heading: 'Beta', path: ['Beta'] },
      { line: 17, heading: 'Platform (1)', path: ['Beta', 'Platform'] },
    ]);
  });
});

describe('entry line: year, publisher and title', () => {
  it('reads the year in parentheses and derives the id from title and year', () => {
    const e = entry('- (2019) Widget Mesh Basics [LEGACY] — x.');
    expect([e.year, e.id, e.title]).toEqual([2019, 'widget-mesh-basics-2019', 'Widget Mesh Basics']);
  });

  it('takes a host-like token before ": " as the publisher', () => {
    expect(entry('- (2020) example.org: Widgets at Scale [LEGACY] — x.')).toMatchObject({
      publisher: 'example.org',
      title: 'Widgets at Scale',
    });
    expect(entry('- (2020) blog.example.co.uk: Widgets [LEGACY] — x.')).toMatchObject({
      publisher: 'blog.example.co.uk',
      title: 'Widgets',
    });
    expect(entry('- (2020) dev.to/someone: Widgets: Part 1 [LEGACY] — x.')).toMatchObject({
      publisher: 'dev.to/someone',
      title: 'Widgets: Part 1',
    });
  });

  it('leaves the publisher out when there is none (it is optional)', () => {
    expect(entry('- (2020) Plain Widgets [LEGACY] — x.').publisher).toBeUndefined();
  });

  it('does not take a colon in a title for a publisher', () => {
    expect(entry('- (2020) Gizmo: A Tiny Proxy [LEGACY] — x.')).toMatchObject({ title: 'Gizmo: A Tiny Proxy' });
    expect(entry('- (2020) Gizmo: A Tiny Proxy [LEGACY] — x.').publisher).toBeUndefined();
    expect(entry('- (2020) Gizmo 2.0: Faster [LEGACY] — x.').publisher).toBeUndefined();
    expect(entry('- (2020) Node.js: Widgets on the server [LEGACY] — x.').publisher).toBeUndefined();
    expect(entry('- (2020) ASP.NET: Widgets [LEGACY] — x.').publisher).toBeUndefined();
  });

  it('treats a title that is only a host (with or without a colon) as the site itself: title and publisher', () => {
    expect(entry('- (2020) Widgets.io: [LEGACY] — x.')).toMatchObject({
      title: 'Widgets.io',
      publisher: 'widgets.io',
      id: 'widgets-io-2020',
    });
    expect(entry('- (2020) gadgetproxy.dev [LEGACY] — x.')).toMatchObject({ title: 'gadgetproxy.dev', publisher: 'gadgetproxy.dev' });
  });

  it('takes only the host as publisher when the whole title is a host with a path', () => {
    expect(entry('- (2020) github.com/someone/widgets [LEGACY] — x.')).toMatchObject({
      title: 'github.com/someone/widgets',
      publisher: 'github.com',
    });
  });

  it('strips a trailing colon from the title', () => {
    expect(entry('- (2020) example.com: The Widget Handbook: [LEGACY] — x.')).toMatchObject({
      publisher: 'example.com',
      title: 'The Widget Handbook',
    });
  });

  it('drops emoji from the title, wherever they sit', () => {
    expect(entry('- (2020) Widgets 🚀 [NONE CONTENT] [LEGACY] — x.').title).toBe('Widgets');
    expect(entry('- (2020) Widgets 🚀, Gadgets [LEGACY] — x.').title).toBe('Widgets, Gadgets');
    expect(entry('- (2020) Widgets ๐๐ [NONE CONTENT] [LEGACY] — x.').title).toBe('Widgets');
  });

  it('splits at the dash that follows the tags, so a title may contain a dash', () => {
    const e = entry('- (2020) Widgets — The Sequel [LEGACY] — A summary — with a dash.');
    expect([e.title, e.summary]).toEqual(['Widgets — The Sequel', 'A summary — with a dash.']);
  });
});

describe('entry line: tags', () => {
  it('maps [X CONTENT] to contentLanguage, [X LEVEL] to level, the rest to kinds and stability', () => {
    expect(entry('- (2020) W [C++ CONTENT] [ADVANCED LEVEL] [DOCUMENTATION] [COMMUNITY-TOOL] — x.')).toMatchObject({
      contentLanguage: 'C++',
      level: 'ADVANCED',
      kinds: ['DOCUMENTATION'],
      stability: 'COMMUNITY-TOOL',
    });
  });

  it('keeps NONE as a content language', () => {
    expect(entry('- (2020) W [NONE CONTENT] [LEGACY] — x.').contentLanguage).toBe('NONE');
  });

  it('finds the stability label by name even when a kind follows it', () => {
    expect(entry('- (2020) W [ADVANCED LEVEL] 🌟🌟🌟🌟🌟 [DE FACTO STANDARD] [GUIDE] — x.')).toMatchObject({
      stability: 'DE FACTO STANDARD',
      kinds: ['GUIDE'],
      rating: 5,
    });
  });

  it('takes the first known stability label and keeps further maturity labels in kinds', () => {
    expect(entry('- (2020) W 🌟🌟🌟🌟 [ENTERPRISE-STABLE] [LEGACY] — x.')).toMatchObject({
      stability: 'ENTERPRISE-STABLE',
      kinds: ['LEGACY'],
    });
    expect(entry('- (2020) W 🌟🌟🌟🌟🌟 [DE FACTO STANDARD] [EMERGING] — x.')).toMatchObject({
      stability: 'DE FACTO STANDARD',
      kinds: ['EMERGING'],
    });
  });

  it('takes the last unknown label as the stability when no known one is present', () => {
    expect(entry('- (2020) W [DOCUMENTATION] 🌟🌟 [BRAND-NEW] [GUIDE] — x.')).toMatchObject({
      stability: 'BRAND-NEW',
      kinds: ['DOCUMENTATION', 'GUIDE'],
      rating: 2,
    });
  });

  it('has no stability when every label is a known kind, and lists a repeated kind once', () => {
    const e = entry('- (2020) W [CASE STUDY] [CASE STUDY] [GUIDE] — x.');
    expect(e.stability).toBeUndefined();
    expect(e.kinds).toEqual(['CASE STUDY', 'GUIDE']);
  });

  it('leaves brackets that are not upper-case labels in the title', () => {
    expect(entry('- (2020) Widgets [beta] [LEGACY] — x.').title).toBe('Widgets [beta]');
  });
});

describe('entry line: star rating', () => {
  it('counts the emoji run directly before the stability label', () => {
    expect(entry('- (2020) W [GO CONTENT] 🌟🌟🌟 [LEGACY] — x.').rating).toBe(3);
  });

  it('counts mangled emoji (๐) the same way', () => {
    expect(entry('- (2020) W [GO CONTENT] ๐๐๐ [LEGACY] โ x.').rating).toBe(3);
  });

  it('is 0 when there is no run', () => {
    expect(entry('- (2020) W [GO CONTENT] [LEGACY] — x.').rating).toBe(0);
  });

  it('treats a run between the title and the first tag as title decoration', () => {
    expect(entry('- (2020) W 🚀 [NONE CONTENT] [ADVANCED LEVEL] [LEGACY] — x.')).toMatchObject({ title: 'W', rating: 0 });
  });

  it('tells a title decoration from the rating on the same line', () => {
    expect(entry('- (2020) W 🌟🌟 [NONE CONTENT] 🌟🌟🌟🌟🌟 [DE FACTO STANDARD] — x.')).toMatchObject({ title: 'W', rating: 5 });
  });

  it('counts a run right after the title when the stability label comes next', () => {
    expect(entry('- (2020) W 🌟🌟🌟 [COMMUNITY-TOOL] — x.').rating).toBe(3);
  });

  it('counts a run that sits among the kinds before the stability label', () => {
    expect(entry('- (2020) W [CASE STUDY] 🌟🌟🌟🌟 [CASE STUDY] [ENTERPRISE-STABLE] — x.')).toMatchObject({
      rating: 4,
      kinds: ['CASE STUDY'],
    });
  });

  it('counts an emoji with skin tone or ZWJ parts as one', () => {
    expect(entry('- (2020) W [GO CONTENT] 👩‍💻👍🏽 [LEGACY] — x.').rating).toBe(2);
  });
});

describe('entry line: GitHub stars', () => {
  it('reads "⭐ N" and its mangled form "โญ N"', () => {
    expect(entry('- (2020) W ⭐ 1234 [GO CONTENT] [LEGACY] — x.')).toMatchObject({ title: 'W', githubStars: 1234 });
    expect(entry('- (2020) W โญ 1234 [GO CONTENT] [LEGACY] โ x.')).toMatchObject({ title: 'W', githubStars: 1234 });
  });

  it('reads thousands separators and a k suffix', () => {
    expect(entry('- (2020) W ⭐ 2,885 [LEGACY] — x.').githubStars).toBe(2885);
    expect(entry('- (2020) W ⭐️ 2.9k [LEGACY] — x.').githubStars).toBe(2900);
  });

  it('does not take a lone ⭐ for a star count: it is an emoji like any other', () => {
    expect(entry('- (2020) W [GO CONTENT] ⭐⭐⭐ [LEGACY] — x.')).toMatchObject({ rating: 3 });
    expect(entry('- (2020) W [GO CONTENT] ⭐⭐⭐ [LEGACY] — x.').githubStars).toBeUndefined();
  });
});

describe('mangled punctuation (โ)', () => {
  const title = (t: string) => entry(`- (2020) ${t} [LEGACY] โ x.`).title;

  it('is an em dash between spaces', () => {
    expect(title('Widgets โ What and Why')).toBe('Widgets — What and Why');
  });

  it('is an apostrophe after a letter and before a contraction ending', () => {
    expect(title('Widgetโs Mesh')).toBe("Widget's Mesh");
    expect(title('Donโt Panic')).toBe("Don't Panic");
    expect(title('Theyโre Here, Weโll Go, Iโve Seen, Iโd Say, Iโm In')).toBe("They're Here, We'll Go, I've Seen, I'd Say, I'm In");
  });

  it('is an em dash between two words otherwise', () => {
    expect(title('gRPCโproxyless Widgets')).toBe('gRPC—proxyless Widgets');
    expect(title('sidecarโfree')).toBe('sidecar—free');
  });

  it('is a pair of double quotes around a word', () => {
    expect(title('The โbestโ Widget')).toBe('The "best" Widget');
  });

  it('is an apostrophe after a plural s', () => {
    expect(title('The widgetsโ owners')).toBe("The widgets' owners");
  });

  it('gives the same text as the correct characters', () => {
    expect(title('Widget’s “best” mesh — sidecar—free')).toBe(title('Widgetโs โbestโ mesh โ sidecarโfree'));
  });

  it('also repairs a fully mangled heading mark (ยถ) and accented letters', () => {
    const result = parseNubenetesList('Pageยถ\nCafรฉ Widgetsยถ\n- (2020) W [LEGACY] โ x.');
    expect(result.title).toBe('Page');
    expect(result.categories.map((c) => c.heading)).toEqual(['Café Widgets']);
  });
});

describe('both encodings', () => {
  it('the mangled fixture is the UTF-8 fixture read as TIS-620', () => {
    expect(fixture('quirks.mangled.txt')).toBe(mangle(fixture('quirks.utf8.txt')));
  });

  it('give identical results', () => {
    expect(parseNubenetesList(fixture('quirks.mangled.txt'))).toEqual(parseNubenetesList(fixture('quirks.utf8.txt')));
  });

  it('give these entries for the fixture page', () => {
    const result = parseNubenetesList(fixture('quirks.mangled.txt'), { file: 'quirks.mangled.txt' });
    expect(result.title).toBe('Widget Meshes');
    expect(result.entries).toEqual([
      {
        line: 6,
        id: 'why-sidecars-exist-2019',
        year: 2019,
        publisher: 'example.org',
        title: 'Why Sidecars Exist',
        level: 'ADVANCED',
        stability: 'ENTERPRISE-STABLE',
        rating: 3,
        kinds: [],
        categoryPath: ['Platform', 'Mesh Basics'],
        summary: 'An invented note on why proxies sit next to each workload.',
      },
      {
        line: 7,
        id: 'gizmo-a-tiny-proxy-for-widgets-2020',
        year: 2020,
        title: 'Gizmo: A Tiny Proxy for Widgets',
        contentLanguage: 'GO',
        stability: 'COMMUNITY-TOOL',
        rating: 2,
        kinds: ['DOCUMENTATION'],
        categoryPath: ['Platform', 'Mesh Basics'],
        summary: "Gizmo's made-up proxy forwards widget traffic.",
      },
      {
        line: 9,
        id: 'mesh-tips-part-two-2021',
        year: 2021,
        publisher: 'dev.to/someone',
        title: 'Mesh Tips — Part Two',
        contentLanguage: 'NONE',
        stability: 'ENTERPRISE-STABLE',
        rating: 4,
        kinds: [],
        categoryPath: ['Platform', 'Zebra Topics'],
        summary: "Tips that don't exist anywhere else, for the widgets' owners.",
      },
      {
        line: 12,
        id: 'widgets-io-2022',
        year: 2022,
        publisher: 'widgets.io',
        title: 'widgets.io',
        contentLanguage: 'RUST',
        stability: 'DE FACTO STANDARD',
        rating: 5,
        kinds: ['GUIDE'],
        categoryPath: ['Alpha', 'Widgets'],
        summary: 'The home of the "imaginary" widget project.',
      },
      {
        line: 13,
        id: 'gadgetproxy-dev-2018',
        year: 2018,
        publisher: 'gadgetproxy.dev',
        title: 'gadgetproxy.dev',
        stability: 'LEGACY',
        rating: 0,
        kinds: ['DOCUMENTATION'],
        categoryPath: ['Alpha', 'Widgets'],
        summary: 'A sidecar—free gadget proxy that was retired.',
      },
      {
        line: 15,
        id: 'route-gadget-2023',
        year: 2023,
        title: 'Route Gadget',
        contentLanguage: 'GO',
        level: 'ADVANCED',
        stability: 'COMMUNITY-TOOL',
        rating: 1,
        kinds: [],
        githubStars: 1234,
        categoryPath: ['Alpha', 'xRoutes'],
        summary: 'A pretend repository with a star count.',
      },
      {
        line: 18,
        id: 'ultimate-widget-handbook-2024',
        year: 2024,
        publisher: 'example.com',
        title: 'Ultimate Widget Handbook',
        level: 'ADVANCED',
        stability: 'DE FACTO STANDARD',
        rating: 5,
        kinds: [],
        categoryPath: ['Beta', 'Platform'],
        summary: 'A long pretend handbook.',
      },
      {
        line: 19,
        id: 'why-control-planes-matter-2017',
        year: 2017,
        title: 'Why Control Planes Matter',
        contentLanguage: 'NONE',
        level: 'ADVANCED',
        stability: 'COMMUNITY-TOOL',
        rating: 0,
        kinds: [],
        categoryPath: ['Beta', 'Platform'],
        summary: 'An emoji ends the title; there is no rating.',
      },
      {
        line: 20,
        id: 'widget-s-first-steps-2016',
        year: 2016,
        publisher: 'blog.example.net',
        title: "Widget's First Steps",
        stability: 'COMMUNITY-TOOL',
        rating: 3,
        kinds: [],
        categoryPath: ['Beta', 'Platform'],
        summary: 'The rating comes right after the title.',
      },
      {
        line: 21,
        id: 'the-widget-landscape-2015',
        year: 2015,
        title: 'The Widget Landscape',
        contentLanguage: 'NONE',
        stability: 'DE FACTO STANDARD',
        rating: 5,
        kinds: [],
        categoryPath: ['Beta', 'Platform'],
        summary: 'A title emoji and a rating on the same line.',
      },
    ]);
  });
});

describe('errors', () => {
  const parseBad = () => {
    try {
      parseNubenetesList(fixture('bad-lines.txt'), { file: 'bad-lines.txt' });
    } catch (err) {
      return err;
    }
    throw new Error('expected a NubenetesParseError');
  };

  it('throws one NubenetesParseError that lists every bad line, with file and line number', () => {
    const err = parseBad();
    expect(err).toBeInstanceOf(NubenetesParseError);
    expect((err as NubenetesParseError).issues).toEqual([
      { file: 'bad-lines.txt', line: 2, reason: 'mangled text (UTF-8 read as Windows-1252) that cannot be repaired: "â€" at column 24' },
      { file: 'bad-lines.txt', line: 4, reason: 'entry has no year in parentheses, expected "- (YYYY) title …"' },
      { file: 'bad-lines.txt', line: 5, reason: 'entry has no " — " before its summary' },
      { file: 'bad-lines.txt', line: 7, reason: 'tag [C++] is not a CONTENT, LEVEL, stability or kind label' },
      { file: 'bad-lines.txt', line: 8, reason: 'entry has more than one star-rating run among its tags (1 and 2)' },
      { file: 'bad-lines.txt', line: 10, reason: 'entry year 1850 is outside 1970–2100' },
      { file: 'bad-lines.txt', line: 11, reason: 'entry has no title' },
      { file: 'bad-lines.txt', line: 12, reason: 'entry has an empty summary' },
    ]);
  });

  it('writes "file:line: reason" lines in its message', () => {
    const message = (parseBad() as Error).message.split('\n');
    expect(message).toHaveLength(8);
    expect(message[1]).toBe('bad-lines.txt:4: entry has no year in parentheses, expected "- (YYYY) title …"');
  });

  it('names the input "<input>" when no file is given', () => {
    expect(() => parseNubenetesList('P¶\n- (2020) [LEGACY] — y.')).toThrow('<input>:2: entry has no title');
  });

  it('rejects an entry before the page title too', () => {
    expect(() => parseNubenetesList('- (2020) x [LEGACY] — y.')).toThrow(NubenetesParseError);
  });

  it('rejects two tags of the same family', () => {
    expect(() => entry('- (2020) W [GO CONTENT] [RUST CONTENT] [LEGACY] — x.')).toThrow('more than one [… CONTENT] tag');
    expect(() => entry('- (2020) W [ADVANCED LEVEL] [BASIC LEVEL] [LEGACY] — x.')).toThrow('more than one [… LEVEL] tag');
  });

  it('rejects a rating above 10 and a tag that is not a label', () => {
    expect(() => entry('- (2020) W [GO CONTENT] 🌟🌟🌟🌟🌟🌟🌟🌟🌟🌟🌟 [LEGACY] — x.')).toThrow('rating of 11 emoji, more than 10');
    expect(() => entry('- (2020) W [C++] [LEGACY] — x.')).toThrow('tag [C++] is not a CONTENT, LEVEL, stability or kind label');
  });

  it('rejects two star counts', () => {
    expect(() => entry('- (2020) W ⭐ 1 ⭐ 2 [LEGACY] — x.')).toThrow('more than one "⭐ N" star count');
  });

  it('rejects a heading with no text', () => {
    expect(() => parseNubenetesList('P¶\n¶\n')).toThrow('<input>:2: heading has no text before "¶"');
  });
});
