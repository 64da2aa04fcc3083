import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Result,
  Row,
  Space,
  Table,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import { Link, useParams } from 'react-router';
import { type CaseDetail, caseKeys, useCase } from '../../../api/cases';
import { api, apiRequest, unwrap } from '../../../api/client';
import { ApiError, describeError } from '../../../api/errors';
import { useNames } from '../../../api/reference';
import type { components } from '../../../api/schema';
import { openFile } from '../../../api/upload';
import { CaseClockBadge } from '../../../components/case-clock-badge';
import { CaseNumberLink } from '../../../components/case-number-link';
import { PageLoading } from '../../../components/page-loading';
import {
  ANSWER_DECISION,
  CASE_STATUS,
  CHANNEL,
  CLOCK_KIND,
  CLOCK_STATUS,
  DELIVERY_METHOD,
  EVALUATION,
  EVENT_TYPE,
  label,
  PURPOSE,
  REVIEW_DECISION,
  REVIEW_KIND,
  REVIEW_STAGE,
  SOURCE,
  SOURCE_LEVEL,
} from '../../../lib/dictionary';
import { formatDate, formatDateTime } from '../../../lib/time';
import { AttachmentsCard } from './attachments-card';
import { CaseActions } from './case-actions';
import { NoticesCard } from './notices-card';
import { PetitionersCard } from './petitioners-card';

type Clock = components['schemas']['ClockResponse'];
type UpperDeadlineWarning = components['schemas']['UpperDeadlineWarningResponse'];

/** 上级办理期限 at risk: the handling clock ends after the day the upper office set, or that day has passed. */
function UpperDeadlineAlert({ warning }: { warning: UpperDeadlineWarning | null }) {
  if (!warning) return null;
  const clock = `${label(CLOCK_KIND, warning.clockKind)}（${warning.clockDueDate}）`;
  const message =
    warning.kind === 'passed'
      ? `已超过上级办理期限 ${warning.provincialDueDate}，${clock}仍未届满`
      : `${clock}晚于上级办理期限 ${warning.provincialDueDate}`;
  return (
    <Alert
      type={warning.kind === 'passed' ? 'error' : 'warning'}
      showIcon
      style={{ marginTop: 16 }}
      message={message}
      description="上级转送/交办机关要求在其期限内办结并报送结果，请按上级办理期限安排办理，必要时向上级说明情况。"
      data-testid="upper-deadline-warning"
    />
  );
}
type Hop = components['schemas']['HopResponse'];

interface Letter {
  id: number;
  number: string;
  typeLabel: string;
  reasonLabel: string;
  statusLabel: string;
  replyDueDate: string;
  replyDueAt: string;
  overdue: boolean;
  issuedAt: string;
  unitId: number;
}

/** A unit reads the bureau's people by role only (the API leaves the name out). */
const officerName = (o: CaseDetail['officer']) =>
  o ? (o.name ?? '信访局工作人员') : '待领取（尚无承办人）';

const FLAG_LABELS: Record<string, string> = {
  skipLevel: '越级',
  toBeijing: '进京',
  toProvince: '赴省',
  jointSigned: '联名',
  lawRelated: '涉法涉诉',
  confidentialAccuser: '检举人要求保密',
};

function Clocks({ clocks }: { clocks: Clock[] }) {
  return (
    <Table<Clock>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={clocks}
      data-testid="case-clocks"
      columns={[
        { title: '期限', dataIndex: 'kind', render: (v: string) => label(CLOCK_KIND, v) },
        {
          title: '状态',
          dataIndex: 'status',
          render: (v: string, k) => (
            <>
              {label(CLOCK_STATUS, v)}
              {k.late && (
                <Tag color="red" style={{ marginLeft: 4 }}>
                  超期
                </Tag>
              )}
            </>
          ),
        },
        { title: '起算', dataIndex: 'startedAt', render: (v: string) => formatDateTime(v) },
        {
          title: '到期日',
          dataIndex: 'dueDate',
          render: (v: string, k) => (
            <>
              {v}
              {k.provisional && (
                <Tooltip title="该年国务院节假日安排尚未载入，到期日暂按周末计算；管理员载入该年日历后自动重算">
                  <Tag color="orange" style={{ marginLeft: 4 }} data-testid="clock-provisional">
                    暂定
                  </Tag>
                </Tooltip>
              )}
            </>
          ),
        },
        { title: '延长', dataIndex: 'extendedDays', render: (v: number) => (v ? `${v} 日` : '—') },
        {
          title: '剩余',
          key: 'left',
          render: (_v, k) =>
            k.status === 'running' ? (
              <CaseClockBadge kind={k.kind} dueAt={k.dueAt} withKind={false} />
            ) : k.endedAt ? (
              `${formatDateTime(k.endedAt)} 结束`
            ) : (
              '—'
            ),
        },
      ]}
    />
  );
}

