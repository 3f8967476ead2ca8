/**
 * Pid files (docs/settings.md#pid-files), written atomically: a reader (an operator's script, the
 * test kit) never sees a truncated, empty file — `Number('')` is 0, and `kill(0, …)` signals the
 * reader's own process group.
 */
import { renameSync, writeFileSync } from 'node:fs';

export function writePidFile(path: string, pid: number = process.pid): void {
  const temporary = `${path}.${pid}.tmp`;
  writeFileSync(temporary, `${pid}\n`);
  renameSync(temporary, path);
}
