import { contentSecurityPolicy } from './csp.ts';

export { contentSecurityPolicy };

// The one look of every page the service serves (opt-out link pages, member settings, admin
// dashboard): a shell with `lang`, a strict CSP, and one small stylesheet with good contrast and a
// visible focus ring. No script anywhere. Pure.

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/** Colours chosen for at least 4.5:1 against their backgrounds (WCAG AA). */
export const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f3f4f6; color: #1f2328;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
main { max-width: 600px; margin: 0 auto; padding: 32px 16px; }
main.wide { max-width: 1040px; }
.card { background: #ffffff; border-radius: 8px; padding: 24px; border: 1px solid #d0d7de; margin-bottom: 24px; }
h1 { font-size: 1.5rem; line-height: 1.3; margin: 0 0 16px; overflow-wrap: anywhere; }
h2 { font-size: 1.2rem; line-height: 1.3; margin: 0 0 12px; }
p { margin: 0 0 16px; }
.state { font-weight: 600; }
.note { color: #4b5563; }
.important { border-left: 4px solid #0a4aa6; background: #eef4fb; padding: 12px 16px; }
.success { border-left: 4px solid #1a7f37; background: #eefbf1; padding: 12px 16px; }
.error { border-left: 4px solid #b42318; background: #fef3f2; padding: 12px 16px; }
form { margin: 24px 0 16px; }
form.inline { display: inline; margin: 0; }
label { display: block; font-weight: 600; margin: 0 0 4px; }
input[type=text], input[type=datetime-local], textarea { font: inherit; width: 100%; padding: 8px 10px; border: 1px solid #6e7781;
  border-radius: 6px; background: #ffffff; color: #1f2328; margin-bottom: 12px; }
textarea { min-height: 6em; font-family: ui-monospace, monospace; font-size: 0.85rem; }
button { font: inherit; font-weight: 600; color: #ffffff; background: #0a4aa6; border: 2px solid #0a4aa6;
  border-radius: 6px; padding: 10px 24px; min-height: 44px; cursor: pointer; }
button:hover { background: #083b85; border-color: #083b85; }
button.secondary { color: #0a4aa6; background: #ffffff; }
button.secondary:hover { background: #eef4fb; }
button.danger, a.button.danger { background: #b42318; border-color: #b42318; }
button.danger:hover, a.button.danger:hover { background: #912018; border-color: #912018; }
a.button { display: inline-block; font-weight: 600; color: #ffffff; border: 2px solid; border-radius: 6px; padding: 10px 24px;
  min-height: 44px; text-decoration: none; }
.card.danger { border: 2px solid #b42318; margin-top: 48px; }
a { color: #0a4aa6; }
:focus-visible { outline: 3px solid #1f2328; outline-offset: 3px; }
header.site { background: #1f2328; color: #ffffff; }
header.site div { max-width: 1040px; margin: 0 auto; padding: 10px 16px; display: flex; gap: 16px; align-items: center; justify-content: space-between; }
header.site a, header.site button { color: #ffffff; }
header.site button { background: transparent; border-color: #ffffff; padding: 4px 12px; min-height: 36px; }
table { border-collapse: collapse; width: 100%; margin: 0 0 16px; font-size: 0.95rem; }
caption { text-align: left; font-weight: 600; margin-bottom: 8px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #d0d7de; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.bar { display: inline-block; height: 12px; background: #0a4aa6; vertical-align: middle; }
.bar.off { background: #8c959f; }
.toggle { display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
.pill { display: inline-block; border-radius: 999px; padding: 2px 12px; font-weight: 600; border: 2px solid currentColor; }
.pill.on { color: #1a7f37; }
.pill.off { color: #4b5563; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0 0 16px; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
select { font: inherit; padding: 8px 10px; border: 1px solid #6e7781; border-radius: 6px; margin-bottom: 12px; }
progress { width: 240px; height: 16px; vertical-align: middle; margin: 0 8px; }
summary { cursor: pointer; font-weight: 600; margin: 0 0 8px; }
pre.receipt { white-space: pre-wrap; overflow-wrap: anywhere; font: 0.8rem/1.4 ui-monospace, monospace; background: #f6f8fa;
  border: 1px solid #d0d7de; border-radius: 6px; padding: 8px 10px; margin: 0 0 16px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

export interface PageShell {
  lang: string;
  title: string;
  /** Already-escaped HTML of the page's content. */
  body: string;
  /** Wider content, for tables. */
  wide?: boolean;
  /** Already-escaped HTML shown above the content, e.g. who is signed in. */
  header?: string;
  /**
   * 'no-referrer' (default) for pages whose address carries a secret (opt-out links).
   * 'same-origin' for signed-in pages: under no-referrer browsers send `Origin: null` with a
   * form POST, and the CSRF check needs the real origin.
   */
  referrer?: 'no-referrer' | 'same-origin';
  /** A small inline script (progressive enhancement only); allowed by its hash, nothing else. */
  script?: string;
}

export function renderPage(shell: PageShell): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(shell.lang)}" dir="ltr">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex">',
    `<meta name="referrer" content="${shell.referrer ?? 'no-referrer'}">`,
    `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(shell.script)}">`,
    `<title>${escapeHtml(shell.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...(shell.header === undefined ? [] : [`<header class="site"><div>${shell.header}</div></header>`]),
    `<main${shell.wide ? ' class="wide"' : ''}>`,
    shell.body,
    '</main>',
    ...(shell.script === undefined ? [] : [`<script>${shell.script}</script>`]),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/**
 * A choice's signed receipt, folded away under `summary`: the explanation, then the JWS itself
 * to copy. `summary` and `explanation` are already-escaped HTML; the receipt is escaped here.
 */
export function receiptDetails(summary: string, explanation: string, receipt: string, id: string): string {
  return [
    `<details id="${escapeHtml(id)}" class="receipt">`,
    `<summary>${summary}</summary>`,
    `<p class="note">${explanation}</p>`,
    `<pre class="receipt"><code>${escapeHtml(receipt)}</code></pre>`,
    '</details>',
  ].join('\n');
}

/** A white card around already-escaped HTML. */
export const card = (html: string, label?: string): string =>
  label === undefined ? `<section class="card">\n${html}\n</section>` : `<section class="card" aria-labelledby="${escapeHtml(label)}">\n${html}\n</section>`;
