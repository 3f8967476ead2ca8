/**
 * Summarises V8 `.cpuprofile` files (from `node --cpu-prof`, which `--cpu-prof` on the bench
 * turns on for the portal and the game server): self time by function and by file, and total
 * (inclusive) time of the functions that matter, so a profile can be quoted in a report.
 *
 *   node --import tsx bench/src/profile/summarize.ts <file.cpuprofile>... [--top 25]
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  file: string;
  durationMs: number;
  /** Sampled time not spent idle (program + GC), ms. */
  busyMs: number;
  gcMs: number;
  selfByFunction: { name: string; ms: number; pct: number }[];
  selfByFile: { file: string; ms: number; pct: number }[];
  inclusive: { name: string; ms: number; pct: number }[];
}

function shortUrl(url: string): string {
  if (!url) return '(native)';
  const pnpm = /node_modules\/\.pnpm\/[^/]+\/node_modules\/(.+)$/.exec(url);
  if (pnpm) return pnpm[1] as string;
  const src = /\/(apps|packages)\/(.+)$/.exec(url);
  if (src) return `${src[1]}/${src[2]}`;
  return url.replace(/^file:\/\//, '');
}

function label(frame: CallFrame): string {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return name;
  return `${name} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
}

export function summarizeProfile(path: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i] as number;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  let idleUs = 0;
  let gcUs = 0;
  let totalUs = 0;
  const fnSelf = new Map<string, number>();
  const fileSelf = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    totalUs += us;
    const name = node.callFrame.functionName;
    if (name === '(idle)') {
      idleUs += us;
      continue;
    }
    if (name === '(garbage collector)') gcUs += us;
    const key = label(node.callFrame);
    fnSelf.set(key, (fnSelf.get(key) ?? 0) + us);
    const file = shortUrl(node.callFrame.url);
    fileSelf.set(file, (fileSelf.get(file) ?? 0) + us);
    // Inclusive: credit each distinct function on the stack once.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur)?.callFrame;
      if (!frame) break;
      const k = label(frame);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + us);
    }
  }
  const busyUs = totalUs - idleUs;
  const rows = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => ({
        k,
        ms: Math.round(us / 100) / 10,
        pct: Math.round((1000 * us) / Math.max(1, busyUs)) / 10,
      }));
  return {
    file: basename(path),
    durationMs: Math.round((profile.endTime - profile.startTime) / 1000),
    busyMs: Math.round(busyUs / 1000),
    gcMs: Math.round(gcUs / 1000),
    selfByFunction: rows(fnSelf).map(({ k, ms, pct }) => ({ name: k, ms, pct })),
    selfByFile: rows(fileSelf).map(({ k, ms, pct }) => ({ file: k, ms, pct })),
    inclusive: rows(new Map([...inclusive].filter(([k]) => !k.startsWith('(root)') && !k.startsWith('(program)')))).map(
      ({ k, ms, pct }) => ({ name: k, ms, pct }),
    ),
  };
}

export function formatSummary(s: ProfileSummary): string {
  const lines = [
    `## ${s.file}: ${s.durationMs} ms profiled, ${s.busyMs} ms busy (${s.gcMs} ms GC)`,
    '',
    'self time by function:',
    ...s.selfByFunction.map((r) => `  ${r.pct.toFixed(1).padStart(5)}%  ${String(r.ms).padStart(9)} ms  ${r.name}`),
    '',
    'self time by file:',
    ...s.selfByFile.map((r) => `  ${r.pct.toFixed(1).padStart(5)}%  ${String(r.ms).padStart(9)} ms  ${r.file}`),
    '',
    'inclusive time:',
    ...s.inclusive.map((r) => `  ${r.pct.toFixed(1).padStart(5)}%  ${String(r.ms).padStart(9)} ms  ${r.name}`),
  ];
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const topAt = args.indexOf('--top');
  const top = topAt >= 0 ? Number(args[topAt + 1]) : 25;
  const files = args.filter((a, i) => !a.startsWith('--') && (topAt < 0 || i !== topAt + 1));
  for (const f of files) process.stdout.write(`${formatSummary(summarizeProfile(f, top))}\n\n`);
}
