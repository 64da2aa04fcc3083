import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { components, operations } from './schema';

export type CaseSummary = components['schemas']['CaseSummaryResponse'];
export type CaseDetail = components['schemas']['CaseResponse'];
export type CaseListQuery = NonNullable<operations['CasesController_list']['parameters']['query']>;

export const caseKeys = {
  all: ['cases'] as const,
  list: (q: CaseListQuery) => ['cases', 'list', q] as const,
  count: (q: CaseListQuery) => ['cases', 'count', q] as const,
  detail: (id: number) => ['cases', 'detail', id] as const,
  timeline: (id: number) => ['cases', 'timeline', id] as const,
};

export const fetchCasePage = async (query: CaseListQuery) =>
  unwrap(await api.GET('/api/v1/cases', { params: { query } }));

/** The list's filters without paging: how many cases they find for the caller. */
export type CaseCountQuery = NonNullable<
  operations['CasesController_count']['parameters']['query']
>;

/**
 * `capped`: the count stopped at the server's cap (CASE_COUNT_CAP), there are at least `total`;
 * `total` null: the server gave up counting (CASE_COUNT_TIME_LIMIT_MS), the list still pages.
 */
export type CaseCount = { total: number | null; capped: boolean };

export const fetchCaseCount = async (query: CaseCountQuery): Promise<CaseCount> =>
  unwrap(await api.GET('/api/v1/cases/count', { params: { query } }));

export const useCase = (id: number) =>
  useQuery({
    queryKey: caseKeys.detail(id),
    queryFn: async () => unwrap(await api.GET('/api/v1/cases/{id}', { params: { path: { id } } })),
  });
