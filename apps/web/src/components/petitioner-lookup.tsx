import { Alert, List, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { type CaseSummary, fetchCasePage } from '../api/cases';
import { api, unwrap } from '../api/client';
import { describeError } from '../api/errors';
import { CASE_STATUS, label } from '../lib/dictionary';
import { formatDate } from '../lib/time';

const ID_NUMBER = /^(\d{17}[\dXx]|[0-9A-Z]{18})$/;
const PHONE = /^\d{7,12}$/;

export interface LookupResult {
  cases: CaseSummary[];
  /** Earlier cases of the same matter (same category): the new one will be a 重件. */
  repeatOf: CaseSummary[];
  /** The same matter was made final by a re-review (信访工作条例 art. 35): not accepted again. */
  final: CaseSummary | null;
}

/** The API's rule: a 重件 is the same person with the same third-level category. */
export function lookupWarnings(cases: CaseSummary[], categoryCode?: string): LookupResult {
  const same = (c: CaseSummary) => !categoryCode || c.categoryCode === categoryCode;
  return {
    cases,
    repeatOf: cases.filter((c) => c.reviewKind == null && same(c)),
    final: cases.find((c) => c.reviewStage === 'final' && same(c)) ?? null,
  };
}

/** The lookup's key: a whole ID number, else a whole phone number, else nothing to ask yet. */
function lookupQuery(idNumber?: string, phone?: string) {
  const id = idNumber?.trim().toUpperCase();
  const tel = phone?.replace(/[\s-]/g, '');
  return id && ID_NUMBER.test(id)
    ? { idNumber: id }
    : tel && PHONE.test(tel)
      ? { phone: tel }
      : null;
}

/** What the bureau already has from this person, looked up by ID number or phone before saving. */
export function usePetitionerLookup(idNumber?: string, phone?: string) {
  const query = lookupQuery(idNumber, phone);
  return useQuery({
    queryKey: ['petitioner-lookup', query],
    enabled: query !== null,
    // Asked again each time: a case saved a minute ago must show.
    staleTime: 0,
    queryFn: async () => (await fetchCasePage({ ...query, limit: 20 })).items,
  });
}

/** The people found, each with the details they gave last (masked), newest first. */
function usePeopleFound(idNumber?: string, phone?: string) {
  const query = lookupQuery(idNumber, phone);
  return useQuery({
    queryKey: ['petitioner-lookup', 'people', query],
    enabled: query !== null,
    staleTime: 0,
    queryFn: async () =>
      unwrap(await api.POST('/api/v1/petitioners/lookup', { body: query! })).people,
  });
}

/** The person's newest name, phone and address, so the clerk sees what to confirm or update. */
function NewestDetails({ idNumber, phone, index }: Omit<Props, 'categoryCode'>) {
  const people = usePeopleFound(idNumber, phone);
  if (!people.data?.length) return null;
  return (
    <div data-testid={`lookup-person-${index}`}>
      {people.data.map((p) => (
        <Typography.Paragraph key={p.id} type="secondary" style={{ marginBottom: 4 }}>
          最近一次登记（{formatDate(p.givenAt)}）：{p.name}
          {p.phone ? `，电话 ${p.phone}` : ''}
          {p.address ? `，住址 ${p.address}` : ''}
          。如有变更，请按本次所述填写，原信访件保留当时的联系方式。
        </Typography.Paragraph>
      ))}
    </div>
  );
}

interface Props {
  idNumber?: string;
  phone?: string;
  categoryCode?: string;
  index: number;
}

export function PetitionerLookup({ idNumber, phone, categoryCode, index }: Props) {
  const lookup = usePetitionerLookup(idNumber, phone);
  if (lookup.fetchStatus === 'idle' && !lookup.data) return null;
  if (lookup.isFetching && !lookup.data)
    return <Typography.Text type="secondary">正在查询既往信访记录…</Typography.Text>;
  if (lookup.error)
    return (
      <Alert type="warning" showIcon message={`查询既往信访失败：${describeError(lookup.error)}`} />
    );
  if (!lookup.data) return null;
  const r = lookupWarnings(lookup.data, categoryCode);
  if (!r.cases.length)
    return (
      <Typography.Text type="secondary" data-testid={`lookup-none-${index}`}>
        未查到该信访人的既往信访件（初件）
      </Typography.Text>
    );
  return (
    <>
      <NewestDetails idNumber={idNumber} phone={phone} index={index} />
      <Alert
        type={r.final ? 'error' : r.repeatOf.length ? 'warning' : 'info'}
        showIcon
        data-testid={`lookup-warning-${index}`}
        message={
          r.final
            ? `终结事项：同一事项已复核终结（${r.final.caseNo}），不再受理`
            : r.repeatOf.length
              ? `重件提示：该信访人已有 ${r.repeatOf.length} 件${categoryCode ? '同类' : ''}信访件，登记后将认定为重件${categoryCode ? '' : '（选择内容分类后判断是否同一事项）'}`
              : `该信访人有 ${r.cases.length} 件其他内容的信访件（本件为初件）`
        }
        description={
          <List
            size="small"
            dataSource={r.cases}
            renderItem={(c) => (
              <List.Item>
                <Link to={`/cases/${c.id}`} target="_blank">
                  {c.caseNo}
                </Link>
                &nbsp;{c.title}&nbsp;
                <Tag>{label(CASE_STATUS, c.status)}</Tag>
                {c.reviewStage === 'final' && <Tag color="red">已终结</Tag>}
                <Typography.Text type="secondary">{formatDate(c.registeredAt)}</Typography.Text>
              </List.Item>
            )}
          />
        }
      />
    </>
  );
}
