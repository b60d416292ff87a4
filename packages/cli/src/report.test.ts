import { describe, expect, it } from 'vitest';
import { renderReport } from './report.js';

describe('renderReport', () => {
  const history = [
    { loss: 0.7, accuracy: 0.6 },
    { loss: 0.4, accuracy: 0.8 },
  ];

  it('draws the ROC and PR curves of a binary task, the PR points with recall increasing', () => {
    const html = renderReport({
      title: 'binary',
      history,
      curves: {
        roc: { fpr: [0, 0, 0.5, 1], tpr: [0, 0.5, 1, 1] },
        pr: { recall: [1, 0.5, 0], precision: [0.5, 1, 1] },
        auc: 0.875,
        averagePrecision: 0.75,
      },
    });
    expect(html).toContain('ROC curve (test) (AUC 0.8750)');
    expect(html).toContain('Precision–recall curve (test) (AP 0.7500)');
    const data = JSON.parse(html.match(/const curves = (.*);\n/)![1]!);
    expect(data.roc.data).toEqual([
      [0, 0, 0.5, 1],
      [0, 0.5, 1, 1],
    ]);
    expect(data.pr.data).toEqual([
      [0, 0.5, 1],
      [1, 1, 0.5],
    ]);
  });

  it('has no curves for a task without them', () => {
    const html = renderReport({ title: 'multiclass', history });
    expect(html).not.toContain('ROC curve');
    expect(html).toContain('const curves = null;');
  });
});
