// The slice of SOQL the stub answers: SELECT fields FROM object [WHERE ...] [ORDER BY ...] [LIMIT n] [OFFSET n],
// parsed as Salesforce does, so a test can tell a well-quoted query from one a value broke. String literals take
// SOQL's backslash escapes (\' \\ \" \n \r \t \b \f \_ \%); any other escape, an unterminated literal or a stray
// token is MALFORMED_QUERY, as on Salesforce. WHERE takes = != <> < <= > >= [NOT] IN LIKE, AND, OR, NOT and
// parentheses; like SOQL, AND and OR never mix at one level without parentheses. Comparisons of text ignore case.

export class SoqlError extends Error {
  /** @param {string} errorCode @param {string} message */
  constructor(errorCode, message) {
    super(message);
    this.errorCode = errorCode;
  }
}

const ESCAPES = { "'": "'", '"': '"', '\\': '\\', n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', _: '_', '%': '%' };
const KEYWORDS = new Set(['SELECT', 'FROM', 'WHERE', 'AND', 'OR', 'NOT', 'IN', 'LIKE', 'ORDER', 'BY', 'LIMIT']);
const DATE_LITERALS = { TODAY: 0, YESTERDAY: -1, TOMORROW: 1 };

/** A date or datetime literal, a number, a word (keyword or field path), or an operator / punctuation mark. */
const TOKEN =
  /^(\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2}))?)|^(-?\d+(?:\.\d+)?)|^([A-Za-z_][\w.]*)|^(!=|<>|<=|>=|[=<>(),])/;

const malformed = (message) => new SoqlError('MALFORMED_QUERY', message);

/** @param {string} q @returns {Array<{kind: string, text: string, value?: any, like?: string, at: number}>} */
export function tokenize(q) {
  const tokens = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i];
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === "'") {
      const at = i;
      // `value` is the text the literal stands for; `like` the same as a LIKE pattern, where only an unescaped
      // % or _ is a wildcard.
      let value = '';
      let like = '';
      for (i += 1; ; i += 1) {
        if (i >= q.length) throw malformed(`unterminated string literal at column ${at + 1}`);
        const d = q[i];
        if (d === "'") break;
        if (d !== '\\') {
          value += d;
          like += d === '%' ? '.*' : d === '_' ? '.' : escapeRegExp(d);
          continue;
        }
        const next = q[i + 1] ?? '';
        const meant = ESCAPES[next.toLowerCase()];
        if (!Object.hasOwn(ESCAPES, next.toLowerCase()))
          throw malformed(`Invalid string literal. Illegal character sequence '\\${next}' in string literal.`);
        value += meant;
        like += escapeRegExp(meant);
        i += 1;
      }
      i += 1;
      tokens.push({ kind: 'string', text: q.slice(at, i), value, like, at });
    } else {
      const m = TOKEN.exec(q.slice(i));
      if (!m) throw malformed(`unexpected token: '${c}' at column ${i + 1}`);
      const [text, date, number, word] = m;
      const kind = date ? 'date' : number ? 'number' : word ? 'word' : 'punct';
      tokens.push({ kind, text, value: number ? Number(number) : text, at: i });
      i += text.length;
    }
  }
  return tokens;
}

/**
 * @typedef {{fields: string[], object: string, where?: any, orderBy: Array<{field: string, desc: boolean}>,
 *   limit?: number, offset?: number}} SoqlQuery
 */

