import {
  checkIdNumber,
  mask,
  normalizeIdNumber,
  normalizePhone,
  type PersonalDataCipher,
} from '@app/core';
import type { PetitionerInput } from '../case-inputs';

/** An ID number's blind index, of its one written form (a 15-digit number finds its 18-digit self). */
export const idNumberKey = (cipher: PersonalDataCipher, raw: string) =>
  cipher.blindIndex('idNumber', normalizeIdNumber(raw));

/** A phone's written form: normalised when it is a phone number, else as given (older rows). */
const phoneForm = (raw: string) => normalizePhone(raw) ?? raw.trim();

/** A phone's blind index, of its one written form (138 0013 8000 finds 13800138000). */
export const phoneKey = (cipher: PersonalDataCipher, raw: string) =>
  cipher.blindIndex('phone', phoneForm(raw));

/** An address's written form for its index: full-width as half-width, no spaces at all. */
const addressForm = (raw: string) => raw.normalize('NFKC').replace(/\s+/g, '');

/** An address's blind index (某路 1 号 finds 某路1号); with the name's it names a person. */
export const addressKey = (cipher: PersonalDataCipher, raw: string) =>
  cipher.blindIndex('address', addressForm(raw));

/** A full name's blind index (exact match after trimming, collapsing spaces, full-width→half-width). */
export const nameKey = (cipher: PersonalDataCipher, raw: string) => cipher.blindIndex('name', raw);

/** A petitioner's row as stored: personal data encrypted, blind-indexed and masked (DESIGN §7). */
export function preparePetitioner(cipher: PersonalDataCipher, p: PetitionerInput) {
  const idNumber = p.idNumber?.trim() ? normalizeIdNumber(p.idNumber) : null;
  const phone = p.phone?.trim() ? phoneForm(p.phone) : null;
  const address = p.address?.trim() || null;
  const idNumberBidx = idNumber ? cipher.blindIndex('idNumber', idNumber) : null;
  const phoneBidx = phone ? cipher.blindIndex('phone', phone) : null;
  // Only a number that fails its check keeps the clerk's reason (any birth date: the check of
  // a date still to come is the validator's, at the counter).
  const unverified =
    idNumber && !checkIdNumber(idNumber, '9999-12-31').ok
      ? p.idUnverifiedReason?.trim() || '未核验'
      : null;
  const name = p.name.trim();
  return {
    idNumberBidx,
    phoneBidx,
    row: {
      kind: p.kind,
      name,
      nameBidx: cipher.blindIndex('name', name),
      idNumberEnc: idNumber ? cipher.encrypt(idNumber) : null,
      idNumberBidx,
      idNumberMasked: idNumber ? mask('idNumber', idNumber) : null,
      idUnverifiedReason: unverified,
      phoneEnc: phone ? cipher.encrypt(phone) : null,
      phoneBidx,
      phoneMasked: phone ? mask('phone', phone) : null,
      addressEnc: address ? cipher.encrypt(address) : null,
      addressBidx: address ? addressKey(cipher, address) : null,
      addressMasked: address ? mask('address', address) : null,
    },
  };
}

export type PreparedPetitioner = ReturnType<typeof preparePetitioner>;

/**
 * What a person gave with a case (name, phone, address), as the case's case_petitioners row keeps
 * it: each case shows and reveals its own, and every phone or name ever given finds the person.
 */
export function givenDetails(p: PreparedPetitioner, givenAt: Date) {
  const r = p.row;
  return {
    name: r.name,
    nameBidx: r.nameBidx,
    phoneEnc: r.phoneEnc,
    phoneBidx: r.phoneBidx,
    phoneMasked: r.phoneMasked,
    addressEnc: r.addressEnc,
    addressBidx: r.addressBidx,
    addressMasked: r.addressMasked,
    givenAt,
  };
}

export type GivenDetails = ReturnType<typeof givenDetails>;

/** A new petitioner's row: the details given, dated (the newest the person has given yet). */
export function newPetitionerRow(p: PreparedPetitioner, givenAt: Date, now: Date) {
  return { ...p.row, detailsGivenAt: givenAt, createdAt: now, updatedAt: now };
}

export type NewPetitionerRow = ReturnType<typeof newPetitionerRow>;
