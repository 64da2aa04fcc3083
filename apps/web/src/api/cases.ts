import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { components, operations } from './schema';

export type CaseSummary = components['schemas']['CaseSummaryResponse'];
export type CaseDetail = components['schemas']['CaseResponse'];
export type CaseListQuery = NonNullable<operations['CasesController_list']['parameters']['query']>;

export const caseKeys = {
  all: ['cases'] as const,
  list: (q: CaseListQuery) => ['cases', 'list', q] as const,
  exactTotal: (q: CaseListQuery) => ['cases', 'exact-total', q] as const,
  detail: (id: number) => ['cases', 'detail', id] as const,
  timeline: (id: number) => ['cases', 'timeline', id] as const,
};

export const fetchCasePage = async (query: CaseListQuery) =>
  unwrap(await api.GET('/api/v1/cases', { params: { query } }));

export const useCase = (id: number) =>
  useQuery({
    queryKey: caseKeys.detail(id),
    queryFn: async () => unwrap(await api.GET('/api/v1/cases/{id}', { params: { path: { id } } })),
  });
