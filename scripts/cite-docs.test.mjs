import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { anchorsOf } from './check-doc-refs.mjs';
import { citeDocs, SECTIONS, sectionsOf, TARGETS } from './cite-docs.mjs';

// Written with escapes so that this file holds no citation for the checker to find.
const S = 'SPEC \u00a7';

describe('the section map', () => {
  it('covers all eleven sections, each ending in a default rule', () => {
    expect(Object.keys(SECTIONS).map(Number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    for (const rules of Object.values(SECTIONS)) {
      expect(rules.at(-1)).toEqual({ to: expect.any(String) });
      for (const rule of rules) expect(TARGETS).toHaveProperty([rule.to]);
    }
  });

  it('points only at headings that exist in the docs', () => {
    const root = new URL('..', import.meta.url);
    const missing = Object.keys(TARGETS).filter((target) => {
      const [path, anchor] = target.split('#');
      const file = fileURLToPath(new URL(path, root));
      return !existsSync(file) || !anchorsOf(readFileSync(file, 'utf8')).has(anchor);
    });
    expect(missing).toEqual([]);
  });
});

describe('citeDocs', () => {
  it('rewrites a citation in code into a root-relative doc path, picking the heading by the line', () => {
    const { text, changes } = citeDocs(
      `/** Modes (${S}3). */\n// \`account.msg\` routing (${S}3).\n`,
      'apps/server/src/x.ts',
    );
    expect(text).toBe(
      '/** Modes (docs/sessions.md#multisession-modes). */\n// `account.msg` routing (docs/sessions.md#message-routing).\n',
    );
    expect(changes.map((c) => c.line)).toEqual([1, 2]);
  });

  it('rewrites several sections, ranges and possessives', () => {
    expect(citeDocs(`(${S}3, \u00a77)`, 'a.ts').text).toBe(
      '(docs/sessions.md#multisession-modes, docs/architecture.md#default-commands)',
    );
    expect(citeDocs(`SPEC \u00a7\u00a71\u20132 apply`, 'a.ts').text).toBe(
      'docs/settings.md#running-it, docs/settings.md#settings apply',
    );
    expect(citeDocs(`${S}7's rules`, 'a.ts').text).toBe('docs/architecture.md#default-commands rules');
  });

  it('keeps a citation broken over two comment lines on the second line', () => {
    expect(citeDocs(' * going away (SIGTERM, SPEC\n * \u00a71): more\n', 'a.ts').text).toBe(
      ' * going away (SIGTERM,\n * docs/settings.md#signals): more\n',
    );
  });

  it('writes markdown links relative to the citing file', () => {
    expect(citeDocs(`Hooks (${S}8).`, 'e2e/README.md').text).toBe(
      'Hooks ([test hooks](../docs/architecture.md#test-hooks)).',
    );
    expect(citeDocs(`Modes (${S}3).`, 'docs/sessions.md').text).toBe(
      'Modes ([multisession modes](#multisession-modes)).',
    );
  });

  it('is idempotent: a second run changes nothing', () => {
    const once = citeDocs(`(${S}5) and ${S}6 \`reload\``, 'apps/a.ts').text;
    expect(citeDocs(once, 'apps/a.ts')).toEqual({ text: once, changes: [] });
  });

  it('refuses a section the contract does not have', () => {
    expect(() => citeDocs(`${S}12`, 'a.ts')).toThrow(/no section 12/);
  });

  it('expands ranges in the section list', () => {
    expect(sectionsOf('\u00a7\u00a79\u201311, \u00a71')).toEqual([9, 10, 11, 1]);
  });
});
