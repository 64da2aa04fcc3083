import { type DomainError, fieldLabel } from '@app/core';
import { apiError } from './api.errors';

/**
 * No request body of this API nests deeper than a few levels (a case with its petitioners is 3);
 * anything deeper is an attack on the validator's recursion, not data.
 */
export const JSON_MAX_DEPTH = 32;
/** The largest real body (a year's calendar, a self-evaluation) has a few thousand keys. */
export const JSON_MAX_KEYS = 10_000;

export const jsonTooDeep = () =>
  apiError('invalid', 'JSON_TOO_DEEP', `请求体嵌套超过 ${JSON_MAX_DEPTH} 层`, {
    maxDepth: JSON_MAX_DEPTH,
  });

export const jsonTooManyKeys = () =>
  apiError('invalid', 'JSON_TOO_MANY_KEYS', `请求体字段超过 ${JSON_MAX_KEYS} 个`, {
    maxKeys: JSON_MAX_KEYS,
  });

const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \
const COLON = 0x3a; // :

/**
 * One linear pass over the text before JSON.parse sees it: counts nesting and object keys outside
 * strings and stops at the first excess, so a 400 kB bomb costs a scan up to its 33rd bracket,
 * never a recursion. Syntax errors are left to JSON.parse.
 */
export function checkJsonLimits(
  text: string,
  maxDepth = JSON_MAX_DEPTH,
  maxKeys = JSON_MAX_KEYS,
): DomainError | null {
  let depth = 0;
  let keys = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) inString = true;
    else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > maxDepth) return jsonTooDeep();
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) depth--;
    // Outside a string a colon only ever follows an object key.
    else if (c === COLON && ++keys > maxKeys) return jsonTooManyKeys();
  }
  return null;
}

/** NUL, or half of a surrogate pair (only writable as a \ud800 escape; MySQL would store "?"). */
// eslint-disable-next-line no-control-regex -- NUL is exactly what is looked for
const BAD_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The first string (or key) of a parsed body holding NUL or a lone surrogate, as a 400 naming
 * its field: the database would cut the text at the NUL or replace the half character, so what
 * was stored would not be what was sent.
 */
export function checkJsonText(value: unknown, path = ''): DomainError | null {
  if (typeof value === 'string') {
    return BAD_TEXT.test(value)
      ? apiError('invalid', 'INVALID_CHARACTERS', '请求参数含有不允许的字符', [
          {
            field: path || 'body',
            messages: [
              `${path ? fieldLabel(path) : '请求内容'}不能含空字符（NUL）或不成对的代理字符（残缺的文字）`,
            ],
          },
        ])
      : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = checkJsonText(value[i], path ? `${path}.${i}` : String(i));
      if (bad) return bad;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      const bad = checkJsonText(key, field) ?? checkJsonText(v, field);
      if (bad) return bad;
    }
  }
  return null;
}
