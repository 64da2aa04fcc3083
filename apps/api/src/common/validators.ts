import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsString, ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';
import { CALENDAR_YEAR_MAX, CALENDAR_YEAR_MIN, isLocalDate, shanghaiDate } from '@app/calendar';
import { checkIdNumber, ID_NUMBER_SHAPE, normalizePhone } from '@app/core';

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

/** Spaces around a code someone copied in (a case number) are not part of it. */
export const Trim = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

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

/** Control characters a text field never holds (a tab and line breaks are allowed in long text). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029]/;
const LINE_BREAK = /[\r\n\t]/;

/**
 * Text a person reads (a title, a name, a locality, a petition's content): a string that is not
 * blank once trimmed and holds no control characters; `multiline` text may hold line breaks
 * and tabs. Replaces `@IsString()` on such fields.
 */
export const IsText = (opts: { multiline?: boolean } = {}, options?: ValidationOptions) =>
  applyDecorators(
    IsString(options),
    ValidateBy(
      {
        name: opts.multiline ? 'isLongText' : 'isText',
        validator: {
          validate: (value: unknown) =>
            typeof value !== 'string' ||
            (value.trim().length > 0 &&
              !CONTROL.test(value) &&
              (opts.multiline === true || !LINE_BREAK.test(value))),
          defaultMessage: () =>
            opts.multiline
              ? '$property must not be blank or hold control characters'
              : '$property must be one line of text, not blank, without control characters',
        },
      },
      options,
    ),
  );

/**
 * An ID number (证件号码): an 18-digit resident number with its check digit and birth date, an
 * old 15-digit one, or a unified social credit code. A number that fails is accepted only when
 * the clerk has marked it unverified with a reason (`idUnverifiedReason` beside it).
 */
export const IsIdNumber = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isIdNumber',
      validator: {
        validate: (value: unknown, args) => {
          if (typeof value !== 'string' || !ID_NUMBER_SHAPE.test(value.trim())) return false;
          if (checkIdNumber(value, shanghaiDate(new Date())).ok) return true;
          const reason = (args?.object as { idUnverifiedReason?: unknown }).idUnverifiedReason;
          return typeof reason === 'string' && reason.trim().length > 0;
        },
        defaultMessage: (args) => {
          const value: unknown = args?.value;
          if (typeof value !== 'string' || !ID_NUMBER_SHAPE.test(value.trim()))
            return '证件号码须为 18 位或 15 位身份证号，或 18 位统一社会信用代码';
          const checked = checkIdNumber(value, shanghaiDate(new Date()));
          const why = checked.ok ? '' : checked.reason;
          return `证件号码未通过核验：${why}。如核对无误仍须登记，请勾选“号码未核验”并填写原因`;
        },
      },
    },
    options,
  );

/** A mobile number or a landline with its area code (written one way when stored). */
export const IsPhoneNumber = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isPhoneNumber',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && normalizePhone(value) !== null,
        defaultMessage: () => '$property must be a mobile number or a landline with its area code',
      },
    },
    options,
  );
