import { randomBytes, randomInt } from 'node:crypto';
import type { Pool } from 'mysql2/promise';
import { benchCipher } from './cipher';
import { rows, samplePetitionerIds } from './database';
import { Fake, ID_NUMBER_SPACE, prng, residentId, weights, type WeightTable } from './fake';

/** A realistic `POST /api/v1/cases` body, different every time. */
export interface RegistrationBody {
  channel: string;
  source: string;
  sourceLevel: string;
  externalRef?: string;
  title: string;
  content: string;
  purpose: string;
  categoryCode: string;
  locality: string;
  personCount: number;
  petitioners: {
    kind: 'person';
    name: string;
    idNumber?: string;
    phone?: string;
    address?: string;
    representative?: boolean;
  }[];
}

const CHANNELS = weights<string>([
  ['online', 40],
  ['visit', 28],
  ['letter', 18],
  ['call', 12],
  ['fax', 2],
]);
const PURPOSES = weights<string>([
  ['complaint', 55],
  ['other', 18],
  ['accusation', 15],
  ['suggestion', 12],
]);
const LEVELS = ['municipal', 'provincial', 'national'];

export class Registrations {
  private readonly fake = new Fake(prng(randomInt(2 ** 31)));

  private constructor(
    private readonly categories: WeightTable<{ code: string; name: string }>,
    /** ID numbers of people already in the database: some petitioners come back. */
    private readonly known: string[],
  ) {}

  static async load(sql: Pool): Promise<Registrations> {
    const cats = await rows<{ code: string; name: string }>(
      sql,
      'SELECT code, name FROM categories WHERE level = 3 AND active = 1 ORDER BY code',
    );
    if (cats.length === 0) throw new Error('no third-level categories seeded');
    // Housing, property and wages dominate real petition statistics.
    const table = weights(
      cats.map((c): [{ code: string; name: string }, number] => [
        c,
        c.code.startsWith('01') ? 3 : c.code.startsWith('02') ? 2 : 1,
      ]),
    );
    const cipher = benchCipher();
    const sample = await samplePetitionerIds(sql, 2000);
    return new Registrations(
      table,
      sample.map((p) => cipher.decrypt(p.idNumberEnc)),
    );
  }

  next(): RegistrationBody {
    const f = this.fake;
    const category = f.weighted(this.categories);
    const street = f.street();
    const roll = f.rand();
    const source = roll < 0.72 ? 'direct' : roll < 0.9 ? 'transferred' : 'assigned';
    const people = f.chance(0.9) ? 1 : f.int(2, 4);
    const petitioners = Array.from({ length: people }, () => {
      const returning = this.known.length > 0 && f.chance(0.1);
      const idNumber = returning
        ? f.pick(this.known)
        : f.chance(0.9)
          ? residentId(randomInt(ID_NUMBER_SPACE))
          : undefined;
      return {
        kind: 'person' as const,
        name: f.personName(),
        ...(idNumber ? { idNumber } : {}),
        ...(f.chance(0.93) ? { phone: f.phone(randomInt(100_000_000)) } : {}),
        ...(f.chance(0.55) ? { address: f.address(street) } : {}),
      };
    });
    // the same ID number twice in one case is not a realistic registration
    const seen = new Set<string>();
    const distinct = petitioners.filter((p) => {
      if (!p.idNumber) return true;
      if (seen.has(p.idNumber)) return false;
      seen.add(p.idNumber);
      return true;
    });
    return {
      channel: f.weighted(CHANNELS),
      source,
      sourceLevel: source === 'direct' ? 'district' : f.pick(LEVELS),
      ...(source === 'direct' ? {} : { externalRef: `SXB${randomBytes(10).toString('hex')}` }),
      title: f.title(category.name, street),
      content: f.content(category.name, street, 80, 360),
      purpose: category.code.startsWith('05') ? 'accusation' : f.weighted(PURPOSES),
      categoryCode: category.code,
      locality: `荔湾区${street}`,
      personCount: distinct.length,
      petitioners: distinct,
    };
  }
}
