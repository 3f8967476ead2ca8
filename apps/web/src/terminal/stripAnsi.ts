/**
 * Plain text of terminal output, for the screen-reader log: SGR and other CSI sequences, OSC
 * strings and two-byte escapes removed, carriage returns and other controls dropped (tabs and
 * line feeds kept). ECMA-48 §5.4 (CSI), §8.3.89 (OSC).
 */
const SEQUENCES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]|[\x00-\x08\x0b-\x1f\x7f]/g;

export function stripAnsi(text: string): string {
  return text.replace(SEQUENCES, '');
}
