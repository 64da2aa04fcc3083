import type { CaseListQuery } from '../../../api/cases';

/** The list's filters live in the URL, so a link (from home, a saved view) opens the same list. */
type Kind = 'string' | 'number' | 'boolean' | 'list';
export const FILTER_FIELDS: Record<
  Exclude<keyof CaseListQuery, 'cursor' | 'limit' | 'total'>,
  Kind
> = {
  status: 'list',
  channel: 'string',
  source: 'string',
  sourceLevel: 'string',
  purpose: 'string',
  unitId: 'number',
  officerId: 'number',
  categoryCode: 'string',
  registeredFrom: 'string',
  registeredTo: 'string',
  provincialDueFrom: 'string',
  provincialDueTo: 'string',
  overdue: 'boolean',
  dueWithinDays: 'number',
  repeat: 'boolean',
  reviewStage: 'string',
  reviewKind: 'string',
  unassigned: 'boolean',
  finalMatch: 'boolean',
  awaitingEvaluation: 'boolean',
  idNumber: 'string',
  phone: 'string',
  name: 'string',
  keyword: 'string',
};

export function parseFilters(search: URLSearchParams): CaseListQuery {
  const q: Record<string, unknown> & CaseListQuery = {};
  for (const [key, kind] of Object.entries(FILTER_FIELDS)) {
    const raw = search.get(key);
    if (raw == null || raw === '') continue;
    if (kind === 'list') q[key] = raw.split(',').filter(Boolean);
    else if (kind === 'number') {
      const n = Number(raw);
      if (Number.isFinite(n)) q[key] = n;
    } else if (kind === 'boolean') {
      if (raw === 'true' || raw === 'false') q[key] = raw === 'true';
    } else q[key] = raw;
  }
  return q;
}

/** `?status=a,b&overdue=true`, keys in a stable order; empty values dropped. */
export function listSearch(query: CaseListQuery): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(FILTER_FIELDS)) {
    const v = (query as Record<string, string | number | boolean | string[] | undefined>)[key];
    if (v == null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    params.set(key, Array.isArray(v) ? v.join(',') : String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}
