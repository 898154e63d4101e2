// The policy-change notice email: one per member and policy version, plain text and HTML, in
// the member's language. It must really inform: what changes and when, the setting's name,
// that opting out is not retroactive, the settings page, and a personal opt-out link per
// opt-out purpose. Pure: no I/O; the caller passes `now`.

import { fill, formatDate, parseInstant } from './format.ts';
import { inSentence, legalBasisWords, messagesFor, type Locale, type Messages } from './messages.ts';
import { assertHttpUrl, escapeHtml, fillHtml } from '../web/pages/opt-out.ts';

export interface NoticePurpose {
  /** e.g. 'genai-training' */
  purpose: string;
  /** The member-facing setting name, e.g. "Use my data for training content creation AI models". */
  setting: string;
  /** e.g. 'Training content-generating AI models' */
  description?: string;
  /** e.g. 'legitimate_interest', 'consent': explained in plain words; an unknown basis is omitted. */
  legalBasis?: string;
  regime: 'opt_in' | 'opt_out';
  /** Personal one-click link. It opens a page (GET changes nothing); its button POSTs the opt-out. */
  optOutUrl: string;
}

export interface NoticeEmailInput {
  locale: string | undefined;
  policy: { id: string; effectiveAt: string; summary?: string };
  /** At least one. */
  purposes: NoticePurpose[];
  settingsUrl: string;
  now: Date;
}

export interface RenderedEmail {
  /** The translation used: 'en' | 'fr' | 'de' | 'es'. */
  locale: string;
  subject: string;
  text: string;
  html: string;
}

interface PurposeBlock {
  heading: string;
  statement: { template: string; values: Record<string, string> };
  legal: string | undefined;
  notes: string[];
  optOutUrl: string | undefined;
}

function purposeBlock(purpose: NoticePurpose, messages: Messages, date: string, past: boolean): PurposeBlock {
  const m = messages.email;
  const setting = messages.quote(purpose.setting);
  const description =
    purpose.description !== undefined && purpose.description.trim() !== ''
      ? inSentence(purpose.description.trim(), messages)
      : m.descriptionFallback;
  const values = { date, description, setting };
  if (purpose.regime === 'opt_out') {
    return {
      heading: setting,
      statement: { template: past ? m.optOutPast : m.optOutFuture, values },
      legal: legalBasisWords(purpose.legalBasis, messages),
      notes: [m.earlierChoiceKept, m.optOutLinkIntro],
      optOutUrl: assertHttpUrl(purpose.optOutUrl, `optOutUrl of ${purpose.purpose}`),
    };
  }
  // opt_in: nothing is used without consent, so no one-click opt-out; the settings page is enough.
  return {
    heading: setting,
    statement: { template: past ? m.optInPast : m.optInFuture, values },
    legal: legalBasisWords(purpose.legalBasis, messages),
    notes: [m.optInHowTo],
    optOutUrl: undefined,
  };
}

function renderText(
  messages: Messages,
  intro: { template: string; values: Record<string, string> },
  past: boolean,
  summary: string | undefined,
  blocks: PurposeBlock[],
  optOutButtons: string[],
  settingsUrl: string,
): string {
  const m = messages.email;
  const heading = (title: string): string => `${title}\n${'-'.repeat([...title].length)}`;
  const lines: string[] = [m.greeting, '', fill(intro.template, intro.values)];
  if (past) lines.push('', m.lateNote);
  if (summary !== undefined) lines.push('', heading(m.summaryHeading), summary);
  lines.push('', heading(m.changesHeading));
  blocks.forEach((block, i) => {
    lines.push('', block.heading, fill(block.statement.template, block.statement.values));
    if (block.legal !== undefined) lines.push(block.legal);
    lines.push(...block.notes);
    const button = optOutButtons[i];
    if (block.optOutUrl !== undefined && button !== undefined) lines.push('', button, block.optOutUrl);
  });
  lines.push('', m.notRetroactive, '', m.settingsIntro, settingsUrl, '', '-- ', m.footer, '');
  return lines.join('\n');
}

const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
const INK = '#1f2328';
const MUTED = '#4b5563';
const BRAND = '#0a4aa6';

const STYLE = {
  body: 'margin:0;padding:0;background-color:#f3f4f6;',
  outer: 'max-width:600px;margin:0 auto;padding:24px 12px;',
  card:
    `background-color:#ffffff;border:1px solid #d0d7de;border-radius:8px;padding:24px;` +
    `font-family:${FONT};font-size:16px;line-height:1.5;color:${INK};`,
  h1: `font-size:22px;line-height:1.3;margin:0 0 16px;color:${INK};`,
  h2: `font-size:18px;line-height:1.3;margin:24px 0 12px;color:${INK};`,
  h3: `font-size:16px;line-height:1.4;margin:0 0 8px;color:${INK};`,
  p: `margin:0 0 12px;color:${INK};`,
  muted: `margin:0 0 12px;font-size:14px;color:${MUTED};`,
  purpose: 'border:1px solid #d0d7de;border-radius:8px;padding:16px;margin:0 0 16px;',
  important: `margin:16px 0;padding:12px 16px;border-left:4px solid ${BRAND};background-color:#eef4fb;color:${INK};font-weight:600;`,
  button:
    `display:inline-block;background-color:${BRAND};color:#ffffff;font-weight:600;text-decoration:none;` +
    'padding:12px 20px;border-radius:6px;border:2px solid ' + BRAND + ';',
  secondary:
    `display:inline-block;background-color:#ffffff;color:${BRAND};font-weight:600;text-decoration:none;` +
    `padding:10px 18px;border-radius:6px;border:2px solid ${BRAND};`,
  link: `color:${BRAND};word-break:break-all;`,
  hr: 'border:none;border-top:1px solid #d0d7de;margin:24px 0 16px;',
} as const;

