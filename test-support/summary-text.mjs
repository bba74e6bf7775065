// A job summary (the HTML a step appends to GITHUB_STEP_SUMMARY) as the plain text a terminal shows: headings as
// "### heading", each table as aligned columns under a dashed header, any other markup dropped, the entities
// decoded. The demo prints it where GitHub would render the page. Control characters never reach the terminal.

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Decodes HTML entities, then drops control characters (an escaped ESC must not become a terminal command). */
function decode(text) {
  return text
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name) => {
      if (name[0] !== '#') return ENTITIES[name.toLowerCase()] ?? whole;
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    })
    .replace(/[\0-\x08\x0b-\x1f\x7f-\x9f]/g, '');
}

/** Text of an HTML fragment without its tags, on one line. */
const inline = (html) =>
  decode(html.replace(/<br\s*\/?>/gi, ' ').replace(/<[^>]*>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();

/** One table's rows as columns padded to the widest cell; a header row (of <th>) gets a dashed line below. */
function tableText(html) {
  const rows = [...html.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/gi)].map(([, row]) => ({
    header: /<th[\s>]/i.test(row),
    cells: [...row.matchAll(/<t([hd])[^>]*>([\s\S]*?)<\/t\1>/gi)].map(([, , cell]) => inline(cell))
  }));
  const widths = [];
  for (const { cells } of rows) {
    for (const [i, c] of cells.entries()) widths[i] = Math.max(widths[i] ?? 0, c.length);
  }
  const line = (cells) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return rows
    .flatMap(({ header, cells }) =>
      header ? [line(cells), line(cells.map((_, i) => '-'.repeat(widths[i])))] : [line(cells)]
    )
    .join('\n');
}

/**
 * @param {string} html the job summary
 * @returns {string} the same as aligned text, blocks separated by one empty line
 */
export function summaryText(html) {
  const blocks = [];
  const block = /<h([1-6])[^>]*>([\s\S]*?)<\/h\1>|<table[^>]*>([\s\S]*?)<\/table>/gi;
  let last = 0;
  const loose = (html) => {
    const text = decode(html.replace(/<br\s*\/?>|<\/p>|<\/li>|<\/div>/gi, '\n').replace(/<[^>]*>/g, ''))
      .split('\n')
      .map((l) => l.replace(/[ \t]+/g, ' ').trim())
      .filter(Boolean)
      .join('\n');
    if (text) blocks.push(text);
  };
  for (const m of html.matchAll(block)) {
    loose(html.slice(last, m.index));
    blocks.push(m[1] ? `${'#'.repeat(Number(m[1]))} ${inline(m[2])}` : tableText(m[3]));
    last = m.index + m[0].length;
  }
  loose(html.slice(last));
  return blocks.join('\n\n');
}