function Hops({ hops, unitName }: { hops: Hop[]; unitName: (id: number) => string }) {
  return (
    <Table<Hop>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={hops}
      locale={{ emptyText: '尚未转送或交办' }}
      columns={[
        {
          title: '方式',
          dataIndex: 'kind',
          render: (v: string) => (v === 'assignment' ? '交办' : '转送'),
        },
        { title: '责任单位', dataIndex: 'unitId', render: (v: number) => unitName(v) },
        { title: '发出', dataIndex: 'sentAt', render: (v: string) => formatDateTime(v) },
        { title: '受理', dataIndex: 'acceptedAt', render: (v: string | null) => formatDateTime(v) },
        {
          title: '异议',
          dataIndex: 'objectionReason',
          render: (v: string | null, h) => (v ? `${formatDateTime(h.objectedAt)}：${v}` : '—'),
        },
        { title: '报送期限', dataIndex: 'reportDueDate', render: (v: string | null) => v ?? '—' },
        { title: '报送', dataIndex: 'reportedAt', render: (v: string | null) => formatDateTime(v) },
      ]}
    />
  );
}

function CaseTimeline({ id }: { id: number }) {
  const q = useQuery({
    queryKey: caseKeys.timeline(id),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/cases/{id}/timeline', { params: { path: { id } } })),
  });
  if (q.error) return <Alert type="error" message={describeError(q.error)} />;
  if (!q.data) return <PageLoading />;
  return (
    <>
      {q.data.chainIntact ? (
        <Alert
          type="success"
          showIcon
          message="办理记录完整（哈希链校验通过）"
          style={{ marginBottom: 12 }}
          data-testid="chain-status"
        />
      ) : (
        <Alert
          type="error"
          showIcon
          message="办理记录校验失败：记录可能被篡改，请联系管理员"
          style={{ marginBottom: 12 }}
          data-testid="chain-status"
        />
      )}
      <Timeline
        items={q.data.events.map((e) => ({
          key: e.seq,
          children: (
            <>
              <Typography.Text strong>{formatDateTime(e.at)}</Typography.Text>{' '}
              {EVENT_TYPE[e.type] ?? `其他（${e.type}）`}
              {e.toStatus && (
                <Tag style={{ marginLeft: 8 }}>
                  {e.fromStatus ? `${label(CASE_STATUS, e.fromStatus)} → ` : ''}
                  {label(CASE_STATUS, e.toStatus)}
                </Tag>
              )}
            </>
          ),
        }))}
      />
    </>
  );
}

