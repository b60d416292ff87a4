import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Logs } from '@strata/core';

export interface ReportInput {
  readonly title: string;
  readonly history: readonly Logs[];
  /** Rows are true classes, columns predicted classes. */
  readonly confusionMatrix?: readonly (readonly number[])[];
  /** Per-class precision, recall, F1 and support on the test set, as text in scikit-learn's layout. */
  readonly classReport?: string;
  /** Binary tasks: the test set's ROC and precision–recall curves (metrics' `rocCurve`, `precisionRecallCurve`). */
  readonly curves?: {
    readonly roc: { readonly fpr: readonly number[]; readonly tpr: readonly number[] };
    readonly pr: { readonly recall: readonly number[]; readonly precision: readonly number[] };
    /** The areas, shown in the chart titles. */
    readonly auc?: number;
    readonly averagePrecision?: number;
  };
  /** Images a callback wrote during the run (a GAN's sample grid per epoch), as data URLs. */
  readonly images?: readonly { readonly title: string; readonly src: string }[];
  /** Final figures shown at the top, e.g. { 'test accuracy': 0.9912 }. */
  readonly summary?: Readonly<Record<string, number | string>>;
  /** The run's configuration, shown as JSON. */
  readonly config?: unknown;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function uplotAssets(): { js: string; css: string } {
  const require = createRequire(import.meta.url);
  const main = require.resolve('uplot');
  const dist = main.slice(0, main.lastIndexOf('/'));
  return {
    js: readFileSync(`${dist}/uPlot.iife.min.js`, 'utf8'),
    css: readFileSync(`${dist}/uPlot.min.css`, 'utf8'),
  };
}

function confusionTable(m: readonly (readonly number[])[]): string {
  const max = Math.max(1, ...m.flat());
  const head = `<tr><th>true \\ pred</th>${m.map((_, j) => `<th>${j}</th>`).join('')}</tr>`;
  const rows = m
    .map((row, i) => {
      const cells = row
        .map((v) => {
          const a = (v / max) ** 0.5;
          return `<td style="background:rgba(37,99,235,${a.toFixed(3)});color:${a > 0.5 ? '#fff' : '#111'}">${v}</td>`;
        })
        .join('');
      return `<tr><th>${i}</th>${cells}</tr>`;
    })
    .join('');
  return `<table class="cm">${head}${rows}</table>`;
}

/** A self-contained HTML page (charts inlined, works offline) with loss/metric curves and the confusion matrix. */
export function renderReport(input: ReportInput): string {
  const { js, css } = uplotAssets();
  const epochs = input.history.map((_, i) => i + 1);
  const series = (key: string) => input.history.map((h) => h[key] ?? null);
  const keys = [...new Set(input.history.flatMap((h) => Object.keys(h)))];
  const lossKeys: string[] = keys.filter((k) => k === 'loss' || k === 'val_loss');
  const metricKeys = keys.filter(
    (k) => !lossKeys.includes(k) && !['epoch', 'seconds', 'samplesPerSecond'].includes(k),
  );
  const charts = [
    { id: 'loss', title: 'Loss', keys: lossKeys },
    { id: 'metrics', title: 'Metrics', keys: metricKeys },
  ].filter((c) => c.keys.length > 0);
  const data = JSON.stringify(
    Object.fromEntries(charts.map((c) => [c.id, { keys: c.keys, data: [epochs, ...c.keys.map(series)] }])),
  );
  const curves = input.curves;
  // uPlot wants x increasing: the PR curve comes with recall decreasing, so it is reversed here.
  const curveData = curves
    ? JSON.stringify({
        roc: { x: 'false positive rate', y: 'true positive rate', data: [curves.roc.fpr, curves.roc.tpr] },
        // Precision holds between thresholds, so the PR curve is drawn as steps (as average precision sums it).
        pr: {
          stepped: true,
          x: 'recall',
          y: 'precision',
          data: [[...curves.pr.recall].reverse(), [...curves.pr.precision].reverse()],
        },
      })
    : 'null';
  const area = (label: string, v: number | undefined) =>
    v === undefined ? '' : ` (${label} ${v.toFixed(4)})`;
  const summary = Object.entries(input.summary ?? {})
    .map(
      ([k, v]) =>
        `<div class="kpi"><span>${escapeHtml(k)}</span><b>${escapeHtml(typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(4) : String(v))}</b></div>`,
    )
    .join('');
  const rows = input.history
    .map(
      (h, i) =>
        `<tr><td>${i + 1}</td>${keys
          .filter((k) => k !== 'epoch')
          .map((k) => `<td>${h[k]?.toFixed(4) ?? ''}</td>`)
          .join('')}</tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(input.title)}</title>
<style>${css}
body{font:14px system-ui,sans-serif;margin:24px;color:#111}h1{font-size:20px}.kpis{display:flex;gap:16px;flex-wrap:wrap}
.kpi{border:1px solid #ddd;border-radius:6px;padding:8px 12px}.kpi span{display:block;color:#555;font-size:12px}
.charts{display:flex;gap:24px;flex-wrap:wrap}table{border-collapse:collapse;margin:12px 0}td,th{border:1px solid #ddd;padding:4px 8px;text-align:right}
.cm td{min-width:40px}pre{background:#f6f6f6;padding:12px;overflow:auto}</style></head>
<body><h1>${escapeHtml(input.title)}</h1><div class="kpis">${summary}</div>
<div class="charts">${charts.map((c) => `<div><h2>${c.title}</h2><div id="${c.id}"></div></div>`).join('')}</div>
${input.confusionMatrix ? `<h2>Confusion matrix (test)</h2>${confusionTable(input.confusionMatrix)}` : ''}
${input.classReport ? `<h2>Per-class report (test)</h2><pre>${escapeHtml(input.classReport)}</pre>` : ''}
${
  curves
    ? `<div class="charts"><div><h2>ROC curve (test)${area('AUC', curves.auc)}</h2><div id="roc"></div></div><div><h2>Precision–recall curve (test)${area('AP', curves.averagePrecision)}</h2><div id="pr"></div></div></div>`
    : ''
}
${
  input.images?.length
    ? `<h2>Samples</h2><div class="charts">${input.images
        .map(
          (im) =>
            `<figure><img src="${escapeHtml(im.src)}" alt="${escapeHtml(im.title)}" style="image-rendering:pixelated;width:280px"><figcaption>${escapeHtml(im.title)}</figcaption></figure>`,
        )
        .join('')}</div>`
    : ''
}
<h2>Epochs</h2><table><tr><th>epoch</th>${keys
    .filter((k) => k !== 'epoch')
    .map((k) => `<th>${escapeHtml(k)}</th>`)
    .join('')}</tr>${rows}</table>
${input.config === undefined ? '' : `<h2>Configuration</h2><pre>${escapeHtml(JSON.stringify(input.config, null, 2))}</pre>`}
<script>${js}</script>
<script>
const charts = ${data};
const colors = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2'];
for (const [id, c] of Object.entries(charts)) {
  new uPlot({ width: 520, height: 300, scales: { x: { time: false } },
    series: [{ label: 'epoch' }, ...c.keys.map((k, i) => ({ label: k, stroke: colors[i % colors.length], width: 2 }))],
    axes: [{ label: 'epoch', incrs: [1, 2, 5, 10, 20, 50] }, {}] }, c.data, document.getElementById(id));
}
const curves = ${curveData};
for (const [id, c] of Object.entries(curves ?? {})) {
  new uPlot({ width: 360, height: 340, scales: { x: { time: false, range: [0, 1] }, y: { range: [0, 1] } },
    series: [{ label: c.x }, { label: c.y, stroke: colors[0], width: 2, ...(c.stepped ? { paths: uPlot.paths.stepped({ align: -1 }) } : {}) }],
    axes: [{ label: c.x }, { label: c.y }] }, c.data, document.getElementById(id));
}
</script></body></html>
`;
}

export function writeReport(file: string, input: ReportInput): void {
  writeFileSync(file, renderReport(input));
}
