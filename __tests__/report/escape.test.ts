import { describe, expect, it } from 'vitest';
import {
  clip,
  clipMiddle,
  codeBlock,
  escapeHtml,
  escapeInline,
  escapeMarkdown,
  escapeTableCell,
  mermaidLabel,
  plainText,
} from '../../src/report/escape.js';

const ZWSP = '\u200B';
const SPECIALS = new Set('\\`*_{}[]()#+-.!|~=<>&"\''.split(''));

/** Characters of Markdown syntax that appear without a backslash before them. */
function unescaped(markdown: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < markdown.length; i++) {
    const ch = markdown[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    // Our own entities are the only place a bare & # ; may appear.
    const entity = /^&(amp|lt|gt|quot|#39);/.exec(markdown.slice(i, i + 6));
    if (entity) {
      i += entity[0].length - 1;
      continue;
    }
    if (SPECIALS.has(ch)) found.push(ch);
  }
  return found;
}

/** What a reader sees: escapes and entities resolved, zero-width spaces invisible. */
function rendered(markdown: string): string {
  return markdown
    .replace(/\\(.)/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .split(ZWSP)
    .join('');
}

const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '@org/team please look',
  '[click](javascript:alert(1))',
  '](javascript:alert(1))',
  '![x](https://evil.example/track.png)',
  '<!-- hidden -->',
  '</details><script>alert(1)</script>',
  '```\n</details>\n```',
  'a | b | c',
  '**bold** _it_ ~~gone~~ `code`',
  'see #123 and owner/repo#45 and GH-7',
  'https://evil.example and www.evil.example',
  'mail me at admin@example.com',
  '&lt; already an entity &amp;',
  '# heading\n> quote\n- item\n1. item\n+ item\n===\n---',
];

describe('escapeMarkdown', () => {
  it.each(HOSTILE)('leaves no Markdown syntax active in %j', (input) => {
    const out = escapeMarkdown(input);
    expect(unescaped(out)).toEqual([]);
    expect(out).not.toMatch(/<[a-z!/]/i);
  });

  it('renders exactly the original text', () => {
    for (const input of HOSTILE.filter((s) => !s.includes('\n'))) expect(rendered(escapeMarkdown(input))).toBe(input);
  });

  it('escapes the image/HTML payloads concretely', () => {
    expect(escapeMarkdown('<img src=x onerror=alert(1)>')).toBe('&lt;img src\\=x onerror\\=alert\\(1\\)&gt;');
    expect(escapeMarkdown('](javascript:x)')).toBe('\\]\\(javascript:x\\)');
    expect(escapeMarkdown('<!-- -->')).toBe('&lt;\\!\\-\\- \\-\\-&gt;');
  });

  it('breaks mentions, issue references and autolinks with a zero-width space', () => {
    expect(escapeMarkdown('@org/team')).toBe(`@${ZWSP}org/team`);
    expect(escapeMarkdown('#123')).toBe(`\\#${ZWSP}123`);
    expect(escapeMarkdown('GH-9')).toBe(`GH\\-${ZWSP}9`);
    expect(escapeMarkdown('https://x.io')).toBe(`https:${ZWSP}//x\\.io`);
    expect(escapeMarkdown('www.x.io')).toBe(`www${ZWSP}\\.x\\.io`);
    expect(escapeMarkdown('a@b.io')).toBe(`a@${ZWSP}b\\.io`);
    // A heading marker that is not followed by digits is only backslash-escaped.
    expect(escapeMarkdown('#web')).toBe('\\#web');
  });

  it('keeps lines but cannot start blocks: no blank lines, no indentation', () => {
    const out = escapeMarkdown('first\n\n\n    indented code\n\t> quote\r\n1. item');
    expect(out.split('\n')).toEqual(['first', 'indented code', '&gt; quote', '1\\. item']);
  });

  it('replaces control characters and bidi overrides', () => {
    expect(escapeMarkdown('a\u0000b\u001b[31mc\u202Ed')).toBe('a\uFFFDb\uFFFD\\[31mc\uFFFDd');
  });

  it('handles a 10,000-character name in linear time without losing characters', () => {
    const long = 'x'.repeat(10_000) + '_';
    const out = escapeMarkdown(long);
    expect(out.length).toBe(10_002);
    expect(out.endsWith('\\_')).toBe(true);
  });
});

describe('escapeInline and escapeTableCell', () => {
  it('puts everything on one line', () => {
    expect(escapeInline('a\n# b\r\nc')).toBe('a \\# b c');
  });

  it('keeps pipes and line breaks from splitting a table row', () => {
    expect(escapeTableCell('a | b\nc')).toBe('a \\| b<br>c');
    expect(escapeTableCell('')).toBe(' ');
    expect(escapeTableCell('x\n\n| --- |')).toBe('x<br>\\| \\-\\-\\- \\|');
  });
});

describe('escapeHtml', () => {
  it('escapes for HTML context and breaks mentions, on one line', () => {
    expect(escapeHtml('</summary><b x="1">@team\n#12')).toBe(`&lt;/summary&gt;&lt;b x=&quot;1&quot;&gt;@${ZWSP}team #${ZWSP}12`);
    expect(escapeHtml('[a](javascript:x) `b` *c* ~d~ |e| \\ !')).toBe(
      '&#91;a&#93;&#40;javascript:x&#41; &#96;b&#96; &#42;c&#42; &#126;d&#126; &#124;e&#124; &#92; &#33;',
    );
    expect(escapeHtml('lb/haproxy.cfg')).toBe('lb/haproxy.cfg');
  });
});

describe('codeBlock', () => {
  it('fences with a run longer than any in the text', () => {
    const text = 'a\n```\nb ```` c\n</details>';
    const block = codeBlock(text, 'diff');
    expect(block).toBe('~~~diff\na\n```\nb ```` c\n</details>\n~~~');
  });

  it('uses backticks when tildes are longer, and at least three', () => {
    expect(codeBlock('~~~~ x', 'diff')).toBe('```diff\n~~~~ x\n```');
    expect(codeBlock('plain')).toBe('```\nplain\n```');
    expect(codeBlock('`` and ~~~', 'diff')).toBe('```diff\n`` and ~~~\n```');
  });

  it('no line inside can close the fence', () => {
    const text = ['```', '````', '~~~', '~~~~~', '`````'].join('\n');
    const block = codeBlock(text, 'diff');
    const [open, ...rest] = block.split('\n');
    const fence = open.replace('diff', '');
    const inner = rest.slice(0, -1);
    expect(rest[rest.length - 1]).toBe(fence);
    for (const line of inner) expect(line.startsWith(fence)).toBe(false);
  });

  it('keeps only a plain word as the info string and normalizes line breaks', () => {
    expect(codeBlock('a\r\nb\rc\n', 'di`ff x')).toBe('```diffx\na\nb\nc\n```');
  });
});

describe('mermaidLabel', () => {
  it('strips quotes, entities, brackets and line breaks', () => {
    expect(mermaidLabel('web"1"; #quot; <b>\n{x}')).toBe('web 1 quot b x');
    expect(mermaidLabel('"""')).toBe('(unnamed)');
    expect(mermaidLabel('a'.repeat(100)).length).toBe(60);
  });
});

describe('plainText', () => {
  it('removes terminal escape sequences', () => {
    expect(plainText('ok\u001b[2J\u0007\tend\r\n')).toBe('ok\uFFFD[2J\uFFFD end\n');
  });
});

describe('clip and clipMiddle', () => {
  it('cut to the limit with an ellipsis', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('abc', 4)).toBe('abc');
    expect(clipMiddle('lb/very/long/path/haproxy.cfg', 15)).toBe('lb/very…oxy.cfg');
    expect(clipMiddle('short', 15)).toBe('short');
  });

  it('never splits a surrogate pair', () => {
    expect(clip('ab😀cd', 4)).toBe('ab…');
    expect(clipMiddle('😀😀😀😀😀', 5)).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });
});
