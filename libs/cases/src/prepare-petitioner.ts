import { mask, type PersonalDataCipher } from '@app/core';
import type { PetitionerInput } from './case-inputs';

/** A petitioner's row as stored: personal data encrypted, blind-indexed and masked (DESIGN §7). */
export function preparePetitioner(cipher: PersonalDataCipher, p: PetitionerInput) {
  const idNumber = p.idNumber?.trim() || null;
  const phone = p.phone?.trim() || null;
  const address = p.address?.trim() || null;
  const idNumberBidx = idNumber ? cipher.blindIndex('idNumber', idNumber) : null;
  const phoneBidx = phone ? cipher.blindIndex('phone', phone) : null;
  return {
    idNumberBidx,
    phoneBidx,
    row: {
      kind: p.kind,
      name: p.name.trim(),
      idNumberEnc: idNumber ? cipher.encrypt(idNumber) : null,
      idNumberBidx,
      idNumberMasked: idNumber ? mask('idNumber', idNumber) : null,
      phoneEnc: phone ? cipher.encrypt(phone) : null,
      phoneBidx,
      phoneMasked: phone ? mask('phone', phone) : null,
      addressEnc: address ? cipher.encrypt(address) : null,
      addressMasked: address ? mask('address', address) : null,
    },
  };
}

export type PreparedPetitioner = ReturnType<typeof preparePetitioner>;
