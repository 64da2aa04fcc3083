import { useCallback, useState } from 'react';

export interface SavedView {
  name: string;
  search: string;
}

const keyFor = (userId: number) => `petitions.views.${userId}`;

function read(userId: number): SavedView[] {
  try {
    return JSON.parse(localStorage.getItem(keyFor(userId)) ?? '[]') as SavedView[];
  } catch {
    return [];
  }
}

/** A user's named filter sets, kept in this browser for that user. */
export function useSavedViews(userId: number) {
  const [views, setViews] = useState<SavedView[]>(() => read(userId));
  const write = useCallback(
    (next: SavedView[]) => {
      localStorage.setItem(keyFor(userId), JSON.stringify(next));
      setViews(next);
    },
    [userId],
  );
  const save = (name: string, search: string) =>
    write([...views.filter((v) => v.name !== name), { name, search }]);
  const remove = (name: string) => write(views.filter((v) => v.name !== name));
  return { views, save, remove };
}
