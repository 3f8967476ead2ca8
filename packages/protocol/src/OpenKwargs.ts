/**
 * The kwargs of `text` and `idle`: Evennia's clients may send options there, so any keys are
 * allowed, but bounded (`Limits.kwargs`). Unbounded, a 20,000-deep object passed the schema and
 * overflowed `JSON.stringify`'s stack in the portal (issue 11).
 */
import { type TSchema, Type } from '@sinclair/typebox';
import { Limits } from './limits.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON value holding containers at most `levels` deep; each container at most `keys` wide. */
function boundedJson(levels: number): TSchema {
  const primitives = [Type.String(), Type.Number(), Type.Boolean(), Type.Null()];
  if (levels === 0) return Type.Union(primitives);
  const inner = boundedJson(levels - 1);
  return Type.Union([
    ...primitives,
    Type.Array(inner, { maxItems: Limits.kwargs.keys }),
    Type.Record(Type.String(), inner, { maxProperties: Limits.kwargs.keys }),
  ]);
}

/**
 * What JSON Schema can say: depth and each container's width. `Type.Unsafe` keeps the schema as
 * built (the checker validates it as usual) and gives it its real static type.
 */
export const OpenKwargs = Type.Unsafe<{ [key: string]: JsonValue }>(
  Type.Record(Type.String(), boundedJson(Limits.kwargs.depth - 1), { maxProperties: Limits.kwargs.keys }),
);

/**
 * What JSON Schema cannot say: the whole tree's key count and its size. Iterative and stopping at
 * the first excess, so a hostile value costs no stack and little time; run before the schema.
 */
export function withinKwargsLimits(kwargs: object): boolean {
  const stack: [value: unknown, depth: number][] = [[kwargs, 1]];
  let keys = 0;
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [value, depth] = next;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > Limits.kwargs.depth) return false;
    const children = Array.isArray(value) ? value : Object.values(value);
    keys += children.length;
    if (keys > Limits.kwargs.keys) return false;
    for (const child of children) stack.push([child, depth + 1]);
  }
  // Depth and width are bounded now, so serialising is safe and cheap.
  return utf8Length(JSON.stringify(kwargs)) <= Limits.kwargs.bytes;
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      // A surrogate pair is one code point of four bytes (a lone surrogate becomes U+FFFD, three).
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
