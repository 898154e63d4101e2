// The served OpenAPI document passes Redocly's recommended lint with no errors (issue 11).
// Warnings are allowed; they are printed so a new one is seen, not silently accumulated.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { buildOpenApi } from '../../lib/web/api/openapi.ts';

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: { ruleId: string; severity: 'error' | 'warn'; message: string; location: { pointer: string }[] }[];
}

const cli = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');

it('redocly lint finds no error in /openapi.json', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'openapi-lint-'));
  const file = join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(buildOpenApi(), null, 2));
  // This Node, not the one first on PATH (the CLI's shebang); no telemetry or update check calls out.
  const { stdout } = await promisify(execFile)(process.execPath, [cli, 'lint', file, '--format=json', '--extends=recommended'], {
    cwd: dir,
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  }).catch((error: { stdout?: string; stderr?: string }) => {
    // lint exits 1 when it finds errors; the JSON report still says which.
    if (error.stdout) return { stdout: error.stdout };
    throw new Error(`redocly lint did not run: ${error.stderr ?? String(error)}`);
  });
  const report = JSON.parse(stdout) as LintReport;
  const describe = (severity: 'error' | 'warn') =>
    report.problems.filter((problem) => problem.severity === severity).map((problem) => `${problem.ruleId} at ${problem.location[0]?.pointer ?? '?'}: ${problem.message}`);
  if (report.totals.warnings > 0) console.info(`redocly lint warnings:\n${describe('warn').join('\n')}`);
  expect(describe('error')).toEqual([]);
  expect(report.totals.errors).toBe(0);
}, 60_000);
