// Measures the FAQ matcher and the FAQ decision (answer-first, override) on an FAQ evaluation file; --sweep tunes the thresholds.
import { fileURLToPath } from 'node:url';
import { decideFaq, type FaqThresholds } from '../intents/faq/answer-first.js';
import { ANSWER_FIRST_FAQ_THRESHOLD, FAQ_OVERRIDE_THRESHOLD } from '../intents/faq/faq-thresholds.js';
import { type FaqMatch, type Intent, normalizeText } from '../intents/index.js';
import { readJsonl } from '../intents/model/corpus-loader.js';
import { FAQ_THRESHOLD } from '../intents/model/thresholds.js';
import { createParser, DECISION_THRESHOLDS, decide } from '../intents/parser.js';

interface FaqEvalRow {
  text: string;
  /** The entry that should answer; "" when none should. */
  faq: string;
}

const args = process.argv.slice(2);
const sweep = args.includes('--sweep');
const file =
  args.find((a) => !a.startsWith('--')) ??
  fileURLToPath(new URL('../intents/faq/faq-dev.jsonl', import.meta.url));
const rows = readJsonl<FaqEvalRow>(file);
const parser = await createParser();
const rate = (a: number, b: number) => `${a}/${b} (${((a / Math.max(b, 1)) * 100).toFixed(1)}%)`;

// What the FAQ decision is made from, so thresholds can be swept without retraining.
const inputs: {
  row: FaqEvalRow;
  caseNo: boolean;
  decision: { intent: Intent; score: number };
  evidence: boolean;
  best: FaqMatch | null;
}[] = [];
for (const r of rows) {
  const i = await parser.intentInputs(r.text);
  const d = i.empty
    ? { intent: 'none' as const, score: 1 }
    : decide(i.scores, i.evidence, DECISION_THRESHOLDS, i.chars);
  inputs.push({ row: r, caseNo: i.caseNo, decision: d, evidence: i.evidence, best: parser.bestFaq(r.text) });
}

function evaluate(t: FaqThresholds) {
  let right = 0;
  let wrong = 0;
  let topOne = 0;
  const misses: string[] = [];
  for (const x of inputs) {
    const got = x.caseNo
      ? null
      : decideFaq(
          {
            ...x.decision,
            normalizedText: normalizeText(x.row.text),
            evidence: x.evidence,
            best: () => x.best,
          },
          t,
        ).faq;
    const id = got?.id ?? '';
    if (x.row.faq && x.best?.id === x.row.faq) topOne++;
    if (id === x.row.faq) right++;
    else {
      if (id) wrong++;
      misses.push(
        `  ${x.row.faq || '(none)'} → ${id || '(none)'} [${x.decision.intent}; best ${x.best?.id} ${x.best?.score}]  ${x.row.text}`,
      );
    }
  }
  return { right, wrong, topOne, misses };
}

const positives = rows.filter((r) => r.faq).length;
const current = {
  legalQuestion: FAQ_THRESHOLD,
  answerFirst: ANSWER_FIRST_FAQ_THRESHOLD,
  override: FAQ_OVERRIDE_THRESHOLD,
};
const now = evaluate(current);
console.log(`${file} — ${rows.length} lines (${positives} with an expected entry)`);
console.log(`thresholds: ${JSON.stringify(current)}`);
console.log(`matcher top-1 on lines with an expected entry: ${rate(now.topOne, positives)}`);
console.log(`decision accuracy (the right entry, or none when none fits): ${rate(now.right, rows.length)}`);
console.log(`answered with a wrong entry: ${rate(now.wrong, rows.length)}`);
console.log('misses:');
for (const m of now.misses) console.log(m);

if (sweep) {
  console.log('\nsweep (legalQuestion / answerFirst / override → right, wrong):');
  for (const legalQuestion of [0.3, 0.35, 0.4, 0.45, 0.5])
    for (const answerFirst of [0.35, 0.4, 0.45, 0.5, 0.55])
      for (const override of [0.6, 0.7, 0.8]) {
        const r = evaluate({ legalQuestion, answerFirst, override });
        console.log(`  ${legalQuestion} / ${answerFirst} / ${override} → ${r.right}, ${r.wrong}`);
      }
}
