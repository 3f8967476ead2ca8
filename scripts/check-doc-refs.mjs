/**
 * Checks that every reference to a repository doc resolves inside the repository (issue 11: "every
 * doc reference in code resolves inside the repository"):
 *
 * - in code (`.ts`, `.tsx`, `.js`, `.mjs`, `.cjs`), every mention of a doc under a `docs/` folder
 *   or of an upper-case doc (`README.md`, `SECURITY.md`, `e2e/README.md`), with or without
 *   `#anchor`. The whole text is read, not only comments: a doc named in a string must exist too.
 *   A bare path resolves from the repository root or from the file's folder;
 * - in markdown, the same bare mentions, and every relative link or image target (`[x](path#a)`,
 *   `[x]: path`), resolved from the file's folder as GitHub does;
 * - anywhere, a leftover citation of the old, out-of-repository contract (the word SPEC and a
 *   section sign): `scripts/cite-docs.mjs` rewrites those.
 *
 * An anchor must be the GitHub-style slug of a heading of the target (or an HTML `id` / `name`).
 * `node scripts/check-doc-refs.mjs` prints each problem as `file:line` and exits 1 if any.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where docs are cited: the workspace members, the scripts, the docs and the root's markdown. */
export const SCANNED_DIRS = ['apps', 'packages', 'e2e', 'bench', 'soak', 'scripts', 'docs'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'test-results', 'playwright-report', '.git', 'tmp']);
/** Generated output, not prose anyone maintains. */
const SKIPPED_PATHS = new Set(['bench/results']);
const CODE = /\.(?:[cm]?js|tsx?|[cm]ts)$/;
const MARKDOWN = /\.md$/;

/** The old citation form: the word SPEC, then a section sign, maybe across a comment's line break. */
export const CONTRACT_CITATION = /\bSPEC[\s*/#]*\u00a7/g;

/**
 * A bare doc path: anything under a `docs/` folder, or an upper-case name (README, SECURITY...),
 * optionally `#anchor`. Not preceded by a word character, `/` or `.`, so URLs never match.
 */
const BARE_REF =
  /(?<![\w/.-])((?:\.{1,2}\/)*(?:[\w.-]+\/)*?(?:docs\/(?:[\w.-]+\/)*[\w.-]+|[A-Z][A-Z0-9_-]*)\.md)(?!\w)(?:#([\p{L}\p{N}_-]+))?/gu;
/** Inline link or image target: `](target)` or `](<target> "title")`. */
const LINK_TARGET = /\]\(\s*<?([^()\s<>]*)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g;
/** Reference definition: `[label]: target`. */
const LINK_DEFINITION = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm;
const SCHEME = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/** Every file the check reads, as paths relative to `root` with `/` separators. */
export function scannedFiles(root) {
  const files = [];
  for (const name of readdirSync(root)) {
    if (MARKDOWN.test(name) && statSync(join(root, name)).isFile()) files.push(name);
  }
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !SKIPPED_PATHS.has(path)) walk(path);
      } else if (CODE.test(entry.name) || MARKDOWN.test(entry.name)) {
        files.push(path);
      }
    }
  };
  for (const dir of SCANNED_DIRS) if (existsSync(join(root, dir))) walk(dir);
  return files.sort();
}

