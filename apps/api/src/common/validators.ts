import { ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';
import { isLocalDate } from '@app/calendar';

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
