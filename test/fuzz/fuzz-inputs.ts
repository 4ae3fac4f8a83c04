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
