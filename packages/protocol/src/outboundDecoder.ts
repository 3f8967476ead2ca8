/**
 * The one decoder of portal -> client frames, for the web client and for server-side tests alike
 * (issue 11: it used to exist twice). It takes the schema as data: the protocol package passes its
 * TypeBox schema, the web client the same schema serialised to JSON at build time, so the browser
 * ships neither TypeBox nor a hand-written copy of the frame shapes. Imports no TypeBox.
 */
import { compileSchema } from './schemaCheck.js';

/**
 * A decoder of raw text frames against `schema` (`OutboundFrame`, as built or as JSON; `Frame` is
 * its type, given by the caller so this file imports nothing of `frames.ts`): returns
 * the frame, or null for anything that is not JSON or not in the schema. The checker is built on
 * first use, and throws then if the schema uses a keyword it does not know (fail closed).
 */
export function outboundDecoder<Frame>(schema: unknown): (raw: string) => Frame | null {
  let check: ((value: unknown) => boolean) | undefined;
  return (raw) => {
    check ??= compileSchema(schema);
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return null;
    }
    return check(value) ? (value as Frame) : null;
  };
}
