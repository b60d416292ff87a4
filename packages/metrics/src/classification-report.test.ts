import { ConfigError } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { classificationReport, classificationReportOf } from './classification-report.js';

describe('classificationReport', () => {
  // scikit-learn's classification_report example: y_true = [0, 1, 2, 2, 2], y_pred = [0, 0, 2, 2, 1],
  // target_names = ['class 0', 'class 1', 'class 2']; the table is the one its docs print.
  const options = {
    task: 'multiclass',
    numClasses: 3,
    targetNames: ['class 0', 'class 1', 'class 2'],
  } as const;

  it("prints scikit-learn's table for its example", () => {
    const t = tf.tensor1d([0, 1, 2, 2, 2], 'int32');
    const p = tf.tensor1d([0, 0, 2, 2, 1], 'int32');
    const report = classificationReportOf(t, p, options);
    expect(report.table.split('\n')).toEqual([
      '              precision    recall  f1-score   support',
      '',
      '     class 0       0.50      1.00      0.67         1',
      '     class 1       0.00      0.00      0.00         1',
      '     class 2       1.00      0.67      0.80         3',
      '',
      '    accuracy                           0.60         5',
      '   macro avg       0.50      0.56      0.49         5',
      'weighted avg       0.70      0.60      0.61         5',
      '',
    ]);
    expect(report.accuracy).toBe(0.6);
    expect(report.classes.map((c) => c.support)).toEqual([1, 1, 3]);
    expect(report.macro.f1).toBeCloseTo((2 / 3 + 0 + 0.8) / 3, 6);
    tf.dispose([t, p]);
  });

  it('multilabel: every label, and a micro average in place of accuracy', () => {
    const t = tf.tensor2d([
      [0, 0, 0],
      [1, 1, 1],
      [0, 1, 1],
    ]);
    const p = tf.tensor2d([
      [0, 0, 0],
      [1, 1, 1],
      [1, 1, 0],
    ]);
    const report = classificationReportOf(t, p, { task: 'multilabel', numClasses: 3 });
    expect(report.classes.map((c) => [c.name, c.precision, c.recall, c.support])).toEqual([
      ['0', 0.5, 1, 1],
      ['1', 1, 1, 2],
      ['2', 1, 0.5, 2],
    ]);
    expect(report.accuracy).toBeUndefined();
    // tp 4, fp 1, fn 1.
    expect(report.micro).toEqual({ precision: 0.8, recall: 0.8, f1: 0.8, support: 5 });
    expect(report.table).toContain('   micro avg       0.80      0.80      0.80         5');
    tf.dispose([t, p]);
  });

  it('checks targetNames against the classes', () => {
    expect(() => classificationReport({ task: 'multiclass', numClasses: 3, targetNames: ['a'] })).toThrow(
      ConfigError,
    );
  });
});
