/**
 * Rewrites citations of the old product contract, a file outside the repository (the word SPEC,
 * a section sign and a number: "SPEC" + "\u00a73"), into references to the repository's own docs
 * (issue 11), so a clone can follow every one of them.
 *
 * - In code, a citation becomes a root-relative path: `(docs/sessions.md#multisession-modes)`.
 * - In markdown, a link relative to the file: `([multisession modes](docs/sessions.md#...))`.
 * - Several sections (`\u00a73, \u00a77`, a range `\u00a7\u00a71–2`) become several references; a
 *   possessive `'s` is dropped; a citation broken over a comment's two lines stays on the second.
 *
 * `SECTIONS` is the one map from the contract's sections to the docs. A section may point to a
 * narrower heading depending on the citing line or file (a `msg()` line to the routing rules, not
 * to the modes in general); the first matching rule wins, the last rule of each is its default.
 *
 *   node scripts/cite-docs.mjs [--dry-run] [path ...]
 *
 * With no path, every file `scripts/check-doc-refs.mjs` checks; a path may be a folder. Prints
 * each change; running it again changes nothing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scannedFiles } from './check-doc-refs.mjs';

/** Each doc target and the words a markdown link to it shows. */
export const TARGETS = {
  'docs/settings.md#running-it': 'running it',
  'docs/settings.md#signals': 'signals',
  'docs/settings.md#settings': 'settings',
  'docs/settings.md#limits': 'limits',
  'docs/sessions.md#multisession-modes': 'multisession modes',
  'docs/sessions.md#mode-presets': 'mode presets',
  'docs/sessions.md#message-routing': 'message routing',
  'docs/sessions.md#session-properties': 'sessions',
  'docs/sessions.md#the-session-handler': 'the session handler',
  'docs/architecture.md#portal-and-server': 'portal and server',
  'docs/architecture.md#the-link': 'the link',
  'docs/architecture.md#closing-a-connection': 'closing a connection',
  'docs/architecture.md#restarting-the-game-server': 'restarting the game server',
  'docs/protocol.md#the-websocket': 'wire protocol',
  'docs/protocol.md#player-text': 'player text',
  'docs/protocol.md#the-link': 'link messages',
  'docs/architecture.md#default-commands': 'default commands',
  'docs/architecture.md#account-names-and-passwords': 'names and passwords',
  'docs/architecture.md#the-superuser': 'the superuser',
  'docs/architecture.md#the-web-client': 'the web client',
  'docs/architecture.md#test-hooks': 'test hooks',
  'docs/architecture.md#telnet-and-ssh': 'telnet and SSH (planned)',
  'docs/cluster.md#roles': 'the cluster',
  'docs/architecture.md#the-admin-view': 'the admin view',
};

/**
 * The contract's sections 1–11 and where each now lives. A rule `{ line, file, to }` applies when
 * its `line` pattern matches the citing line(s) and its `file` pattern the citing file's path.
 */