function Letters({ id, unitName }: { id: number; unitName: (id: number) => string }) {
  const q = useQuery({
    queryKey: ['cases', 'letters', id],
    queryFn: () =>
      apiRequest<Letter[] | { items: Letter[] }>('GET', `/api/v1/cases/${id}/supervision-letters`),
  });
  const items = Array.isArray(q.data) ? q.data : (q.data?.items ?? []);
  return (
    <Table<Letter>
      rowKey="id"
      size="small"
      pagination={false}
      loading={q.isLoading}
      dataSource={items}
      locale={{ emptyText: q.error ? describeError(q.error) : '无督办函' }}
      columns={[
        { title: '文号', dataIndex: 'number' },
        { title: '类型', dataIndex: 'typeLabel' },
        { title: '事由', dataIndex: 'reasonLabel' },
        { title: '单位', dataIndex: 'unitId', render: (v: number) => unitName(v) },
        {
          title: '状态',
          dataIndex: 'statusLabel',
          render: (v: string, l) => (
            <>
              {v}
              {l.overdue && (
                <Tag color="red" style={{ marginLeft: 4 }}>
                  逾期
                </Tag>
              )}
            </>
          ),
        },
        { title: '回复期限', dataIndex: 'replyDueDate' },
        {
          title: '',
          key: 'pdf',
          render: (_v, l) => (
            <Button
              size="small"
              onClick={() => void openFile(`/api/v1/supervision-letters/${l.id}/document.pdf`)}
            >
              督办函 PDF
            </Button>
          ),
        },
      ]}
    />
  );
}

function Links({ c }: { c: CaseDetail }) {
  return (
    <Space direction="vertical">
      {c.repeat && c.firstCase && (
        <span data-testid="case-first-case">
          重件，初件：
          <CaseNumberLink link={c.firstCase} />
        </span>
      )}
      {!c.repeat && <span>初件</span>}
      {c.originalCase && (
        <span data-testid="case-original-case">
          原信访件：
          <CaseNumberLink link={c.originalCase} />
        </span>
      )}
      {c.finalMatch && (
        <Alert
          type="error"
          showIcon
          message={
            <>
              登记时匹配到已终结事项{' '}
              <Link to={`/cases/${c.finalMatch.caseId}`}>{c.finalMatch.caseNo}</Link>，待承办人确认
            </>
          }
          description="确认后不再受理；不是同一事项的，说明理由排除匹配。处理之前不能转送、交办、移交或不予受理。"
          data-testid="final-match-alert"
        />
      )}
      {c.reviewChain.length > 0 && (
        <Table
          rowKey="caseId"
          size="small"
          pagination={false}
          dataSource={c.reviewChain}
          columns={[
            {
              title: '环节',
              dataIndex: 'kind',
              render: (v: string) => (v === 'original' ? '原信访件' : label(REVIEW_KIND, v)),
            },
            {
              title: '编号',
              dataIndex: 'caseNo',
              render: (v: string, m) => <Link to={`/cases/${m.caseId}`}>{v}</Link>,
            },
            { title: '状态', dataIndex: 'status', render: (v: string) => label(CASE_STATUS, v) },
            {
              title: '意见',
              dataIndex: 'decision',
              render: (v: string | null) => label(REVIEW_DECISION, v),
            },
            {
              title: '送达',
              dataIndex: 'deliveredAt',
              render: (v: string | null) => formatDateTime(v),
            },
          ]}
        />
      )}
    </Space>
  );
}

