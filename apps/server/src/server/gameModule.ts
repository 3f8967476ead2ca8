/**
 * Imports the game module (`MUD_GAME_MODULE`): game authors' TypeScript, read as it is on disk
 * when this game server starts, so `reload` runs edited game code
 * (docs/architecture.md#restarting-the-game-server).
 *
 * From the sources (Vitest, tsx) the loader compiles it like any other file. The compiled game
 * server (`apps/server/dist`, scripts/build-server.mjs) has no loader: it compiles the module
 * itself with esbuild, into one file under the data directory — the game's own files bundled,
 * every import of the engine (`apps/server/src`, `packages/protocol/src`) made an import of
 * its compiled counterpart, so the game and the engine share one `Command` class, one protocol —
 * imports it, and deletes the file. esbuild's service is stopped once the build is done, so the
 * process keeps nothing of it but the module's code. A plain `.js` / `.mjs` module is imported
 * as it is.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';

/** Whether this process runs the compiled engine (this file is `dist/server/gameModule.js`). */
const COMPILED = import.meta.url.endsWith('.js');

export async function importGameModule(module: string, dataDir: string): Promise<unknown> {
  if (!COMPILED || !/\.[cm]?tsx?$/.test(module)) return import(pathToFileURL(module).href);
  const dir = join(dataDir, 'game-build');
  mkdirSync(dir, { recursive: true });
  // One file per process: during a reload the old game server and the new one run side by side.
  const outfile = join(dir, `game-${process.pid}.mjs`);
  try {
    await compileGame(module, outfile);
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(outfile, { force: true });
  }
}

/** The engine's source trees and the compiled trees beside them (the layout of scripts/build-server.mjs). */
function engineTrees(): { src: string; dist: string }[] {
  const at = (path: string) => fileURLToPath(new URL(path, import.meta.url));
  return [
    { src: at('../../src/'), dist: at('../') },
    { src: at('../../../../packages/protocol/src/'), dist: at('../../../../packages/protocol/dist/') },
  ];
}

/** Marks the resolutions this plugin asks esbuild for itself, so it does not intercept them again. */
const OWN = Symbol('own resolution');

/** Resolves every import of the game as esbuild would, then decides what stays outside the bundle. */
function oneEngine(): Plugin {
  const trees = engineTrees();
  return {
    name: 'one-engine',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind === 'entry-point' || args.pluginData === OWN) return undefined;
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: OWN,
        });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        if (resolved.external) return { path: resolved.path, external: true };
        const tree = trees.find((t) => resolved.path.startsWith(t.src));
        if (tree) {
          const compiled = join(tree.dist, relative(tree.src, resolved.path)).replace(/\.[cm]?tsx?$/, '.js');
          return { path: pathToFileURL(compiled).href, external: true };
        }
        // A package: node loads the very file esbuild found (resolved as node does, see below).
        if (resolved.path.includes(`${sep}node_modules${sep}`)) {
          return { path: pathToFileURL(resolved.path).href, external: true };
        }
        return { path: resolved.path };
      });
    },
  };
}

async function compileGame(entry: string, outfile: string): Promise<void> {
  const esbuild = await import('esbuild');
  try {
    await esbuild.build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // Resolve packages as node does: no bundler-only `module` condition or field.
      conditions: ['node'],
      mainFields: ['main'],
      // Only when node maps stack traces (NODE_OPTIONS=--enable-source-maps, docs/settings.md#npm-start):
      // inline, as the file is deleted once imported. Otherwise it would only be text held in memory.
      sourcemap: process.sourceMapsEnabled ? 'inline' : false,
      plugins: [oneEngine()],
      logLevel: 'silent',
    });
  } finally {
    await esbuild.stop();
  }
}
