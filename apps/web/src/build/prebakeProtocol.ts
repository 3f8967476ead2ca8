import { fileURLToPath } from 'node:url';
import { type Plugin, runnerImport } from 'vite';

const PROTOCOL_MODULE = fileURLToPath(new URL('../protocol.ts', import.meta.url));

/**
 * Replaces `src/protocol.ts` in the production bundle with its evaluated exports as JSON
 * constants. The protocol package builds its schemas with TypeBox at runtime; shipping that to
 * the browser costs ~24 KB gzipped, while the schemas themselves are a few hundred bytes of JSON
 * Schema. The schema stays the single source of truth: nothing is copied by hand, and the bundle
 * is checked to contain no TypeBox at all.
 */
export function prebakeProtocol(): Plugin {
  let baked: string | undefined;
  return {
    name: 'mud:prebake-protocol',
    apply: 'build',
    async load(id) {
      if (id !== PROTOCOL_MODULE) return null;
      if (baked === undefined) {
        const { module } = await runnerImport<Record<string, unknown>>(PROTOCOL_MODULE, {
          configFile: false,
          logLevel: 'silent',
        });
        // JSON.stringify drops TypeBox's symbol-keyed metadata, leaving plain JSON Schema.
        baked = Object.entries(module)
          .map(([name, value]) => `export const ${name} = ${JSON.stringify(value)};`)
          .join('\n');
      }
      return baked;
    },
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const leaked = Object.keys(chunk.modules).find((id) => id.includes('@sinclair/typebox'));
        if (leaked !== undefined) {
          this.error(
            `TypeBox reached the client bundle (${leaked}): import only types from @mud/protocol outside src/protocol.ts`,
          );
        }
      }
    },
  };
}
