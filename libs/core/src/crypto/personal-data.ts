import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';

/** What personal data kinds are indexed and masked as. */
export type PersonalDataKind = 'idNumber' | 'phone' | 'address';

/** What blind indexes are kept of: the personal data kinds and names (stored plain, found exactly). */
export type BlindIndexKind = PersonalDataKind | 'name';

/**
 * Personal data at rest (DESIGN §7): AES-256-GCM with a key from the environment, the key id
 * stored in each value (`<keyId>.<iv>.<tag>.<ciphertext>`, base64url) so keys can rotate; blind
 * indexes (HMAC-SHA256 of the normalised value) find a person without decrypting anything.
 */
@Injectable()
export class PersonalDataCipher {
  private readonly keys: Map<string, Buffer>;
  private readonly currentKeyId: string;
  private readonly indexKey: Buffer;

  constructor(config: AppConfig) {
    this.currentKeyId = config.pii.keyId;
    this.keys = new Map(
      Object.entries({ ...config.pii.previousKeys, [config.pii.keyId]: config.pii.key }).map(
        ([id, key]) => [id, Buffer.from(key, 'base64')],
      ),
    );
    this.indexKey = Buffer.from(config.pii.indexKey, 'base64');
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [this.currentKeyId, iv, cipher.getAuthTag(), data]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  decrypt(stored: string): string {
    const [keyId, iv, tag, data] = stored.split('.');
    const key = this.keys.get(keyId);
    if (!key || !iv || !tag || data === undefined) {
      throw new Error(`Cannot decrypt personal data with key id "${keyId}"`);
    }
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(data, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  }

  /** True when the value was written with a retired key and should be re-encrypted. */
  isStale(stored: string): boolean {
    return !stored.startsWith(`${this.currentKeyId}.`);
  }

  /** The keyed hash that finds this value; equal inputs (after normalising) give equal indexes. */
  blindIndex(kind: BlindIndexKind, value: string): string {
    return createHmac('sha256', this.indexKey)
      .update(`${kind}:${normalise(kind, value)}`)
      .digest('hex');
  }
}

export function normalise(kind: BlindIndexKind, value: string): string {
  // A name as typed at any counter: full-width letters, digits and spaces are their half-width
  // selves (NFKC), surrounding spaces dropped and runs of spaces one.
  if (kind === 'name') return value.normalize('NFKC').trim().replace(/\s+/g, ' ');
  const trimmed = value.trim();
  if (kind === 'idNumber') return trimmed.toUpperCase().replace(/\s+/g, '');
  if (kind === 'phone') return trimmed.replace(/[\s()-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  return trimmed.replace(/\s+/g, ' ');
}

/** The masked form shown in lists: 4401**********1234, 138****5678, 广州市荔湾区****. */
export function mask(kind: PersonalDataKind, value: string): string {
  const v = normalise(kind, value);
  if (kind === 'idNumber') {
    return v.length <= 8
      ? '*'.repeat(v.length)
      : v.slice(0, 4) + '*'.repeat(v.length - 8) + v.slice(-4);
  }
  if (kind === 'phone') {
    return v.length <= 7
      ? '*'.repeat(v.length)
      : v.slice(0, 3) + '*'.repeat(v.length - 7) + v.slice(-4);
  }
  const chars = [...v];
  return chars.slice(0, Math.min(6, Math.floor(chars.length / 2))).join('') + '****';
}

/**
 * What an ID number or a phone looks like in free text, whatever field it sits in: 18-digit (or
 * old 15-digit) resident ID numbers, mainland mobiles (with or without +86 and separators) and
 * landlines with an area code. Digits next to other digits never match, so dates, times and
 * ids stay readable.
 */
const PERSONAL_VALUES: [PersonalDataKind, RegExp][] = [
  ['idNumber', /(?<!\d)(?:\d\s*){17}[\dXx](?!\d)/g],
  ['idNumber', /(?<!\d)\d{15}(?!\d)/g],
  ['phone', /(?<!\d)(?:\+?\s*86[\s-]*)?1[3-9](?:[\s()-]*\d){9}(?!\d)/g],
  ['phone', /(?<!\d)\(?0\d{2,3}\)?[\s-]?\d{7,8}(?!\d)/g],
];

/**
 * Replaces every ID number or phone found in the text: by default with its masked form
 * (4401**********1234, 139****5678), or with what `replace` returns.
 */
export function maskPersonalValues(
  text: string,
  replace: (kind: PersonalDataKind, value: string) => string = mask,
): string {
  let out = text;
  for (const [kind, pattern] of PERSONAL_VALUES) {
    out = out.replace(pattern, (value) => replace(kind, value));
  }
  return out;
}