export const SECTIONS = {
  1: [
    { line: /SIGTERM|SIGINT|Ctrl-C|graceful shutdown|1001/i, to: 'docs/settings.md#signals' },
    { to: 'docs/settings.md#running-it' },
  ],
  2: [{ line: /limit|throttl|rate/i, to: 'docs/settings.md#limits' }, { to: 'docs/settings.md#settings' }],
  3: [
    { line: /\bmsg\b|message|rout|caller|without a session|NPC|script/i, to: 'docs/sessions.md#message-routing' },
    { line: /table|preset|auto-create|auto-puppet|MAX_NR/i, to: 'docs/sessions.md#mode-presets' },
    { to: 'docs/sessions.md#multisession-modes' },
  ],
  4: [{ line: /handler/i, to: 'docs/sessions.md#the-session-handler' }, { to: 'docs/sessions.md#session-properties' }],
  5: [
    { file: /^packages\/protocol\//, to: 'docs/protocol.md#the-link' },
    { line: /\blink\b/i, to: 'docs/architecture.md#the-link' },
    { line: /reload|reset|restart|crash/i, to: 'docs/architecture.md#restarting-the-game-server' },
    { line: /close|session is over|session ends/i, to: 'docs/architecture.md#closing-a-connection' },
    { to: 'docs/architecture.md#portal-and-server' },
  ],
  6: [
    { file: /text\/markup|terminal\/frameToAnsi/, to: 'docs/protocol.md#player-text' },
    { line: /escape|sanitis/i, to: 'docs/protocol.md#player-text' },
    { to: 'docs/protocol.md#the-websocket' },
  ],
  7: [
    { line: /superuser|first account/i, to: 'docs/architecture.md#the-superuser' },
    { line: /\bnames?\b|password|creation/i, to: 'docs/architecture.md#account-names-and-passwords' },
    { to: 'docs/architecture.md#default-commands' },
  ],
  8: [
    { file: /^packages\/protocol\//, to: 'docs/architecture.md#the-web-client' },
    { line: /menu|OOC|render/i, to: 'docs/architecture.md#the-web-client' },
    { to: 'docs/architecture.md#test-hooks' },
  ],
  9: [{ to: 'docs/architecture.md#telnet-and-ssh' }],
  10: [{ to: 'docs/cluster.md#roles' }],
  11: [{ to: 'docs/architecture.md#the-admin-view' }],
};

/**
 * A citation: leading blanks, the word, the gap (maybe a line break and a comment's ` * ` or
 * `// `), then sections: `\u00a73`, `\u00a73, \u00a77`, `\u00a73 and \u00a74`, `\u00a7\u00a71–2`; maybe `'s`.
 */
const CITATION =
  /([ \t]*)\bSPEC((?:[ \t]*\r?\n[ \t]*(?:\*|\/\/|#)?)?[ \t]*)(\u00a7\u00a7?\s*\d+(?:\s*(?:,|and)\s*\u00a7\s*\d+|\s*[–-]\s*\u00a7?\s*\d+)*)('s\b)?/g;

/** The section numbers a citation names, ranges expanded. */
export function sectionsOf(cited) {
  const numbers = [];
  for (const part of cited.replace(/\u00a7/g, '').split(/\s*(?:,|and)\s*/)) {
    const [from, to = from] = part.split(/\s*[–-]\s*/).map(Number);
    for (let n = from; n <= to; n++) numbers.push(n);
  }
  return numbers;
}

/** Where section `n`, cited on `lineText` of `file`, now lives. */
export function targetOf(n, lineText, file) {
  const rules = SECTIONS[n];
  if (!rules) throw new Error(`${file}: the contract has no section ${n}`);
  return rules.find((r) => (!r.line || r.line.test(lineText)) && (!r.file || r.file.test(file))).to;
}

/**
 * Rewrites the citations in one file's text. `file` is relative to the repository root, with `/`.
 * Returns the new text and the changes `{ line, from, to }`.
 */
export function citeDocs(text, file) {
  const markdown = file.endsWith('.md');
  const changes = [];
  const result = text.replace(CITATION, (match, lead, gap, cited, _possessive, offset) => {
    const start = offset + lead.length;
    const lineStart = text.lastIndexOf('\n', start) + 1;
    const lineEnd = text.indexOf('\n', start + match.length - lead.length);
    const lineText = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd);
    const targets = [...new Set(sectionsOf(cited).map((n) => targetOf(n, lineText, file)))];
    const refs = targets.map((to) => (markdown ? markdownLink(to, file) : to)).join(', ');
    const line = text.slice(0, start).split('\n').length;
    changes.push({ line, from: match.trim().replace(/\s+/g, ' '), to: refs });
    // Broken over two lines: the references go where the section number was.
    return gap.includes('\n') ? `${gap.replace(/^[ \t]*/, '')}${refs}` : `${lead}${refs}`;
  });
  return { text: result, changes };
}

function markdownLink(to, file) {
  const [path, anchor] = to.split('#');
  const rel = path === file ? '' : relative(dirname(file), path).split('\\').join('/');
  return `[${TARGETS[to]}](${rel}#${anchor})`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const args = process.argv.slice(2);
  const dryRun = args.includes('--dry-run');
  const paths = args.filter((a) => a !== '--dry-run').map((p) => relative(root, resolve(p)).split('\\').join('/'));
  const files = scannedFiles(root).filter(
    (f) => paths.length === 0 || paths.some((p) => f === p || f.startsWith(`${p}/`)),
  );
  let count = 0;
  let changed = 0;
  for (const file of files) {
    const before = readFileSync(join(root, file), 'utf8');
    const { text, changes } = citeDocs(before, file);
    if (changes.length === 0) continue;
    for (const c of changes) process.stdout.write(`${file}:${c.line}: ${c.from} -> ${c.to}\n`);
    count += changes.length;
    changed++;
    if (!dryRun) writeFileSync(join(root, file), text);
  }
  process.stdout.write(
    count === 0
      ? `no contract citations left in ${files.length} files\n`
      : `${dryRun ? 'would rewrite' : 'rewrote'} ${count} citation(s) in ${changed} file(s)\n`,
  );
}
