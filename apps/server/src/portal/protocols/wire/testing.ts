/** Helpers for the wire formats' unit tests: messages as a test reads them. */
import type { WireInput, WireMessage } from './WireFormat.js';

/** Each message as `[kind, text]`: `binary` for a binary frame, `text` for a text frame. */
export function shown(messages: readonly WireMessage[]): [kind: 'binary' | 'text', text: string][] {
  return messages.map((m) => (typeof m === 'string' ? ['text', m] : ['binary', m.toString('utf8')]));
}

/** A message's payload, as ws hands it over. */
export const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

/** The error code of a refused input, or its kind otherwise. */
export function outcome(input: WireInput): string {
  return input.kind === 'refused' ? input.failure.code : input.kind;
}
