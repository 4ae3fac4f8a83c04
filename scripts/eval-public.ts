// Measures the parser on the public Chinese data in ../shared/data/public (never copied here, never trained on).
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { computeMetrics, formatMetrics } from '../intents/eval/intent-metrics.js';
import { CLUE_CATEGORIES } from '../intents/index.js';
import { readJsonl } from '../intents/model/corpus-loader.js';
import { createParser } from '../intents/parser.js';

interface PublicRow {
  text: string;
  intent: string;
  category?: string;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.resolve(repoRoot, '../shared/data');
const publicDir = path.join(dataDir, 'public');
const limitArg = process.argv.find((a) => a.startsWith('--limit='));
const limit = limitArg ? Number(limitArg.slice('--limit='.length)) : Number.POSITIVE_INFINITY;
const errorsArg = process.argv.find((a) => a === '--errors' || a.startsWith('--errors='));
const showErrors = errorsArg !== undefined;
const maxErrors = errorsArg?.includes('=') ? Number(errorsArg.split('=')[1]) : 15;
const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const only = onlyArg?.slice('--only='.length);

if (!existsSync(publicDir)) {
  console.log(
    `eval:public — ${publicDir} is absent; nothing to measure (this is normal outside the team's machines).`,
  );
  process.exit(0);
}

const parser = await createParser();
const noCase = (intent: string) => intent === 'none' || intent === 'greeting';
const pct = (a: number, b: number) => `${a}/${b} = ${((a / Math.max(b, 1)) * 100).toFixed(1)}%`;

for (const file of readdirSync(publicDir)
  .filter((f) => f.endsWith('.jsonl') && (!only || f.includes(only)))
  .sort()) {
  const rows = readJsonl<PublicRow>(path.join(publicDir, file)).slice(0, limit);
  const counts: Record<string, number> = {};
  let inDomain = 0;
  let categoryRows = 0;
  let categoryOk = 0;
  let categoriserOk = 0;
  const categoryMiss: Record<string, number> = {};
  const goldCategories: string[] = [];
  const parsedCategories: string[] = [];
  // Court-style civil facts are disputes: any category but `other` is wrong there (crime or not).
  let named = 0;
  const errors: string[] = [];
  const started = performance.now();
  for (const r of rows) {
    const p = await parser.parse(r.text);
    counts[p.intent] = (counts[p.intent] ?? 0) + 1;
    const ok = r.intent === 'none_or_greeting' ? noCase(p.intent) : !noCase(p.intent);
    if (ok) inDomain++;
    else if (errors.length < maxErrors) errors.push(`  ${p.intent} (${p.score})  ${r.text.slice(0, 80)}`);
    if (r.intent === 'in_domain' && p.category !== null && p.category !== 'other') named++;
    if (r.category) {
      goldCategories.push(r.category);
      parsedCategories.push(p.category ?? '-');
      categoryRows++;
      if (p.category === r.category) categoryOk++;
      const alone = (await parser.categorize(r.text)).category;
      if (alone === r.category) categoriserOk++;
      else categoryMiss[`${r.category}→${alone}`] = (categoryMiss[`${r.category}→${alone}`] ?? 0) + 1;
    }
  }
  const ms = performance.now() - started;
  console.log(`\n${file} — ${rows.length} rows (expected: ${rows[0]?.intent})`);
  if (rows[0]?.intent === 'none_or_greeting') {
    console.log(`  out-of-domain false-case rate: ${pct(rows.length - inDomain, rows.length)}`);
  } else {
    console.log(`  in-domain rate (any case-worthy intent): ${pct(inDomain, rows.length)}`);
    if (rows[0]?.intent === 'in_domain')
      console.log(`  given a category (not other; these are civil disputes): ${pct(named, rows.length)}`);
    if (rows[0]?.intent === 'legal_question') {
      console.log(`  parsed exactly as legal_question: ${pct(counts.legal_question ?? 0, rows.length)}`);
    }
  }
  if (categoryRows) {
    console.log(
      `  clue category accuracy of the parse (null when parsed as none): ${pct(categoryOk, categoryRows)}`,
    );
    console.log(`  categoriser alone (category whatever the intent): ${pct(categoriserOk, categoryRows)}`);
    const top = Object.entries(categoryMiss)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([k, v]) => `${k} ${v}`);
    console.log(`  most frequent category errors (categoriser alone): ${top.join(', ')}`);
    const m = computeMetrics(goldCategories, parsedCategories, [...CLUE_CATEGORIES, '-']);
    console.log('  per category, the parse (- = none):');
    console.log(
      formatMetrics(m)
        .split('\n\naccuracy')[0]!
        .replace(/^intent /, 'category')
        .replace(/^/gm, '    '),
    );
  }
  console.log(
    `  intents: ${Object.entries(counts)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  console.log(`  ${(ms / Math.max(rows.length, 1)).toFixed(2)} ms per message`);
  if (showErrors && errors.length) console.log(errors.join('\n'));
}
