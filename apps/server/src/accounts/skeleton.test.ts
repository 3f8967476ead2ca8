import { describe, expect, it } from 'vitest';
import { nameSkeleton, skeleton } from './skeleton.js';

describe('skeleton (UTS #39 §4)', () => {
  it('maps Cyrillic and Greek twins of Latin letters onto the Latin prototype', () => {
    expect(skeleton('\u0430lice')).toBe('alice'); // Cyrillic а
    expect(skeleton('b\u043eb')).toBe('bob'); // Cyrillic о
    expect(skeleton('\u03bfscar')).toBe('oscar'); // Greek ο
    expect(skeleton('\u0410DA')).toBe('ADA'); // Cyrillic А
  });

  it('leaves a plain Latin name alone', () => {
    expect(skeleton('alice')).toBe('alice');
  });

  it('folds ASCII look-alikes as confusables.txt does', () => {
    expect(skeleton('1ab')).toBe('lab');
    expect(skeleton('Ian')).toBe('lan');
    expect(skeleton('mary')).toBe('rnary');
    expect(skeleton('B0B')).toBe('BOB');
  });

  it('decomposes first and again last, so precomposed and decomposed accents agree', () => {
    expect(skeleton('\u00e9')).toBe(skeleton('e\u0301'));
    expect(skeleton('\u00e9')).toBe('e\u0301');
  });

  it('maps look-alike combining marks onto their prototype mark', () => {
    // U+030C COMBINING CARON has U+0306 COMBINING BREVE as its prototype in confusables.txt.
    expect(skeleton('a\u030c')).toBe(skeleton('a\u0306'));
  });

  it('drops default-ignorable code points', () => {
    expect(skeleton('al\u200bice')).toBe('alice'); // zero width space
    expect(skeleton('al\u00adice')).toBe('alice'); // soft hyphen
  });

  it('keeps names that only look alike in some fonts apart from each other', () => {
    expect(skeleton('alice')).not.toBe(skeleton('alise'));
  });
});

describe('nameSkeleton', () => {
  it('twins a name with its cross-script look-alike as shown, in lower or upper case', () => {
    expect(nameSkeleton('\u0430lice')).toBe(nameSkeleton('alice')); // Cyrillic а
    expect(nameSkeleton('\u0391lice')).toBe(nameSkeleton('Alice')); // Greek Α
    expect(nameSkeleton('\u0412\u041e\u0412')).toBe(nameSkeleton('BOB')); // Cyrillic ВОВ
    expect(nameSkeleton('\u0410LICE')).toBe(nameSkeleton('ALICE')); // Cyrillic А
  });

  it('is the same for every case of a plain Latin name that has no look-alike letters', () => {
    expect(nameSkeleton('Bob')).toBe(nameSkeleton('bob'));
    expect(nameSkeleton('BOB')).toBe(nameSkeleton('bob'));
  });

  it('twins fullwidth and other compatibility forms (NFKC first)', () => {
    expect(nameSkeleton('\uff41lice')).toBe(nameSkeleton('alice')); // fullwidth ａ
    expect(nameSkeleton('\u{1d41a}lice')).toBe(nameSkeleton('alice')); // mathematical bold a
    expect(nameSkeleton('\uff22\uff10\uff22')).toBe(nameSkeleton('bob')); // fullwidth Ｂ０Ｂ
  });

  it('twins the ASCII look-alikes of confusables.txt: 0/o, 1/l, I/l, m/rn', () => {
    expect(nameSkeleton('b0b')).toBe(nameSkeleton('bob'));
    expect(nameSkeleton('B0B')).toBe(nameSkeleton('BOB'));
    expect(nameSkeleton('a1ice')).toBe(nameSkeleton('alice'));
    expect(nameSkeleton('Ian')).toBe(nameSkeleton('lan'));
    expect(nameSkeleton('rnary')).toBe(nameSkeleton('Mary'));
    expect(nameSkeleton('rnary')).toBe(nameSkeleton('mary'));
  });

  it('keeps different names apart', () => {
    expect(nameSkeleton('alice')).not.toBe(nameSkeleton('alina'));
    expect(nameSkeleton('Bob')).not.toBe(nameSkeleton('Rob'));
    expect(nameSkeleton('ian')).not.toBe(nameSkeleton('lan'));
    // Accents are part of the name: é is not e.
    expect(nameSkeleton('rene')).not.toBe(nameSkeleton('ren\u00e9'));
  });
});
