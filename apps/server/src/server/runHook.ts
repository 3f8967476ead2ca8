/**
 * Runs one of the game's server hooks (Evennia's `at_server_*` functions): a throwing hook is a
 * logged incident, never fatal, so a bug in game code cannot stop a start, a reload or a
 * shutdown halfway.
 */
import type { GameDefinition, ServerHooks } from '../commands/GameDefinition.js';
import type { GameServices } from '../commands/GameServices.js';
import { logIncident } from '../incidents.js';
import type { Logger } from '../logger.js';

export async function runHook(
  definition: GameDefinition,
  name: keyof ServerHooks,
  game: GameServices,
  logger: Logger,
): Promise<void> {
  const fn = definition.hooks?.[name];
  if (!fn) return;
  const started = Date.now();
  try {
    await fn(game);
  } catch (err) {
    logIncident(logger, 'hook-failed', { err, hook: name });
  }
  logger.debug({ hook: name, ms: Date.now() - started }, 'hook ran');
}
