import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { components, operations } from './schema';

export type CaseSummary = components['schemas']['CaseSummaryResponse'];
export type CaseDetail = components['schemas']['CaseResponse'];
export type CaseListQuery = NonNullable<operations['CasesController_list']['parameters']['query']>;

export const caseKeys = {
  all: ['cases'] as const,
  list: (q: CaseListQuery) => ['cases', 'list', q] as const,
  detail: (id: number) => ['cases', 'detail', id] as const,
  timeline: (id: number) => ['cases', 'timeline', id] as const,
};

export const fetchCasePage = async (query: CaseListQuery) =>
  unwrap(await api.GET('/api/v1/cases', { params: { query } }));

/** How many cases match, up to `cap` (the list pages by keyset and does not count). */
export function useCaseCount(query: CaseListQuery, cap = 200) {
  return useQuery({
    queryKey: ['cases', 'count', query, cap],
    queryFn: async () => {
      const page = await fetchCasePage({ ...query, limit: cap });
      return { count: page.items.length, more: page.nextCursor != null };
    },
  });
}

export const useCase = (id: number) =>
  useQuery({
    queryKey: caseKeys.detail(id),
    queryFn: async () => unwrap(await api.GET('/api/v1/cases/{id}', { params: { path: { id } } })),
  });
