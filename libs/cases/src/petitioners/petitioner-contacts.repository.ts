import type { EntityManager } from 'typeorm';
import type { GivenDetails } from './prepare-petitioner';

type Statement = [string, unknown[]];

/**
 * A returning person's details (raw SQL on petitioners and case_petitioners): each case keeps
 * what was given with it, the petitioners row the newest. Statements for registration's batches,
 * and the same run one at a time inside a transaction (the spreadsheet batch, the history import).
 */
export const petitionerContactStatements = {
  /**
   * Before a known person's row takes newer details: their links written before details were
   * kept per case (`given_at` NULL) take the row's current ones, so those cases keep showing (and
   * an old phone keeps finding) what was given then.
   */
  freezeEarlierLinks(petitionerId: number): Statement {
    return [
      `UPDATE case_petitioners cp JOIN petitioners p ON p.id = cp.petitioner_id
          SET cp.name = p.name, cp.name_bidx = p.name_bidx, cp.phone_enc = p.phone_enc,
              cp.phone_bidx = p.phone_bidx, cp.phone_masked = p.phone_masked,
              cp.address_enc = p.address_enc, cp.address_bidx = p.address_bidx,
              cp.address_masked = p.address_masked,
              cp.given_at = COALESCE(p.details_given_at, p.created_at)
        WHERE cp.petitioner_id = ? AND cp.given_at IS NULL`,
      [petitionerId],
    ];
  },

  /**
   * The person's row shows the newest details: the name always, a phone or address only when one
   * was given (an empty field at the counter keeps the last known). Details given earlier than
   * the row's (an import of old cases) leave it as it is.
   */
  keepNewest(petitionerId: number, d: GivenDetails, now: Date): Statement {
    return [
      `UPDATE petitioners
          SET name = ?, name_bidx = ?,
              phone_enc = COALESCE(?, phone_enc), phone_bidx = COALESCE(?, phone_bidx),
              phone_masked = COALESCE(?, phone_masked),
              address_enc = COALESCE(?, address_enc), address_bidx = COALESCE(?, address_bidx),
              address_masked = COALESCE(?, address_masked),
              details_given_at = ?, updated_at = ?
        WHERE id = ? AND (details_given_at IS NULL OR details_given_at <= ?)`,
      [
        d.name,
        d.nameBidx,
        d.phoneEnc,
        d.phoneBidx,
        d.phoneMasked,
        d.addressEnc,
        d.addressBidx,
        d.addressMasked,
        d.givenAt,
        now,
        petitionerId,
        d.givenAt,
      ],
    ];
  },

  /** Both, for a known person who came again. */
  returning(petitionerId: number, d: GivenDetails, now: Date): Statement[] {
    return [
      petitionerContactStatements.freezeEarlierLinks(petitionerId),
      petitionerContactStatements.keepNewest(petitionerId, d, now),
    ];
  },
};

/** The columns of case_petitioners that hold the details given, in `linkValues` order. */
export const GIVEN_COLUMNS =
  'name, name_bidx, phone_enc, phone_bidx, phone_masked, address_enc, address_bidx, address_masked, given_at';

/** The values of GIVEN_COLUMNS (all NULL when none were recorded). */
export function givenValues(d: GivenDetails | null | undefined): unknown[] {
  return [
    d?.name ?? null,
    d?.nameBidx ?? null,
    d?.phoneEnc ?? null,
    d?.phoneBidx ?? null,
    d?.phoneMasked ?? null,
    d?.addressEnc ?? null,
    d?.addressBidx ?? null,
    d?.addressMasked ?? null,
    d?.givenAt ?? null,
  ];
}

/** The statements above, run one at a time in the caller's transaction. */
export const PetitionerContactsRepository = {
  async returning(m: EntityManager, petitionerId: number, d: GivenDetails, now: Date) {
    for (const [sql, params] of petitionerContactStatements.returning(petitionerId, d, now)) {
      await m.query(sql, params);
    }
  },
};
