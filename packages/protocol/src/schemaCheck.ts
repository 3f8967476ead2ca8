/**
 * A checker for the subset of JSON Schema (draft 2019-09 keywords as TypeBox emits them) that the
 * protocol's outbound frames use. It interprets the protocol's own schema — nothing about frame
 * shapes is written here — so the browser needs the schema as data, not TypeBox's runtime (see
 * `apps/web/src/protocol.ts`). `schemaCheck.test.ts` holds it to TypeBox's `Value.Check` on a
 * corpus. It imports nothing: the web client bundles it, and the build refuses TypeBox.
 *
 * It fails closed: a schema using a keyword this file does not know is refused when the checker
 * is built, so a protocol change can never make the client silently accept unchecked data.
 */

type Schema = Readonly<Record<string, unknown>>;
export type Check = (value: unknown) => boolean;

/** Annotations that do not constrain values. */
const ANNOTATIONS = new Set(['$id', 'title', 'description', 'default', 'examples', '$comment']);

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function asSchema(value: unknown, path: string): Schema {
  if (!isPlainObject(value)) throw new Error(`schema at ${path} is not an object`);
  return value;
}

function compile(schema: Schema, path: string): Check {
  const checks: Check[] = [];
  for (const [keyword, arg] of Object.entries(schema)) {
    if (ANNOTATIONS.has(keyword)) continue;
    switch (keyword) {
      case 'type':
        checks.push(typeCheck(arg, path));
        break;
      case 'const':
        checks.push((v) => v === arg);
        break;
      case 'anyOf': {
        if (!Array.isArray(arg)) throw new Error(`anyOf at ${path} is not an array`);
        const options = arg.map((s, i) => compile(asSchema(s, `${path}/anyOf/${i}`), `${path}/anyOf/${i}`));
        checks.push((v) => options.some((option) => option(v)));
        break;
      }
      case 'items': {
        if (Array.isArray(arg)) {
          // Tuple form: positional schemas; `additionalItems` decides about the rest.
          const items = arg.map((s, i) => compile(asSchema(s, `${path}/items/${i}`), `${path}/items/${i}`));
          checks.push((v) => !Array.isArray(v) || items.every((item, i) => i >= v.length || item(v[i])));
        } else {
          const item = compile(asSchema(arg, `${path}/items`), `${path}/items`);
          checks.push((v) => !Array.isArray(v) || v.every(item));
        }
        break;
      }
      case 'additionalItems': {
        const tuple = schema.items;
        if (arg !== false || !Array.isArray(tuple)) throw new Error(`unsupported additionalItems at ${path}`);
        checks.push((v) => !Array.isArray(v) || v.length <= tuple.length);
        break;
      }
      case 'minItems':
      case 'maxItems': {
        const n = numberArg(arg, keyword, path);
        checks.push(
          keyword === 'minItems'
            ? (v) => !Array.isArray(v) || v.length >= n
            : (v) => !Array.isArray(v) || v.length <= n,
        );
        break;
      }
      case 'properties': {
        const properties = Object.entries(asSchema(arg, `${path}/properties`)).map(
          ([key, s]) => [key, compile(asSchema(s, `${path}/properties/${key}`), `${path}/properties/${key}`)] as const,
        );
        checks.push(
          (v) => !isPlainObject(v) || properties.every(([key, check]) => !Object.hasOwn(v, key) || check(v[key])),
        );
        break;
      }
      case 'required': {
        if (!Array.isArray(arg) || !arg.every((k) => typeof k === 'string')) throw new Error(`bad required at ${path}`);
        checks.push((v) => !isPlainObject(v) || arg.every((key: string) => Object.hasOwn(v, key)));
        break;
      }
      case 'additionalProperties': {
        const known = new Set(Object.keys(isPlainObject(schema.properties) ? schema.properties : {}));
        if (arg === true) break;
        const extra: Check =
          arg === false
            ? () => false
            : compile(asSchema(arg, `${path}/additionalProperties`), `${path}/additionalProperties`);
        checks.push(
          (v) => !isPlainObject(v) || Object.entries(v).every(([key, value]) => known.has(key) || extra(value)),
        );
        break;
      }
      case 'minimum':
      case 'maximum': {
        const n = numberArg(arg, keyword, path);
        checks.push(
          keyword === 'minimum' ? (v) => typeof v !== 'number' || v >= n : (v) => typeof v !== 'number' || v <= n,
        );
        break;
      }
      case 'minLength':
      case 'maxLength': {
        // Length in UTF-16 code units, as TypeBox counts it.
        const n = numberArg(arg, keyword, path);
        checks.push(
          keyword === 'minLength'
            ? (v) => typeof v !== 'string' || v.length >= n
            : (v) => typeof v !== 'string' || v.length <= n,
        );
        break;
      }
      default:
        throw new Error(`schemaCheck does not know the keyword "${keyword}" (at ${path})`);
    }
  }
  return (value) => checks.every((check) => check(value));
}

function numberArg(arg: unknown, keyword: string, path: string): number {
  if (typeof arg !== 'number') throw new Error(`${keyword} at ${path} is not a number`);
  return arg;
}

function typeCheck(type: unknown, path: string): Check {
  switch (type) {
    case 'string':
      return (v) => typeof v === 'string';
    case 'number':
      return (v) => typeof v === 'number' && Number.isFinite(v);
    case 'integer':
      return (v) => typeof v === 'number' && Number.isInteger(v);
    case 'boolean':
      return (v) => typeof v === 'boolean';
    case 'null':
      return (v) => v === null;
    case 'array':
      return Array.isArray;
    case 'object':
      return isPlainObject;
    default:
      throw new Error(`schemaCheck does not know the type ${JSON.stringify(type)} (at ${path})`);
  }
}

/** Builds a checker for `schema`; throws if the schema uses anything this checker does not know. */
export function compileSchema(schema: unknown): Check {
  return compile(asSchema(schema, '#'), '#');
}