/** @param {string} q @returns {SoqlQuery} */
export function parseSoql(q) {
  const tokens = tokenize(q);
  let pos = 0;
  const peek = () => tokens[pos];
  const isWord = (word, t = peek()) => t?.kind === 'word' && t.text.toUpperCase() === word;
  const unexpected = (t = peek()) =>
    malformed(t ? `unexpected token: '${t.text}' at column ${t.at + 1}` : 'unexpected end of query');
  const expectWord = (word) => {
    if (!isWord(word)) throw unexpected();
    pos += 1;
  };
  const expectPunct = (text) => {
    if (peek()?.kind !== 'punct' || peek().text !== text) throw unexpected();
    pos += 1;
  };
  const name = () => {
    const t = peek();
    if (t?.kind !== 'word' || KEYWORDS.has(t.text.toUpperCase())) throw unexpected();
    pos += 1;
    return t.text;
  };
  const integer = () => {
    const t = peek();
    if (t?.kind !== 'number' || !Number.isInteger(t.value) || t.value < 0) throw unexpected();
    pos += 1;
    return t.value;
  };
  /** One or more `item`s separated by commas. @template T @param {() => T} item */
  const list = (item) => {
    const items = [item()];
    while (peek()?.text === ',') {
      pos += 1;
      items.push(item());
    }
    return items;
  };
  const value = () => {
    const t = peek();
    pos += 1;
    if (t?.kind === 'string') return { literal: t.value, like: t.like };
    if (t?.kind === 'number' || t?.kind === 'date') return { literal: t.value };
    const upper = t?.kind === 'word' ? t.text.toUpperCase() : '';
    if (upper === 'NULL') return { literal: null };
    if (upper === 'TRUE' || upper === 'FALSE') return { literal: upper === 'TRUE' };
    if (Object.hasOwn(DATE_LITERALS, upper)) return { literal: dayFromToday(DATE_LITERALS[upper]) };
    throw unexpected(t);
  };
  const comparison = () => {
    const field = name();
    const negated = isWord('NOT');
    if (negated) pos += 1;
    if (isWord('IN')) {
      pos += 1;
      expectPunct('(');
      const values = list(value);
      expectPunct(')');
      return { op: negated ? 'NOT IN' : 'IN', field, values };
    }
    if (negated) throw unexpected();
    if (isWord('LIKE')) {
      pos += 1;
      return { op: 'LIKE', field, values: [value()] };
    }
    const t = peek();
    if (t?.kind !== 'punct' || !['=', '!=', '<>', '<', '<=', '>', '>='].includes(t.text)) throw unexpected();
    pos += 1;
    return { op: t.text === '<>' ? '!=' : t.text, field, values: [value()] };
  };
  const factor = () => {
    if (isWord('NOT')) {
      pos += 1;
      return { not: factor() };
    }
    if (peek()?.text === '(') {
      pos += 1;
      const inner = expression();
      expectPunct(')');
      return inner;
    }
    return comparison();
  };
  const expression = () => {
    const parts = [factor()];
    let joiner;
    while (isWord('AND') || isWord('OR')) {
      const word = peek().text.toUpperCase();
      if (joiner && joiner !== word) throw unexpected();
      joiner = word;
      pos += 1;
      parts.push(factor());
    }
    return parts.length === 1 ? parts[0] : { [joiner === 'AND' ? 'and' : 'or']: parts };
  };

  expectWord('SELECT');
  const fields = list(name);
  expectWord('FROM');
  /** @type {SoqlQuery} */
  const query = { fields, object: name(), orderBy: [] };
  if (isWord('WHERE')) {
    pos += 1;
    query.where = expression();
  }
  if (isWord('ORDER')) {
    pos += 1;
    expectWord('BY');
    do {
      if (peek()?.text === ',') pos += 1;
      const field = name();
      const dir = peek()?.kind === 'word' ? peek().text.toUpperCase() : '';
      if (dir === 'ASC' || dir === 'DESC') pos += 1;
      query.orderBy.push({ field, desc: dir === 'DESC' });
    } while (peek()?.text === ',');
  }
  if (isWord('LIMIT')) {
    pos += 1;
    query.limit = integer();
  }
  if (isWord('OFFSET')) {
    pos += 1;
    query.offset = integer();
  }
  if (peek()) throw unexpected();
  return query;
}

/** @param {number} days */
function dayFromToday(days) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Reads `path` ("CreatedBy.Username") from a row whose keys are the canonical field names. */
export function readPath(row, path) {
  return path.split('.').reduce((v, key) => (v == null ? null : v[key]), row);
}

const fold = (v) => (typeof v === 'string' ? v.toLowerCase() : v);
/** @param {string} s */
const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** @param {any} actual @param {string} op @param {Array<{literal: any, like?: string}>} values */
function compare(actual, op, values) {
  const a = fold(actual ?? null);
  const wanted = values.map((v) => fold(v.literal));
  switch (op) {
    case '=':
      return a === wanted[0];
    case '!=':
      return a !== wanted[0];
    case 'IN':
      return wanted.includes(a);
    case 'NOT IN':
      return !wanted.includes(a);
    case 'LIKE':
      return typeof actual === 'string' && new RegExp(`^${values[0].like ?? ''}$`, 'is').test(actual);
    default: {
      const b = wanted[0];
      if (a == null || b == null) return false;
      return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
    }
  }
}

/** @param {any} where @param {Record<string, any>} row @param {(field: string) => string} canonical */
export function matches(where, row, canonical) {
  if (!where) return true;
  if (where.and) return where.and.every((w) => matches(w, row, canonical));
  if (where.or) return where.or.some((w) => matches(w, row, canonical));
  if (where.not) return !matches(where.not, row, canonical);
  return compare(readPath(row, canonical(where.field)), where.op, where.values);
}

/**
 * Filters, orders and pages `rows` as the query says. Nulls sort first ascending and last descending, as in SOQL.
 * @param {SoqlQuery} query @param {Array<Record<string, any>>} rows @param {(field: string) => string} canonical
 */
export function select(query, rows, canonical) {
  const kept = rows.filter((row) => matches(query.where, row, canonical));
  const order = query.orderBy.map((o) => ({ path: canonical(o.field), desc: o.desc }));
  kept.sort((x, y) => {
    for (const { path, desc } of order) {
      const a = fold(readPath(x, path));
      const b = fold(readPath(y, path));
      if (a === b) continue;
      const less = a == null || (b != null && a < b);
      return (less ? -1 : 1) * (desc ? -1 : 1);
    }
    return 0;
  });
  const start = query.offset ?? 0;
  return kept.slice(start, query.limit === undefined ? undefined : start + query.limit);
}
