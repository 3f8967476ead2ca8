import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import type { Logger, Plugin } from 'vite';

export interface SizeBudget {
  /** The most the initial load (JS and CSS index.html pulls in) may weigh gzipped, in bytes. */
  maxInitialGzip: number;
  /**
   * Lazy chunks with a budget of their own, by the name their files start with (`AdminPage`: the
   * admin view's JS and CSS together), gzipped bytes. Each is reported; the build fails beyond.
   */
  lazy?: Record<string, number>;
}

/** The lazy chunk a built file belongs to: `assets/AdminPage-abc.js` is `AdminPage`'s. */
export function chunkOf(file: string, names: readonly string[]): string | undefined {
  const base = file.split('/').at(-1) ?? file;
  return names.find((name) => base.startsWith(`${name}-`));
}

/** The files index.html loads before the app runs: scripts, module preloads and stylesheets. */
export function initialAssets(html: string): string[] {
  const urls = new Set<string>();
  for (const match of html.matchAll(/<(?:script|link)\b[^>]*>/g)) {
    const tag = match[0];
    const rel = /\brel="([^"]+)"/.exec(tag)?.[1];
    if (tag.startsWith('<link') && rel !== 'stylesheet' && rel !== 'modulepreload') continue;
    const url = /\b(?:src|href)="([^"]+)"/.exec(tag)?.[1];
    if (url !== undefined && !/^(?:[a-z]+:|\/\/)/i.test(url)) urls.add(url.replace(/^\//, ''));
  }
  return [...urls];
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1).padStart(7)} KB`;

/**
 * After `vite build`: prints what the initial load weighs gzipped (the budget of issue 5 is
 * 250 KB) and fails the build beyond the budget. It also writes `.gz` and `.br` siblings of the
 * text assets, so a server that serves precompressed files (@fastify/static `preCompressed`)
 * needs no compression work per request.
 */
export function reportSize(budget: SizeBudget): Plugin {
  let outDir = 'dist';
  let logger: Logger | undefined;
  return {
    name: 'mud:report-size',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
      logger = config.logger;
    },
    writeBundle(_options, bundle) {
      const rows: [name: string, raw: number, gzip: number][] = [];
      for (const name of Object.keys(bundle)) {
        if (!/\.(?:js|css|html|svg|json)$/.test(name)) continue;
        const path = join(outDir, name);
        const source = readFileSync(path);
        const gzip = gzipSync(source, { level: 9 });
        writeFileSync(`${path}.gz`, gzip);
        writeFileSync(`${path}.br`, brotliCompressSync(source, { params: { [zlib.BROTLI_PARAM_QUALITY]: 9 } }));
        rows.push([name, source.length, gzip.length]);
      }
      const html = readFileSync(join(outDir, 'index.html'), 'utf8');
      const initial = new Set(['index.html', ...initialAssets(html)]);
      const loaded = rows.filter(([name]) => initial.has(name));
      const total = loaded.reduce((sum, [, , gzip]) => sum + gzip, 0);
      const lines = loaded.map(([name, raw, gzip]) => `  ${name.padEnd(44)} ${kb(raw)} ${kb(gzip)} gzip`);
      const verdict = total <= budget.maxInitialGzip ? 'within' : 'OVER';
      logger?.info(
        [
          'initial load (what index.html pulls in):',
          ...lines,
          `  ${'total'.padEnd(44)} ${' '.repeat(10)} ${kb(total)} gzip — ${verdict} the budget of ${kb(budget.maxInitialGzip).trim()}`,
        ].join('\n'),
      );
      // Lazy chunks (the search addon, the admin view): what each costs when it loads.
      const lazy = rows.filter(([name]) => !initial.has(name) && /\.(?:js|css)$/.test(name));
      if (lazy.length > 0) {
        logger?.info(
          [
            'loaded on demand (not in the initial load):',
            ...lazy.map(([name, raw, gzip]) => `  ${name.padEnd(44)} ${kb(raw)} ${kb(gzip)} gzip`),
          ].join('\n'),
        );
      }
      const budgets = budget.lazy ?? {};
      for (const [name, max] of Object.entries(budgets)) {
        const files = lazy.filter(([file]) => chunkOf(file, [name]) === name);
        const size = files.reduce((sum, [, , gzip]) => sum + gzip, 0);
        if (files.length === 0) this.error(`no lazy chunk named ${name} was built`);
        logger?.info(
          `  ${`${name} chunk (JS + CSS)`.padEnd(44)} ${' '.repeat(10)} ${kb(size)} gzip — ${size <= max ? 'within' : 'OVER'} its budget of ${kb(max).trim()}`,
        );
        if (size > max)
          this.error(`the ${name} chunk is ${kb(size).trim()} gzipped, over its budget of ${kb(max).trim()}`);
      }
      if (total > budget.maxInitialGzip) {
        this.error(
          `initial load is ${kb(total).trim()} gzipped, over the budget of ${kb(budget.maxInitialGzip).trim()}`,
        );
      }
    },
  };
}
