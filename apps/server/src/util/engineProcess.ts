/**
 * How the engine's processes are run: the node flags and environment every portal, game-server
 * host and game server starts with (`npm start`, the portal's fork of the game server, the test
 * kit). Both settings trade a little CPU for a lot of resident memory (issue 17, idle memory):
 *
 * - `--max-semi-space-size=4` (MB): V8 grows its young generation up to 16 MB a semi-space under
 *   allocation bursts (a login storm) and keeps it committed afterwards, some 25 MB a process of
 *   memory holding nothing. A MUD's objects are small and short-lived: 4 MB semi-spaces are
 *   scavenged more often, each scavenge as short (it costs what survives, not the space).
 * - `MALLOC_MMAP_THRESHOLD_` (glibc): argon2id takes 19 MiB per hash. glibc's default threshold
 *   rises to the size of the last freed mapping, after which every hash buffer is carved from a
 *   thread arena and stays resident when freed: up to 19 MiB per hashing thread. A fixed 1 MiB
 *   threshold maps and unmaps each buffer, as the first one was.
 *
 * An operator's own MALLOC_* environment wins over ENGINE_ENV; the node flags are given on the
 * command line, where they win over NODE_OPTIONS.
 */
export const ENGINE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4'];

export const ENGINE_ENV: Readonly<Record<string, string>> = { MALLOC_MMAP_THRESHOLD_: '1048576' };
