// npm run test:stress: the long profile of the reliability suite. Runs the integration tests with
// CONSENT_LEDGER_STRESS=1 (more writers' waves, 2,000 fuzzed requests, longer fault runs), then
// prints what they tried and what broke, from the figures each test wrote.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../infra/paths.ts';
import { PRIVACY_FILE } from './integration/log-scan.ts';
import { REPORT_FILE, type ReliabilityFigures } from './integration/reliability-report.ts';

type Row = ReliabilityFigures & { test: string };
const COLUMNS: [keyof ReliabilityFigures, string][] = [
  ['operations', 'operations tried'],
  ['faultsInjected', 'faults injected'],
  ['badInputs', 'bad inputs refused (4xx)'],
  ['lostWrites', 'lost writes'],
  ['duplicates', 'duplicates'],
  ['serverErrors', 'unexpected 5xx'],
  ['failClosed', '503 fail-closed'],
];

export function summaryTable(rows: readonly Row[]): string {
  const header = `| test | ${COLUMNS.map(([, label]) => label).join(' | ')} |`;
  const rule = `| --- | ${COLUMNS.map(() => '---:').join(' | ')} |`;
  const line = (name: string, figures: Partial<ReliabilityFigures>) =>
    `| ${name} | ${COLUMNS.map(([key]) => (figures[key] ?? 0).toLocaleString('en-US')).join(' | ')} |`;
  const total: Partial<ReliabilityFigures> = {};
  for (const row of rows) for (const [key] of COLUMNS) total[key] = (total[key] ?? 0) + (row[key] ?? 0);
  return [header, rule, ...rows.map((row) => line(row.test, row)), line('**total**', total)].join('\n');
}

function main(): number {
  rmSync(REPORT_FILE, { force: true });
  rmSync(PRIVACY_FILE, { force: true });
  const started = Date.now();
  const run = spawnSync(join(PROJECT_ROOT, 'node_modules', '.bin', 'vitest'), ['run', '--project', 'integration', ...process.argv.slice(2)], {
    cwd: PROJECT_ROOT,
    stdio: 'inherit',
    env: { ...process.env, CONSENT_LEDGER_STRESS: '1' },
  });
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  const rows: Row[] = existsSync(REPORT_FILE)
    ? readFileSync(REPORT_FILE, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Row)
    : [];
  rows.sort((a, b) => a.test.localeCompare(b.test));
  const table = summaryTable(rows);
  const verdict = run.status === 0 ? 'all checks held' : `FAILED (vitest exit ${run.status})`;
  const privacy = existsSync(PRIVACY_FILE) ? (JSON.parse(readFileSync(PRIVACY_FILE, 'utf8')) as { stacks: number; lines: number; findings: number }) : undefined;
  const privacyLine = privacy
    ? `Privacy: ${privacy.lines.toLocaleString('en-US')} log lines of ${privacy.stacks} stacks scanned; ${privacy.findings} held an email address or a token.`
    : 'Privacy: no scan result (the run did not reach its end).';
  const text = `Reliability, stress profile (${minutes} min): ${verdict}\n\n${table}\n\n${privacyLine}\n`;
  writeFileSync(join(PROJECT_ROOT, 'test', 'artifacts', 'stress-summary.md'), text);
  console.log(`\n${text}`);
  return run.status ?? 1;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main();
