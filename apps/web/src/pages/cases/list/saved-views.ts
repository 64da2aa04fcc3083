import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CaseListQuery } from '../../../api/cases';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type SavedView = components['schemas']['SavedViewResponse'];
type ViewFilter = components['schemas']['SavedViewFilterDto'];

/** What a view keeps: the filters, never a person's name, ID number or phone (the API refuses them). */
export function viewFilterOf(query: CaseListQuery): ViewFilter {
  const { idNumber: _id, phone: _phone, name: _name, cursor: _c, limit: _l, ...rest } = query;
  return rest;
}

/** The user's named filter sets, kept by the API (GET/POST/DELETE /me/saved-views). */
export function useSavedViews() {
  const queryClient = useQueryClient();
  const key = ['me', 'saved-views'];
  const views = useQuery({
    queryKey: key,
    queryFn: async () => unwrap(await api.GET('/api/v1/me/saved-views')),
  });
  const done = () => queryClient.invalidateQueries({ queryKey: key });
  const save = useMutation({
    mutationFn: async ({ name, query }: { name: string; query: CaseListQuery }) =>
      unwrap(
        await api.POST('/api/v1/me/saved-views', { body: { name, filter: viewFilterOf(query) } }),
      ),
    onSuccess: done,
  });
  const remove = useMutation({
    mutationFn: async (id: number) =>
      unwrap(await api.DELETE('/api/v1/me/saved-views/{id}', { params: { path: { id } } })),
    onSuccess: done,
  });
  return { views: views.data ?? [], save, remove };
}
