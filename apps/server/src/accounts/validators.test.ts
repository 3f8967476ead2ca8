import { describe, expect, it } from 'vitest';
import { COMMON_PASSWORDS } from './common-passwords.js';
import { nameKey, validateAccountName, validatePassword } from './validators.js';

describe('validateAccountName', () => {
  it.each([
    ['Bob', 'Bob'],
    ['  Bob  ', 'Bob'],
    ['Anna Maria', 'Anna Maria'],
    ['j.r.r@tolkien+1-_', 'j.r.r@tolkien+1-_'],
    ['R2D2', 'R2D2'],
    ['Zoë', 'Zoë'],
    ['Jose\u0301', 'José'], // decomposed input is stored composed (NFC)
    ['Ярослав', 'Ярослав'],
    ['李小龍', '李小龍'],
    ['अनिल', 'अनिल'], // Devanagari needs combining vowel signs
    ['abc', 'abc'],
    ['a'.repeat(30), 'a'.repeat(30)],
    ['𝒜𝒷𝒸', '𝒜𝒷𝒸'], // three code points, six UTF-16 units
    ['Nguyễn', 'Nguyễn'], // two marks on one letter, counted decomposed
    ['김민준', '김민준'], // Hangul syllables decompose into jamo letters, none of them fillers
  ])('accepts %j as %j', (input, value) => {
    expect(validateAccountName(input)).toEqual({ ok: true, value });
  });

  it.each([
    ['empty', ''],
    ['only spaces', '    '],
    ['too short', 'ab'],
    ['too short after trimming', '  ab  '],
    ['too long', 'a'.repeat(31)],
    ['ANSI escape sequence', '\u001b[31mRed'],
    ['bare ESC', 'Bob\u001b'],
    ['NUL', 'Bob\u0000'],
    ['newline', 'Bob\nAlice'],
    ['carriage return', 'Bob\rAlice'],
    ['tab', 'Bob\tAlice'],
    ['DEL', 'Bob\u007f'],
    ['C1 control (CSI)', 'Bob\u009b31m'],
    ['RTL override', 'Bob\u202Egnp.exe'],
    ['LTR isolate', '\u2066Bob\u2069'],
    ['zero-width space', 'Bo\u200Bb'],
    // Default_Ignorable_Code_Point (issue 14): invisible, yet letters or marks.
    ['combining grapheme joiner', 'alice\u034F'],
    ['variation selector', 'alice\uFE0F'],
    ['variation selector supplement', 'alice\u{E0100}'],
    ['Khmer inherent vowel', 'alice\u17B4'],
    ['Hangul fillers only', '\u3164\u3164\u3164'],
    ['Hangul choseong filler', 'Bob\u115F'],
    ['Hangul jungseong filler', 'Bob\u1160'],
    ['tag character', 'Bob\u{E0041}'],
    // Three stacked marks: NFC folds the first into the letter, the count must not.
    ['three marks on a precomposed letter', 'Zoe\u0301\u0302\u0303'],
    ['four marks', 'Bo\u0300\u0301\u0302\u0303b'],
    ['zero-width joiner', 'Bo\u200Db'],
    ['BOM inside', 'Bo\uFEFFb'],
    ['no-break space inside', 'Bob\u00A0Smith'],
    ['emoji', 'Bob😀'],
    ['emoji only', '😀😀😀'],
    ['flag emoji', 'Bob🇫🇷'],
    ['double quote', '"Bob"'],
    ['single quote', "O'Brien"],
    ['backtick', 'Bob`'],
    ['angle brackets (HTML)', '<b>Bob</b>'],
    ['ampersand', 'Bob&Alice'],
    ['slash', 'Bob/Alice'],
    ['backslash', 'Bob\\Alice'],
    ['semicolon', 'Bob;drop'],
    ['equals sign', 'Bob=1'],
    ['two spaces in a row', 'Bob  Smith'],
    ['Zalgo stack', 'Z\u0300\u0301\u0302\u0303algo'],
    ['leading combining mark', '\u0301Bob'],
    ['only symbols', '...'],
    ['only symbols and spaces', '_ - _'],
    ['non-decimal number', 'Bob½'],
    ['lone surrogate', 'Bob\uD800'],
  ])('refuses %s', (_label, input) => {
    const result = validateAccountName(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/^[A-Z].*\.$/); // a sentence for the player
  });

  it('counts length in code points, after trimming', () => {
    expect(validateAccountName(`  ${'b'.repeat(30)}  `).ok).toBe(true);
    expect(validateAccountName('𝒜'.repeat(30)).ok).toBe(true);
    expect(validateAccountName('𝒜'.repeat(31)).ok).toBe(false);
  });
});

describe('validatePassword', () => {
  it.each([
    ['correct horse battery staple', 'Bob'],
    ['tr0ub4dor&3', 'Bob'],
    ['  spaces kept  ', 'Bob'],
    ['ünïcödé-pässwörd', 'Bob'],
    ['a'.repeat(256), 'Bob'],
    ['12345678x', 'Bob'],
    ['Bob12345', 'Bob'], // contains the name but is not the name
  ])('accepts %j for %j, unchanged', (password, name) => {
    expect(validatePassword(password, name)).toEqual({
      ok: true,
      value: password,
    });
  });

  it.each([
    ['empty', '', 'Bob'],
    ['7 characters', 'abcdefg', 'Bob'],
    ['7 code points of astral letters', '𝒜'.repeat(7), 'Bob'],
    ['too long', 'a'.repeat(257), 'Bob'],
    ['all digits', '1234567890123', 'Bob'],
    ['all non-ASCII digits', '١٢٣٤٥٦٧٨٩', 'Bob'],
    ['the name', 'Bartholomew', 'Bartholomew'],
    ['the name in another case', 'bARTHOLOMEW', 'Bartholomew'],
    ['the name, fullwidth', 'Ｂａｒｔｈｏｌｏｍｅｗ', 'Bartholomew'],
    ['the untrimmed name', 'Bartholomew', '  Bartholomew '],
    ['common', 'password1', 'Bob'],
    ['common, other case', 'PassWord123', 'Bob'],
    ['common, qwerty', 'qwertyuiop', 'Bob'],
  ])('refuses %s', (_label, password, name) => {
    const result = validatePassword(password, name);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason.length).toBeGreaterThan(10);
  });
});

describe('COMMON_PASSWORDS', () => {
  it('has about 200 lower-case entries', () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThanOrEqual(200);
    for (const p of COMMON_PASSWORDS) expect(p).toBe(p.toLowerCase());
  });
});

describe('nameKey', () => {
  it.each([
    ['Bob', 'bob'],
    ['BOB', 'bob'],
    ['Ｂｏｂ', 'bob'], // fullwidth folds to ASCII
    ['ﬁnn', 'finn'], // ligature
    ['Jose\u0301', 'josé'],
  ])('%j -> %j', (name, key) => {
    expect(nameKey(name)).toBe(key);
  });
});
