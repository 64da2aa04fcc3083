/** One page of a newest-first list: `next` is the id to read below, or null at the end. */
export interface KeysetPage<T> {
  entries: T[];
  next: number | null;
}

/** Every page of a newest-first keyset list, read as the caller consumes them. */
export async function* keysetPages<T>(
  read: (beforeId: number | undefined) => Promise<KeysetPage<T>>,
): AsyncGenerator<T[]> {
  let beforeId: number | undefined;
  do {
    const { entries, next } = await read(beforeId);
    if (entries.length) yield entries;
    beforeId = next ?? undefined;
  } while (beforeId !== undefined);
}
