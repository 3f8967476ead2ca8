/**
 * Validators compiled on first use. `TypeCompiler` generates code with `new Function`, which is
 * the fast path for the portal's hot input loop; compiling lazily keeps it out of bundles (and
 * Content-Security-Policies) of clients that never validate that schema.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';

export function lazyChecker<T extends TSchema>(schema: T): (value: unknown) => value is Static<T> {
  let compiled: ReturnType<typeof TypeCompiler.Compile<T>> | undefined;
  return (value: unknown): value is Static<T> => {
    compiled ??= TypeCompiler.Compile(schema);
    return compiled.Check(value);
  };
}
