import { Logger } from '@aws-lambda-powertools/logger';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/** `text` with every email address in it replaced: for text from elsewhere that may quote one. */
export function withoutEmails(text: string): string {
  return text.replace(EMAIL, '[email]');
}

/** Member emails are personal data and must never reach a log line, whoever logs them. */
export function scrubEmails(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? withoutEmails(value) : value;
}

/** The service name is Powertools' own POWERTOOLS_SERVICE_NAME, set by both stacks. */
export const logger = new Logger({ jsonReplacerFn: scrubEmails });