export default function CaseDetailPage() {
  const id = Number(useParams().id);
  const q = useCase(id);
  const { categoryName, unitName } = useNames();

  if (q.error) {
    const e = q.error;
    const forbidden = e instanceof ApiError && (e.status === 403 || e.status === 404);
    return (
      <Result
        status={forbidden ? '403' : 'error'}
        title={forbidden ? '无法查看该信访件' : '载入失败'}
        subTitle={forbidden ? '信访件不存在，或不在您的办理范围内。' : describeError(e)}
        extra={<Link to="/cases">返回列表</Link>}
        data-testid="case-forbidden"
      />
    );
  }
  const c = q.data;
  if (!c) return <PageLoading />;
  const flags = Object.entries(c.flags ?? {})
    .filter(([, v]) => v === true)
    .map(([k]) => FLAG_LABELS[k] ?? k);
  const answer = c.answer as {
    decision?: string;
    facts?: string;
    basis?: string;
    deliveryMethod?: string;
    deliveredAt?: string;
  } | null;

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={
          <Space>
            <span data-testid="case-no">{c.caseNo}</span>
            <Tag color="geekblue" data-testid="case-status">
              {label(CASE_STATUS, c.status)}
            </Tag>
            {c.repeat && <Tag color="purple">重件</Tag>}
            {c.reviewKind && <Tag color="blue">{label(REVIEW_KIND, c.reviewKind)}</Tag>}
            {c.reviewStage && <Tag>{label(REVIEW_STAGE, c.reviewStage)}</Tag>}
          </Space>
        }
        extra={
          (c.allowedActions ?? []).includes('receipt') && (
            <Button
              onClick={() => void openFile(`/api/v1/cases/${c.id}/receipt.pdf`)}
              data-testid="detail-print-receipt"
            >
              打印登记回执
            </Button>
          )
        }
      >
        <CaseActions c={c} />
        <UpperDeadlineAlert warning={c.upperDeadlineWarning ?? null} />
        <Descriptions size="small" column={3} style={{ marginTop: 16 }} bordered>
          <Descriptions.Item label="标题" span={3}>
            {c.title}
          </Descriptions.Item>
          <Descriptions.Item label="信访形式">{label(CHANNEL, c.channel)}</Descriptions.Item>
          <Descriptions.Item label="来源">{label(SOURCE, c.source)}</Descriptions.Item>
          <Descriptions.Item label="来源层级">
            {label(SOURCE_LEVEL, c.sourceLevel)}
          </Descriptions.Item>
          <Descriptions.Item label="登记时间">{formatDateTime(c.registeredAt)}</Descriptions.Item>
          <Descriptions.Item label="信访目的">{label(PURPOSE, c.purpose)}</Descriptions.Item>
          <Descriptions.Item label="内容分类">{categoryName(c.categoryCode)}</Descriptions.Item>
          <Descriptions.Item label="问题属地">{c.locality}</Descriptions.Item>
          <Descriptions.Item label="人数">
            {c.personCount}
            {c.collective ? '（集体访）' : ''}
          </Descriptions.Item>
          <Descriptions.Item label="责任单位">{unitName(c.responsibleUnitId)}</Descriptions.Item>
          <Descriptions.Item label="上级信访件编号">
            <span data-testid="case-external-ref">{c.externalRef ?? '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label="上级办理期限">
            <span data-testid="case-provincial-due-date">{c.provincialDueDate ?? '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label="承办人">
            <span data-testid="case-officer">{officerName(c.officer)}</span>
          </Descriptions.Item>
          <Descriptions.Item label="情形">
            {flags.length ? flags.join('、') : '—'}
          </Descriptions.Item>
          <Descriptions.Item label="已延期">{c.extensionUsed ? '是' : '否'}</Descriptions.Item>
          <Descriptions.Item label="办结时间">{formatDateTime(c.closedAt)}</Descriptions.Item>
          <Descriptions.Item label="满意度评价">
            {c.evaluation
              ? `${label(EVALUATION, c.evaluation)}（${formatDate(c.evaluatedAt)}）`
              : '—'}
          </Descriptions.Item>
          <Descriptions.Item label="信访内容" span={3}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
              {c.content}
            </Typography.Paragraph>
          </Descriptions.Item>
          {answer && (
            <Descriptions.Item label="处理意见书" span={3}>
              {label(ANSWER_DECISION, answer.decision)}；查明事实：{answer.facts}；处理依据：
              {answer.basis}；{label(DELIVERY_METHOD, answer.deliveryMethod)}{' '}
              {formatDateTime(answer.deliveredAt)}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <PetitionersCard c={c} />
      <Row gutter={16}>
        <Col span={14}>
          <Card title="办理期限" size="small">
            <Clocks clocks={c.clocks} />
          </Card>
        </Col>
        <Col span={10}>
          <Card title="关联" size="small">
            <Links c={c} />
          </Card>
        </Col>
      </Row>
      <Card title="转送交办" size="small">
        <Hops hops={c.hops} unitName={(u) => unitName(u)} />
      </Card>
      <AttachmentsCard c={c} />
      <NoticesCard caseId={c.id} />
      <Card title="督办函" size="small">
        <Letters id={c.id} unitName={(u) => unitName(u)} />
      </Card>
      <Card title="办理全过程" size="small">
        <CaseTimeline id={c.id} />
      </Card>
    </Space>
  );
}