/** GitHub's heading anchor: lower case, punctuation dropped, each space a hyphen. */
export function slugify(heading) {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors a markdown text offers: its headings' slugs (repeats get -1, -2...) and HTML ids. */
export function anchorsOf(markdown) {
  const anchors = new Set();
  const seen = new Map();
  let fence = null;
  for (const line of markdown.split('\n')) {
    const opener = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (opener) {
      if (fence === null) fence = opener[1][0];
      else if (opener[1][0] === fence) fence = null;
      continue;
    }
    if (fence !== null) continue;
    for (const m of line.matchAll(/\s(?:id|name)="([^"]+)"/g)) anchors.add(m[1]);
    const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (!heading) continue;
    const slug = slugify(heading[1]);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

function lineOf(text, index) {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Blanks markdown link targets out (same length), so bare-path matching does not see them twice. */
function withoutLinkTargets(text) {
  return text.replace(LINK_TARGET, (m) => ' '.repeat(m.length)).replace(LINK_DEFINITION, (m) => ' '.repeat(m.length));
}

/**
 * Every doc reference in one file's text: `{ line, ref, path, anchor, bases }`, where `bases` are
 * the folders (relative to the root) the path may be resolved from, in order.
 */
export function referencesIn(file, text) {
  const refs = [];
  const fileDir = dirname(file);
  const isMarkdown = MARKDOWN.test(file);
  if (isMarkdown) {
    const links = [...text.matchAll(LINK_TARGET), ...text.matchAll(LINK_DEFINITION)];
    for (const m of links) {
      const target = m[1];
      if (target === '' || SCHEME.test(target)) continue;
      const hash = target.indexOf('#');
      const path = decodeURI(hash === -1 ? target : target.slice(0, hash));
      const anchor = hash === -1 ? undefined : target.slice(hash + 1);
      const base = path.startsWith('/') ? '.' : fileDir;
      refs.push({ line: lineOf(text, m.index), ref: target, path: path || file, anchor, bases: [path ? base : '.'] });
    }
  }
  for (const m of (isMarkdown ? withoutLinkTargets(text) : text).matchAll(BARE_REF)) {
    const bases = m[1].startsWith('.') ? [fileDir, '.'] : ['.', fileDir];
    refs.push({ line: lineOf(text, m.index), ref: m[0], path: m[1], anchor: m[2], bases });
  }
  return refs;
}

/**
 * Checks the files (default: `scannedFiles(root)`) under `root`. Returns the problems, each
 * `{ file, line, ref, problem }`; none means every reference resolves.
 */
export function checkDocRefs(root, files = scannedFiles(root)) {
  const absRoot = resolve(root);
  const anchorCache = new Map();
  const anchors = (abs) => {
    if (!anchorCache.has(abs)) anchorCache.set(abs, anchorsOf(readFileSync(abs, 'utf8')));
    return anchorCache.get(abs);
  };
  const inside = (abs) => {
    const rel = relative(absRoot, abs);
    return rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
  };
  const problems = [];
  for (const file of files) {
    const text = readFileSync(join(absRoot, file), 'utf8');
    for (const m of text.matchAll(CONTRACT_CITATION)) {
      problems.push({
        file,
        line: lineOf(text, m.index),
        ref: m[0].replace(/\s+/g, ' '),
        problem: 'cites the contract outside the repository: run scripts/cite-docs.mjs',
      });
    }
    for (const ref of referencesIn(file, text)) {
      const candidates = ref.bases.map((base) => resolve(absRoot, base, ref.path.replace(/^\//, '')));
      const found = candidates.find((abs) => inside(abs) && existsSync(abs));
      const report = (problem) => problems.push({ file, line: ref.line, ref: ref.ref, problem });
      if (!found) {
        report(candidates.some(inside) ? 'no such file in the repository' : 'points outside the repository');
      } else if (ref.anchor !== undefined && MARKDOWN.test(found) && !anchors(found).has(ref.anchor)) {
        report(`no heading with anchor #${ref.anchor} in ${relative(absRoot, found).split(sep).join('/')}`);
      }
    }
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const files = scannedFiles(root);
  const problems = checkDocRefs(root, files);
  for (const p of problems) process.stderr.write(`${p.file}:${p.line}: ${p.ref}: ${p.problem}\n`);
  if (problems.length > 0) {
    process.stderr.write(`${problems.length} doc reference(s) do not resolve\n`);
    process.exit(1);
  }
  process.stdout.write(`doc references: ${files.length} files checked, all resolve\n`);
}
