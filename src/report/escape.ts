// Making PR-supplied text (paths, pool and server names, messages that quote config values,
// diff text) safe to show: in GitHub-flavoured Markdown it must stay plain text — no HTML, no
// links or images, no @mentions that ping people, no #123 references — and in a terminal it
// must not carry escape sequences. Every function here runs in linear time.

/** Breaks GitHub's mention, reference and autolink detection without changing what people read. */
const ZERO_WIDTH_SPACE = '\u200B';

// C0/C1 controls (except tab and newline), DEL, and bidi overrides that can make text read
// differently from what it is (the "Trojan Source" trick).
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

function normalizeLineBreaks(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** Replaces control characters and bidi overrides with U+FFFD so they cannot act. */
export function stripUnsafe(text: string): string {
  return text.replace(UNSAFE_CHARS, '\uFFFD');
}

/**
 * Inserts a zero-width space where GitHub would otherwise turn text into a mention
 * (`@user`, `@org/team`), an issue reference (`#12`, `GH-12`, `owner/repo#12`), an email or a
 * URL autolink (`https://…`, `www.…`).
 */
function neutralizeReferences(text: string): string {
  return text
    .replace(/@/g, `@${ZERO_WIDTH_SPACE}`)
    .replace(/#(?=\d)/g, `#${ZERO_WIDTH_SPACE}`)
    .replace(/\b(GH-)(?=\d)/gi, `$1${ZERO_WIDTH_SPACE}`)
    .replace(/:\/\//g, `:${ZERO_WIDTH_SPACE}//`)
    .replace(/\b(www)\./gi, `$1${ZERO_WIDTH_SPACE}.`);
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

// Every ASCII punctuation character that can start or end Markdown syntax. `<` `>` `&` `"` `'`
// become entities instead, which also holds inside HTML blocks where backslashes do not.
const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#+\-.!|~=&<>"']/g;

function escapeChar(ch: string): string {
  return HTML_ENTITIES[ch] ?? `\\${ch}`;
}

/**
 * Escapes text for Markdown so that it renders exactly as written. Line breaks are kept, but
 * blank lines and leading indentation are dropped so the text stays one paragraph and cannot
 * open a code block, quote, list or heading.
 */
export function escapeMarkdown(text: string): string {
  const lines = normalizeLineBreaks(stripUnsafe(text))
    .split('\n')
    .map((line) => line.replace(/^[ \t]+/, ''))
    .filter((line) => line.trim() !== '');
  return neutralizeReferences(lines.join('\n')).replace(MARKDOWN_SPECIAL, escapeChar);
}

/** Like `escapeMarkdown`, on one line: for headings, list items and inline phrases. */
export function escapeInline(text: string): string {
  return escapeMarkdown(normalizeLineBreaks(text).replace(/\s*\n\s*/g, ' '));
}

/** Escapes text for one cell of a GFM table: pipes cannot split it, line breaks become `<br>`. */
export function escapeTableCell(text: string): string {
  const escaped = escapeMarkdown(text).replace(/\n/g, '<br>');
  return escaped === '' ? ' ' : escaped;
}

// In HTML context Markdown punctuation becomes numeric references: they read the same, and they
// stay plain text even if a renderer treats the surrounding HTML as Markdown after all.
const HTML_SPECIAL = /[&<>"'\\`*_[\]()!|~{}]/g;

function htmlEntity(ch: string): string {
  return HTML_ENTITIES[ch] ?? `&#${ch.charCodeAt(0)};`;
}

/**
 * Escapes text for an HTML context inside Markdown (e.g. `<summary>`), where backslash escapes do
 * not work but entities do, and GitHub still links mentions and references.
 */
export function escapeHtml(text: string): string {
  const oneLine = normalizeLineBreaks(stripUnsafe(text)).replace(/\s*\n\s*/g, ' ');
  return neutralizeReferences(oneLine).replace(HTML_SPECIAL, htmlEntity);
}

function longestRun(text: string, ch: string): number {
  let longest = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === ch) {
      run++;
      if (run > longest) longest = run;
    } else {
      run = 0;
    }
  }
  return longest;
}

/**
 * A fenced code block around `text`. The fence uses whichever of ``` and ~~~ appears in shorter
 * runs, one longer than any run in the text, so no line of the text can close the block.
 */
export function codeBlock(text: string, language = ''): string {
  const body = normalizeLineBreaks(stripUnsafe(text)).replace(/\n$/, '');
  const backticks = longestRun(body, '`');
  const tildes = longestRun(body, '~');
  const [ch, run] = backticks <= tildes ? ['`', backticks] : ['~', tildes];
  const fence = ch.repeat(Math.max(3, run + 1));
  // The info string of a backtick fence may not contain backticks; keep only a plain word.
  const info = language.replace(/[^A-Za-z0-9_+-]/g, '');
  return `${fence}${info}\n${body}\n${fence}`;
}

/**
 * A label safe inside a Mermaid diagram's quoted string: Mermaid has its own syntax for quotes,
 * entities and line breaks, so only a conservative set of characters is kept.
 */
export function mermaidLabel(text: string, max = 60): string {
  const kept = stripUnsafe(text)
    .replace(/[^\p{L}\p{N} ._:,/()-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return clip(kept, max) || '(unnamed)';
}

/** Text for a terminal: no escape sequences or other control characters; tabs become spaces. */
export function plainText(text: string): string {
  return stripUnsafe(normalizeLineBreaks(text)).replace(/\t/g, ' ');
}

/** `text.slice(0, end)` that never ends on half of a surrogate pair. */
function sliceStart(text: string, end: number): string {
  const code = text.charCodeAt(end - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? end - 1 : end);
}

/** `text.slice(start)` that never starts on half of a surrogate pair. */
function sliceEnd(text: string, start: number): string {
  const code = text.charCodeAt(start);
  return text.slice(code >= 0xdc00 && code <= 0xdfff ? start + 1 : start);
}

/** Cuts text to at most `max` characters, marking the cut with an ellipsis. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, Math.max(0, max));
  return `${sliceStart(text, max - 1)}…`;
}

/** Like `clip`, but keeps both ends: for paths, whose start and file name both matter. */
export function clipMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 3) return clip(text, max);
  const head = Math.ceil((max - 1) / 2);
  const tail = max - 1 - head;
  return `${sliceStart(text, head)}…${sliceEnd(text, text.length - tail)}`;
}