function renderHtml(
  locale: Locale,
  messages: Messages,
  subject: string,
  intro: { template: string; values: Record<string, string> },
  past: boolean,
  summary: string | undefined,
  blocks: PurposeBlock[],
  settingsUrl: string,
): string {
  const m = messages.email;
  const strong = (escaped: string): string => `<strong>${escaped}</strong>`;
  const para = (html: string, style: string = STYLE.p): string => `<p style="${style}">${html}</p>`;
  const button = (url: string, label: string, style: string): string =>
    `<p style="margin:16px 0 8px;"><a href="${escapeHtml(url)}" style="${style}">${label}</a></p>` +
    para(`${escapeHtml(m.buttonFallback)}<br><a href="${escapeHtml(url)}" style="${STYLE.link}">${escapeHtml(url)}</a>`, STYLE.muted);
  const multiline = (text: string): string => escapeHtml(text).replace(/\r?\n/g, '<br>');

  const parts: string[] = [
    `<h1 style="${STYLE.h1}">${escapeHtml(subject)}</h1>`,
    para(escapeHtml(m.greeting)),
    para(fillHtml(intro.template, intro.values, { date: strong })),
  ];
  if (past) parts.push(para(escapeHtml(m.lateNote)));
  if (summary !== undefined) {
    parts.push(`<h2 style="${STYLE.h2}">${escapeHtml(m.summaryHeading)}</h2>`, para(multiline(summary)));
  }
  parts.push(`<h2 style="${STYLE.h2}">${escapeHtml(m.changesHeading)}</h2>`);
  for (const block of blocks) {
    const inner: string[] = [
      `<h3 style="${STYLE.h3}">${escapeHtml(block.heading)}</h3>`,
      para(fillHtml(block.statement.template, block.statement.values, { date: strong, setting: strong })),
    ];
    if (block.legal !== undefined) inner.push(para(escapeHtml(block.legal)));
    for (const note of block.notes) inner.push(para(escapeHtml(note)));
    if (block.optOutUrl !== undefined) {
      const label = fillHtml(m.optOutButton, { setting: block.heading });
      inner.push(button(block.optOutUrl, label, STYLE.button));
    }
    parts.push(`<div style="${STYLE.purpose}">\n${inner.join('\n')}\n</div>`);
  }
  parts.push(
    `<p style="${STYLE.important}">${escapeHtml(m.notRetroactive)}</p>`,
    para(escapeHtml(m.settingsIntro)),
    button(settingsUrl, escapeHtml(m.settingsButton), STYLE.secondary),
    `<hr style="${STYLE.hr}">`,
    para(escapeHtml(m.footer), STYLE.muted),
  );

  return [
    '<!DOCTYPE html>',
    `<html lang="${locale}" dir="ltr">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light">',
    `<title>${escapeHtml(subject)}</title>`,
    '</head>',
    `<body style="${STYLE.body}">`,
    `<div style="${STYLE.outer}">`,
    `<div style="${STYLE.card}">`,
    parts.join('\n'),
    '</div>',
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/**
 * Renders the one notice a member receives for a policy version. Throws (RangeError /
 * TypeError) on a programming error: no purposes, an invalid date, a non-http(s) URL.
 */
export function renderNoticeEmail(input: NoticeEmailInput): RenderedEmail {
  if (input.purposes.length === 0) throw new RangeError('A notice needs at least one purpose');
  const { locale, messages } = messagesFor(input.locale);
  const m = messages.email;
  const effectiveAt = parseInstant(input.policy.effectiveAt, 'policy.effectiveAt');
  if (Number.isNaN(input.now.getTime())) throw new RangeError('now is not a valid date');
  const past = effectiveAt.getTime() <= input.now.getTime();
  const date = formatDate(effectiveAt, locale);
  const settingsUrl = assertHttpUrl(input.settingsUrl, 'settingsUrl');
  const summary =
    input.policy.summary !== undefined && input.policy.summary.trim() !== '' ? input.policy.summary.trim() : undefined;

  const subject = fill(past ? m.subjectPast : m.subjectFuture, { date });
  const intro = { template: past ? m.introPast : m.introFuture, values: { policyId: input.policy.id, date } };
  const blocks = input.purposes.map((purpose) => purposeBlock(purpose, messages, date, past));
  const optOutButtons = blocks.map((block) => fill(m.optOutLinkLabel, { setting: block.heading }));

  return {
    locale,
    subject,
    text: renderText(messages, intro, past, summary, blocks, optOutButtons, settingsUrl),
    html: renderHtml(locale, messages, subject, intro, past, summary, blocks, settingsUrl),
  };
}
