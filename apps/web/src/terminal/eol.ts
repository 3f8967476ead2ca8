/**
 * xterm.js moves the cursor down on "\n" without returning to column 0 (a raw VT100 line feed),
 * while the server ends lines with "\n" or "\r\n". Turn every lone "\n" into "\r\n".
 * (`convertEol` does the same inside xterm; doing it here keeps the rule testable and explicit.)
 */
export function toCrlf(text: string): string {
  return text.replace(/(?<!\r)\n/g, '\r\n');
}
