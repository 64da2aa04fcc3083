import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';
import { CALENDAR_YEAR_MAX, CALENDAR_YEAR_MIN, isLocalDate } from '@app/calendar';

/** A real calendar date written YYYY-MM-DD (2022-02-30 is refused, not stored). */
export const IsLocalDate = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isLocalDate',
      validator: {
        validate: (value: unknown) => isLocalDate(value),
        defaultMessage: () => '$property must be a real date written YYYY-MM-DD',
      },
    },
    options,
  );

/** Optional in a patch, but not nullable: `null` is validated (and refused) rather than skipped. */
export const IsOptionalNotNull = () =>
  ValidateIf((_: unknown, value: unknown) => value !== undefined);

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * An ISO 8601 date-time with a zone that exists on the calendar and the clock, in a year the
 * calendars cover; null for anything else. `Date.parse` alone turns 2022-02-30 into 2 March,
 * 123 into 1970 and year −1 into a date the database cannot store.
 */
export function parseDateTime(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const m = DATE_TIME.exec(value);
  if (!m || !isLocalDate(`${m[1]}-${m[2]}-${m[3]}`)) return null;
  const [hour, minute, second] = [m[4], m[5], m[6] ?? '0'].map(Number);
  if (hour > 23 || minute > 59 || second > 59) return null;
  if (m[7] !== undefined && (Number(m[7]) > 14 || Number(m[8]) > 59)) return null;
  const year = Number(m[1]);
  if (year < CALENDAR_YEAR_MIN || year > CALENDAR_YEAR_MAX) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * The one decorator of every date-time field: a string like 2024-03-01T09:30:00+08:00 becomes a
 * Date; a day or hour that does not exist, a number, a boolean, a missing zone or a year outside
 * 2000–2100 is a 400 naming the field.
 */
export const IsDateTime = (options?: ValidationOptions) =>
  applyDecorators(
    // Anything unparseable stays as sent, so the validator below refuses it by name.
    Transform(({ value }: { value: unknown }) => parseDateTime(value) ?? value),
    ValidateBy(
      {
        name: 'isDateTime',
        validator: {
          validate: (value: unknown) => value instanceof Date,
          defaultMessage: () =>
            `$property must be a real date-time with a time zone (e.g. 2024-03-01T09:30:00+08:00) between ${CALENDAR_YEAR_MIN} and ${CALENDAR_YEAR_MAX}`,
        },
      },
      options,
    ),
  );
