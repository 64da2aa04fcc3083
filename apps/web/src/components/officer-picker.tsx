import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { label, ROLE } from '../lib/dictionary';

export type CaseOfficer = components['schemas']['CaseOfficerResponse'];

export const caseOfficersKey = ['case-officers'] as const;

/** Each person the API accepts as 承办人, by name and role. */
export const officerOptions = (officers: CaseOfficer[]) =>
  officers.map((o) => ({ value: o.id, label: `${o.name}（${label(ROLE, o.role)}）` }));

interface Props {
  value?: number;
  onChange?: (id: number) => void;
  'data-testid'?: string;
  'aria-label'?: string;
}

/** Picks the 承办人 from the bureau's active staff (GET /case-officers), searchable by name. */
export function OfficerPicker(props: Props) {
  const officers = useQuery({
    queryKey: caseOfficersKey,
    queryFn: async () => unwrap(await api.GET('/api/v1/case-officers')),
    staleTime: 60_000,
  });
  return (
    <Select
      {...props}
      showSearch
      optionFilterProp="label"
      placeholder="选择承办人"
      loading={officers.isLoading}
      options={officerOptions(officers.data ?? [])}
    />
  );
}
