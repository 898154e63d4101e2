// The stress profile's summary: one row per test, a total, every figure the issue asks for.
import { describe, expect, it } from 'vitest';
import { summaryTable } from '../stress.ts';

describe('summaryTable', () => {
  const base = { operations: 0, faultsInjected: 0, badInputs: 0, lostWrites: 0, duplicates: 0, serverErrors: 0 };

  it('names every figure and totals the rows', () => {
    const table = summaryTable([
      { test: 'a', ...base, operations: 1200, faultsInjected: 3, failClosed: 2 },
      { test: 'b', ...base, operations: 5, badInputs: 4, duplicates: 1 },
    ]);
    const lines = table.split('\n');
    expect(lines[0]).toBe('| test | operations tried | faults injected | bad inputs refused (4xx) | lost writes | duplicates | unexpected 5xx | 503 fail-closed |');
    expect(lines[2]).toBe('| a | 1,200 | 3 | 0 | 0 | 0 | 0 | 2 |');
    expect(lines[3]).toBe('| b | 5 | 0 | 4 | 0 | 1 | 0 | 0 |');
    expect(lines[4]).toBe('| **total** | 1,205 | 3 | 4 | 0 | 1 | 0 | 2 |');
  });

  it('still prints a total when no test reported', () => {
    expect(summaryTable([]).split('\n').at(-1)).toBe('| **total** | 0 | 0 | 0 | 0 | 0 | 0 | 0 |');
  });
});
