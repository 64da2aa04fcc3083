/** Query strings arrive as text: 'true'/'false' become booleans, anything else is left to be refused. */
export const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

/** `a,b,c` in a query string becomes a list. */
export const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').filter(Boolean) : value;
