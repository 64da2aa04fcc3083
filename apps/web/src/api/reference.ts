import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { components } from './schema';

export type Category = components['schemas']['CategoryResponse'];
export type Unit = components['schemas']['UnitResponse'];

export interface CategoryNode {
  value: string;
  title: string;
  /** Only third-level categories are chosen for a case. */
  selectable: boolean;
  children?: CategoryNode[];
}

/** The three-level category list as a tree (first → second → third level). */
export function categoryTree(categories: Category[]): CategoryNode[] {
  const byParent = new Map<string | null, Category[]>();
  for (const c of categories) {
    const list = byParent.get(c.parentCode ?? null) ?? [];
    list.push(c);
    byParent.set(c.parentCode ?? null, list);
  }
  const build = (parent: string | null): CategoryNode[] =>
    (byParent.get(parent) ?? [])
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((c) => {
        const children = build(c.code);
        return {
          value: c.code,
          title: `${c.code} ${c.name}`,
          selectable: c.level === 3,
          ...(children.length ? { children } : {}),
        };
      });
  return build(null);
}

export const useCategories = () =>
  useQuery({
    queryKey: ['categories'],
    queryFn: async () => unwrap(await api.GET('/api/v1/categories')),
    staleTime: 10 * 60_000,
  });

export const useUnits = () =>
  useQuery({
    queryKey: ['units'],
    queryFn: async () => unwrap(await api.GET('/api/v1/units')),
    staleTime: 10 * 60_000,
  });

/** Category code → name, unit id → name, for showing stored codes. */
export function useNames() {
  const categories = useCategories();
  const units = useUnits();
  const categoryName = (code: string | null | undefined) => {
    if (!code) return '—';
    const c = categories.data?.find((x) => x.code === code);
    return c ? `${c.name}（${code}）` : code;
  };
  const unitName = (id: number | null | undefined) => {
    if (id == null) return '—';
    return units.data?.find((u) => u.id === id)?.name ?? `单位 #${id}`;
  };
  return { categoryName, unitName };
}
