import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchorsOf, checkDocRefs, scannedFiles, slugify } from './check-doc-refs.mjs';

// This file is itself checked by the checker, so the doc paths of the fixtures are assembled
// (`${D}/guide.md`) rather than written out: written out, they would point at this repository.
const D = 'docs';
const R = 'README';
const SECTION = '\u00a7';

/** A throw-away repository with the given files (path → text). */
function repo(files) {
  const root = mkdtempSync(join(tmpdir(), 'doc-refs-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, dirname(path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const guide = '# Guide\n\n## Getting started\n\nText.\n\n## Limits, rates & codes\n\n```sh\n# not a heading\n```\n';

describe('slugify and anchorsOf', () => {
  it('makes GitHub-style anchors: lower case, punctuation dropped, spaces as hyphens', () => {
    expect(slugify('Reload, reset, crash and shutdown')).toBe('reload-reset-crash-and-shutdown');
    expect(slugify('Websocket `/ws` (v1)')).toBe('websocket-ws-v1');
    expect(slugify('[The link](x.md) messages')).toBe('the-link-messages');
  });

  it('numbers repeated headings and ignores headings inside fenced code', () => {
    const anchors = anchorsOf(`${guide}\n### Getting started\n<a id="custom"></a>\n`);
    expect([...anchors]).toEqual(['guide', 'getting-started', 'limits-rates--codes', 'getting-started-1', 'custom']);
  });
});

describe('checkDocRefs', () => {
  it('passes when every file and anchor exists', () => {
    const root = repo({
      [`${D}/guide.md`]: guide,
      [`${R}.md`]: `# Top\n\nSee [the guide](${D}/guide.md#getting-started) and [below](#top).\n`,
      'apps/a.ts': `/** Limits: ${D}/guide.md#limits-rates--codes; overview in ${R}.md. */\nexport const a = 1;\n`,
      'e2e/README.md': `Back to [the guide](../${D}/guide.md#getting-started), image ![x](shot.png).\n`,
      'e2e/shot.png': '',
    });
    expect(checkDocRefs(root)).toEqual([]);
  });

  it('fails on an anchor that no heading has, with file and line', () => {
    const root = repo({
      [`${D}/guide.md`]: guide,
      'apps/a.ts': `export const a = 1;\n// See ${D}/guide.md#getting-startd.\n`,
    });
    expect(checkDocRefs(root)).toEqual([
      {
        file: 'apps/a.ts',
        line: 2,
        ref: `${D}/guide.md#getting-startd`,
        problem: `no heading with anchor #getting-startd in ${D}/guide.md`,
      },
    ]);
  });

  it('fails on a missing file, a broken markdown link and a path outside the repository', () => {
    const root = repo({
      [`${D}/guide.md`]: guide,
      'packages/p/src/x.ts': `// ${D}/gone.md\n`,
      'e2e/README.md': `[guide](${D}/guide.md) is relative to e2e/, so it is broken.\n\nSee ../../shared/${R}.md too.\n`,
    });
    const problems = checkDocRefs(root).map((p) => `${p.file}:${p.line}: ${p.problem}`);
    expect(problems).toEqual([
      'e2e/README.md:1: no such file in the repository',
      'e2e/README.md:3: points outside the repository',
      'packages/p/src/x.ts:1: no such file in the repository',
    ]);
  });

  it('fails on every citation of the old contract, one broken over two comment lines included', () => {
    const root = repo({
      'apps/a.ts': `/** Modes (SPEC ${SECTION}3). */\n/**\n * Going away (SIGTERM, SPEC\n * ${SECTION}1).\n */\n`,
      [`${R}.md`]: `Mode 0 (SPEC ${SECTION}3).\n`,
    });
    expect(checkDocRefs(root).map((p) => `${p.file}:${p.line}`)).toEqual([`${R}.md:1`, 'apps/a.ts:1', 'apps/a.ts:3']);
  });

  it('reads code and markdown under the scanned folders, not dependencies or build output', () => {
    const root = repo({
      [`${R}.md`]: '',
      'apps/a.ts': '',
      'apps/web/dist/x.js': '',
      'apps/node_modules/y/z.md': '',
      'bench/results/latest.md': '',
      'scripts/s.mjs': '',
      'notes/n.md': '',
    });
    expect(scannedFiles(root)).toEqual([`${R}.md`, 'apps/a.ts', 'scripts/s.mjs']);
  });
});
