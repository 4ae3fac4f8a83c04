// Classification metrics like `rasa test nlu`: per-label precision/recall/F1/support, macro-F1, accuracy, confusion.

export interface LabelMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Metrics {
  labels: string[];
  perLabel: LabelMetrics[];
  macroF1: number;
  accuracy: number;
  /** confusion[gold][predicted] = count */
  confusion: Record<string, Record<string, number>>;
}

export function computeMetrics(
  gold: readonly string[],
  predicted: readonly string[],
  labels: readonly string[],
): Metrics {
  const confusion: Record<string, Record<string, number>> = {};
  for (const g of labels) confusion[g] = Object.fromEntries(labels.map((p) => [p, 0]));
  let correct = 0;
  gold.forEach((g, i) => {
    const p = predicted[i]!;
    confusion[g] ??= {};
    confusion[g][p] = (confusion[g][p] ?? 0) + 1;
    if (g === p) correct++;
  });
  const perLabel = labels.map((label) => {
    const tp = confusion[label]?.[label] ?? 0;
    const support = Object.values(confusion[label] ?? {}).reduce((a, b) => a + b, 0);
    const predictedCount = Object.values(confusion).reduce((a, row) => a + (row[label] ?? 0), 0);
    const precision = predictedCount ? tp / predictedCount : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support };
  });
  const present = perLabel.filter((m) => m.support > 0);
  const macroF1 = present.length ? present.reduce((a, m) => a + m.f1, 0) / present.length : 0;
  return {
    labels: [...labels],
    perLabel,
    macroF1,
    accuracy: gold.length ? correct / gold.length : 0,
    confusion,
  };
}

const pct = (x: number) => (x * 100).toFixed(1).padStart(6);

export function formatMetrics(m: Metrics): string {
  const w = Math.max(...m.labels.map((l) => l.length), 8);
  const lines = [`${'intent'.padEnd(w)}  precision  recall      f1  support`];
  for (const r of m.perLabel) {
    lines.push(
      `${r.label.padEnd(w)}     ${pct(r.precision)}  ${pct(r.recall)}  ${pct(r.f1)}  ${String(r.support).padStart(7)}`,
    );
  }
  lines.push(
    '',
    `accuracy ${pct(m.accuracy)}%   macro-F1 ${pct(m.macroF1)}%`,
    '',
    'confusion (rows gold, columns predicted):',
  );
  const abbrev = m.labels.map((l) => l.slice(0, 6).padStart(7));
  lines.push(`${''.padEnd(w)} ${abbrev.join('')}`);
  for (const g of m.labels) {
    lines.push(
      `${g.padEnd(w)} ${m.labels.map((p) => String(m.confusion[g]?.[p] ?? 0).padStart(7)).join('')}`,
    );
  }
  return lines.join('\n');
}
