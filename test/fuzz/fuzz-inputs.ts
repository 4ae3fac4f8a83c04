// fast-check arbitraries for hostile text: random unicode, control characters, injection strings, huge inputs.
import fc from 'fast-check';

export const INJECTIONS = [
  "'; drop table cases; --",
  "1' or '1'='1",
  "\\'; select pg_sleep(10); --",
  '$1::int; delete from people',
  '<script>alert(document.cookie)</script>',
  '"><img src=x onerror=alert(1)>',
  '{{constructor.constructor("return process")()}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template injection attempt, as a sender would type it
  '${process.exit(1)}',
  '__proto__',
  '{"__proto__":{"admin":true}}',
  '\u0000\u0001\u0007\u001b[31m',
  '\u202e\u200b\ufeff\ud800',
  '../../../../etc/passwd',
  '%00%0d%0a',
  '𠮷𝕏🙂‍↔️👨‍👩‍👧',
  'ＧＬ－２０２６－０００１２３',
  'gl 2026 000123 GL2026000123 GL-2026-0001234',
  '１３８１２３４５６７８',
];

const controlChars = fc.string({
  unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
});

/** Text a hostile or confused sender might produce; mixes every kind below. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  controlChars,
  fc.constantFrom(...INJECTIONS),
  fc
    .array(fc.oneof(fc.constantFrom(...INJECTIONS), fc.string({ unit: 'binary', maxLength: 20 })), {
      maxLength: 8,
    })
    .map((parts) => parts.join('')),
  fc
    .tuple(fc.constantFrom('a', '举报', '1', '\u0000', '😀', ' '), fc.integer({ min: 10_000, max: 100_000 }))
    .map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n)),
);

/** A mainland mobile number in one of the spellings residents use. */
export const spelledPhone: fc.Arbitrary<{ digits: string; spelled: string }> = fc
  .tuple(
    fc.constantFrom('3', '4', '5', '6', '7', '8', '9'),
    fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 9, maxLength: 9 }),
    fc.constantFrom('plain', 'spaced', 'dashed', 'country', 'full-width'),
  )
  .map(([second, rest, style]) => {
    const digits = `1${second}${rest}`;
    const [a, b, c] = [digits.slice(0, 3), digits.slice(3, 7), digits.slice(7)];
    const spelled =
      style === 'spaced'
        ? `${a} ${b} ${c}`
        : style === 'dashed'
          ? `${a}-${b}-${c}`
          : style === 'country'
            ? `+86${digits}`
            : style === 'full-width'
              ? [...digits].map((d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).join('')
              : digits;
    return { digits, spelled };
  });

/** Text around a number that does not itself continue the number (a digit right beside it would). */
export const surroundingText: fc.Arbitrary<string> = fc
  .oneof(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.constantFrom(...INJECTIONS))
  .map((s) => s.replace(/[\d０-９*+＋-]/g, ''));

/** What residents put between the groups of a number: spaces, dots, dashes, middle dots, the ideographic forms. */
const GROUP_SEPARATORS = [
  ' ',
  '  ',
  '-',
  ' - ',
  '.',
  '. ',
  '·',
  ' · ',
  '—',
  '－',
  '．',
  '\u3000',
  '。',
  '_',
  '\u00a0',
];

const fullWidth = (s: string) => s.replace(/[0-9+]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

/** Writes `digits` in the given group sizes, with a separator between groups, optionally all full-width. */
function grouped(
  digits: string,
  sizes: readonly number[],
): fc.Arbitrary<{ spelled: string; separatorFree: string }> {
  return fc
    .tuple(
      fc.array(fc.constantFrom(...GROUP_SEPARATORS), { minLength: sizes.length, maxLength: sizes.length }),
      fc.boolean(),
    )
    .map(([seps, wide]) => {
      let at = 0;
      let spelled = '';
      sizes.forEach((size, i) => {
        spelled += (i > 0 ? seps[i]! : '') + digits.slice(at, at + size);
        at += size;
      });
      return { spelled: wide ? fullWidth(spelled) : spelled, separatorFree: digits };
    });
}

/** A mainland mobile grouped as people write it (3-4-4, 3-3-5, 4-4-3, 3-8, 7-4, whole), with or without +86. */
export const groupedPhone: fc.Arbitrary<{ digits: string; spelled: string }> = fc
  .tuple(
    fc.constantFrom('3', '4', '5', '6', '7', '8', '9'),
    fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 9, maxLength: 9 }),
    fc.constantFrom([3, 4, 4], [3, 3, 5], [4, 4, 3], [3, 8], [7, 4], [11]),
    fc.constantFrom('', '+86', '+86 ', '+86-', '86 ', '0086 ', '(+86)'),
  )
  .chain(([second, rest, sizes, prefix]) => {
    const digits = `1${second}${rest}`;
    return grouped(digits, sizes).map(({ spelled }) => ({ digits, spelled: `${prefix}${spelled}` }));
  });

