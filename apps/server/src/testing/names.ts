/**
 * Names and passwords for test players, shared by the integration kit and the browser kit.
 * Module state: the counter is per test process, which is what uniqueness needs.
 */
import { Limits } from '@mud/protocol';

let counter = 0;

/**
 * A name no other test of this game has used: account and character names are unique per game
 * (case-insensitively), and spec files with the same settings share one game. Letters only, so
 * it is a valid account and character name (`Limits.accountName`) and needs no quoting.
 */
export function uniqueName(prefix: string): string {
  counter += 1;
  const letters = (n: number) => {
    let out = '';
    do {
      out = String.fromCharCode(97 + (n % 26)) + out;
      n = Math.floor(n / 26);
    } while (n > 0);
    return out;
  };
  // The process id keeps two runs against one reused data dir apart as well.
  return `${prefix}${letters(counter)}${letters(process.pid % 17_576)}`.slice(0, Limits.accountName.max);
}

/** A password the server's rules accept (8+ characters, not all digits, not the name, not common). */
export function passwordFor(name: string): string {
  return `${name.toLowerCase()}-pw-e2e-7`;
}
