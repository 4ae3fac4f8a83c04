// Classifies messages from the shell: JSON lines {"text": …} on stdin, one JSON line of the parse per input on stdout.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createParser } from '../intents/index.js';

function placesFromArgs(): string[] | undefined {
  const i = process.argv.indexOf('--places');
  const file = i >= 0 ? process.argv[i + 1] : undefined;
  if (!file) return undefined;
  const text = readFileSync(file, 'utf8');
  return text.trim().startsWith('[')
    ? (JSON.parse(text) as string[])
    : text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean);
}

const parser = await createParser({ places: placesFromArgs() });
const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
for await (const line of lines) {
  if (!line.trim()) continue;
  let text: unknown;
  try {
    text = (JSON.parse(line) as { text?: unknown }).text;
  } catch {
    text = undefined;
  }
  if (typeof text !== 'string') {
    // One output line per input line, so a bad line does not shift the answers to the lines after it.
    process.stdout.write(`${JSON.stringify({ error: 'expected a JSON line {"text": "..."}' })}\n`);
    continue;
  }
  const p = await parser.parse(text);
  process.stdout.write(
    `${JSON.stringify({ text, intent: p.intent, score: p.score, clarify: p.clarify === true, category: p.category, entities: p.entities })}\n`,
  );
}
