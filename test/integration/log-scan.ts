// What must never appear in a log line: email addresses, bearer tokens, link tokens (both are
// JWTs), token query parameters, and what sign-in carries (authorization codes in the provider's
// redirect back, PKCE verifiers, the sign-in transaction cookie). Used on every log of every stack
// the suite started.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../infra/paths.ts';

/** The last run's scan: how many stacks and lines, and how many lines held a secret. */
export const PRIVACY_FILE = join(PROJECT_ROOT, 'test', 'artifacts', 'privacy-scan.json');

const SECRETS: { name: string; pattern: RegExp }[] = [
  { name: 'email address', pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/ },
  { name: 'JWT (access or link token)', pattern: /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  { name: 'bearer credential', pattern: /bearer\s+[A-Za-z0-9._~+/-]{16,}/i },
  { name: 'token query parameter', pattern: /[?&]token=[A-Za-z0-9._~-]{16,}/ },
  { name: 'authorization code or PKCE verifier', pattern: /[?&](code|code_verifier)=[A-Za-z0-9._~-]{16,}/ },
  { name: 'sign-in transaction cookie', pattern: /cl_signin=[A-Za-z0-9_-]{16,}/ },
];

export interface Finding {
  file: string;
  line: number;
  secret: string;
}

/** Every line of the given text that holds a secret, with which kind; the line itself is not kept. */
export function findSecrets(text: string, file = '(text)'): Finding[] {
  const findings: Finding[] = [];
  text.split('\n').forEach((line, index) => {
    for (const { name, pattern } of SECRETS) if (pattern.test(line)) findings.push({ file, line: index + 1, secret: name });
  });
  return findings;
}

export function scanLogFiles(files: readonly string[]): { lines: number; findings: Finding[] } {
  let lines = 0;
  const findings = files.flatMap((file) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return []; // a stack that never wrote its log
    }
    lines += text.split('\n').length;
    return findSecrets(text, file);
  });
  return { lines, findings };
}