/** A resident ID number (region, birth date, sequence, check character) grouped as people write it. */
export const groupedIdNumber: fc.Arbitrary<{ id: string; spelled: string }> = fc
  .tuple(
    fc.integer({ min: 110000, max: 829999 }),
    fc.date({
      min: new Date('1920-01-01T00:00:00Z'),
      max: new Date('2025-12-31T00:00:00Z'),
      noInvalidDate: true,
    }),
    fc.integer({ min: 0, max: 999 }),
    fc.constantFrom(...'0123456789X'),
    fc.constantFrom([6, 8, 4], [4, 4, 4, 4, 2], [6, 4, 4, 4], [3, 3, 4, 4, 4], [6, 6, 6], [18], [6, 12]),
  )
  .chain(([region, birth, sequence, check, sizes]) => {
    const id = `${region}${birth.toISOString().slice(0, 10).replaceAll('-', '')}${String(sequence).padStart(3, '0')}${check}`;
    return grouped(id, sizes).map(({ spelled }) => ({ id, spelled }));
  });

/** Numbers that are nobody's phone or ID: amounts, dates, times, case numbers, as people write them. */
export const ordinaryNumbers: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0, max: 999_999_999 }).map((n) => `${n}元`),
      // From a million up: after one comma (¥12,130 10000000) the last group could as well head a phone
      // (5,139 1234 5678), and such a phone is masked; two commas say an amount.
      fc.integer({ min: 1_000_000, max: 999_999_999 }).map((n) => `¥${n.toLocaleString('en-US')}`),
      fc
        .integer({ min: 1000, max: 9_999_999_999 })
        .map((n) => `${n.toLocaleString('en-US').replaceAll(',', ' ')}元`),
      fc
        .tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 99 }))
        .map(([a, b]) => `${a}.${b}万元`),
      fc
        .tuple(
          fc.date({
            min: new Date('2000-01-01T00:00:00Z'),
            max: new Date('2099-12-31T00:00:00Z'),
            noInvalidDate: true,
          }),
          fc.constantFrom('-', '.', '/', ' '),
        )
        .map(([d, sep]) => d.toISOString().slice(0, 10).replaceAll('-', sep)),
      fc
        .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
        .map(([h, m]) => `${h}:${String(m).padStart(2, '0')}`),
      fc
        .tuple(
          fc.integer({ min: 2000, max: 2099 }),
          fc.integer({ min: 0, max: 999_999 }),
          fc.constantFrom('GL-', 'gl', 'GL ', 'ＧＬ－'),
          fc.constantFrom('-', '', ' ', '－'),
        )
        .map(([year, n, prefix, sep]) => `${prefix}${year}${sep}${String(n).padStart(6, '0')}`),
      fc.integer({ min: 1, max: 40 }).map((n) => `${n}号楼`),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .chain((parts) =>
    fc
      .array(fc.constantFrom(' ', '，', '、', '；', ' 和 '), {
        minLength: parts.length,
        maxLength: parts.length,
      })
      .map((seps) => parts.map((p, i) => `${i ? seps[i] : ''}${p}`).join('')),
  );
