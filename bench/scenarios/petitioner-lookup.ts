import { benchCipher } from '../lib/cipher';
import { BENCH } from '../lib/config';
import { rows, samplePetitionerIds } from '../lib/database';
import { measureShapes, shapesReport, type ReadShape } from '../lib/read-shapes';
import { int } from '../lib/stats';
import type { Scenario } from '../lib/types';

const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)];

export const scenario: Scenario = {
  name: 'petitioner-lookup',
  title: 'petitioner-lookup — cases of a person by ID number or phone (blind index)',
  order: 20,
  needsDataset: true,
  async run(ctx) {
    const cipher = benchCipher();
    const sample = await samplePetitionerIds(ctx.sql, 2000);
    const idNumbers = sample.map((p) => cipher.decrypt(p.idNumberEnc));
    const phones = sample.filter((p) => p.phoneEnc).map((p) => cipher.decrypt(p.phoneEnc!));
    // The people with the most cases (老信访户): the largest result sets a lookup can meet.
    const frequent = await rows<{ enc: string; cases: number }>(
      ctx.sql,
      `SELECT p.id_number_enc AS enc, t.cases FROM (
         SELECT petitioner_id, COUNT(*) AS cases FROM case_petitioners
          GROUP BY petitioner_id ORDER BY cases DESC LIMIT 100) t
       JOIN petitioners p ON p.id = t.petitioner_id
       WHERE p.id_number_enc IS NOT NULL ORDER BY t.cases DESC LIMIT 20`,
    );
    if (idNumbers.length === 0) throw new Error('no petitioners with ID numbers in the data set');
    const frequentIds = frequent.map((f) => cipher.decrypt(f.enc));

    const shapes: ReadShape[] = [
      {
        id: 'id-number',
        label: 'a person by ID number (random existing people)',
        pattern: 'idNumber=<18-digit ID number>&limit=20',
        role: 'reception',
        params: () => ({ idNumber: pick(idNumbers), limit: '20' }),
      },
      {
        id: 'phone',
        label: 'a person by phone (random existing people)',
        pattern: 'phone=<phone>&limit=20',
        role: 'reception',
        params: () => ({ phone: pick(phones), limit: '20' }),
      },
      {
        id: 'id-number-frequent',
        label: `the 20 people with the most cases (${frequent.length ? `${int(frequent[frequent.length - 1].cases)}–${int(frequent[0].cases)}` : '–'} cases each)`,
        pattern: 'idNumber=<ID number of a frequent petitioner>&limit=20',
        role: 'reception',
        params: () => ({
          idNumber: pick(frequentIds.length ? frequentIds : idNumbers),
          limit: '20',
        }),
        diagnosis:
          'For a person with hundreds of cases the `c.id IN (SELECT cp.case_id … WHERE p.id_number_bidx = ?)` ' +
          'semi-join is materialized and every one of their cases is looked up in the `cases` primary key ' +
          '(`r_rows` above: one clustered-index read per case, and the 1.5 GiB table is mostly outside the ' +
          '128 MiB buffer pool) and sorted in a temporary table, to return 20. Alone it takes a few ms once ' +
          'warm (165 ms cold by hand for the 1,522-case person); under concurrent lookups those reads pile ' +
          'up. Fix in `CaseQueriesService.list`: resolve the person first (`SELECT id FROM petitioners WHERE ' +
          'id_number_bidx = ?`), then page over the link index alone — `SELECT case_id FROM case_petitioners ' +
          'WHERE petitioner_id IN (…) [AND case_id < :after] ORDER BY case_id DESC LIMIT 21` reads 21 entries ' +
          'of `ix_case_petitioners_petitioner` and no case row (checked by hand on this data set, 2026-11-26: ' +
          '0.3–0.7 ms vs 5.5–7 ms warm for the current statement). With other filters as well, apply them as ' +
          '`c.id IN (<the person’s case ids, from that index>) … ORDER BY c.id DESC LIMIT 21`, a descending ' +
          'range on PRIMARY that stops after 21 matches.',
      },
    ];
    const measured = await measureShapes(ctx, shapes);
    const [{ n }] = await rows<{ n: number }>(ctx.sql, 'SELECT COUNT(*) AS n FROM petitioners');
    return shapesReport(
      measured,
      `${int(Number(n))} petitioners in the database, their ID numbers and phones stored encrypted with ` +
        'blind indexes (`PersonalDataCipher`, the bench keys); the lookups go through ' +
        "`GET /api/v1/cases?idNumber=…` / `?phone=…`, i.e. the API's own blind index. " +
        `${BENCH.readConnections} concurrent connections, ${BENCH.readSeconds} s per shape after ` +
        `${BENCH.warmupSeconds} s of warm-up; ${int(idNumbers.length)} different people drawn at random.`,
    );
  },
};
