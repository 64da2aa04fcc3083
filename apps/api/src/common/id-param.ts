import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { CALENDAR_YEAR_MAX, CALENDAR_YEAR_MIN } from '@app/calendar';
import { validationFailed } from '@app/core';

/** Canonical decimal: no sign, no leading zero, no spaces, no 0x, no exponent. */
const CANONICAL_ID = /^[1-9][0-9]{0,15}$/;

/**
 * A route id is a canonical positive decimal integer up to 2^53 − 1 (the ids are BIGINT/INT
 * UNSIGNED; beyond 2^53 a JavaScript number would silently name another row). `%201`, `0x10`,
 * `1e3`, `0`, `-1`, `01` and 2^53 + 1 are refused with a 400 naming the parameter, so no
 * spelling of an id can turn into another id or into "no filter".
 */
@Injectable()
export class IdPipe implements PipeTransform<unknown, number> {
  transform(value: unknown, metadata: ArgumentMetadata): number {
    const field = metadata.data ?? 'id';
    const n = typeof value === 'string' && CANONICAL_ID.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n)) {
      throw validationFailed([
        { field, messages: [`${field} must be a positive integer written in decimal digits`] },
      ]);
    }
    return n;
  }
}

/** The one pipe for every `:id`-like route parameter: `@Param('caseId', IdParam)`. */
export const IdParam = new IdPipe();

/** A year in a route: four digits, within the years a calendar can be loaded for. */
@Injectable()
export class YearPipe implements PipeTransform<unknown, number> {
  transform(value: unknown, metadata: ArgumentMetadata): number {
    const field = metadata.data ?? 'year';
    const n = typeof value === 'string' && /^[0-9]{4}$/.test(value) ? Number(value) : NaN;
    if (!(n >= CALENDAR_YEAR_MIN && n <= CALENDAR_YEAR_MAX)) {
      throw validationFailed([
        {
          field,
          messages: [
            `${field} must be a year between ${CALENDAR_YEAR_MIN} and ${CALENDAR_YEAR_MAX}`,
          ],
        },
      ]);
    }
    return n;
  }
}

export const YearParam = new YearPipe();
