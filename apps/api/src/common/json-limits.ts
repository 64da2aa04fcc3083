import { DomainError } from '@app/core';

/**
 * No request body of this API nests deeper than a few levels (a case with its petitioners is 3);
 * anything deeper is an attack on the validator's recursion, not data.
 */
export const JSON_MAX_DEPTH = 32;
/** The largest real body (a year's calendar, a self-evaluation) has a few thousand keys. */
export const JSON_MAX_KEYS = 10_000;

export const jsonTooDeep = () =>
  new DomainError('invalid', 'JSON_TOO_DEEP', `请求体嵌套超过 ${JSON_MAX_DEPTH} 层`, {
    maxDepth: JSON_MAX_DEPTH,
  });

export const jsonTooManyKeys = () =>
  new DomainError('invalid', 'JSON_TOO_MANY_KEYS', `请求体字段超过 ${JSON_MAX_KEYS} 个`, {
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
