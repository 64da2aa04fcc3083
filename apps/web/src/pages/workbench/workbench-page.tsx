import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Badge, Button, Card, Form, Input, Modal, Space, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { type CaseListQuery, type CaseSummary, fetchCasePage } from '../../api/cases';
import { apiRequest } from '../../api/client';
import { describeError, isStaleVersion } from '../../api/errors';
import { openFile } from '../../api/upload';
import { useUser } from '../../app/auth';
import { CaseClockBadge } from '../../components/case-clock-badge';
import { ListTotalLine, type ListTotal } from '../../components/list-total';
import { CASE_STATUS, label } from '../../lib/dictionary';
import { applyFieldErrors } from '../../lib/form-errors';
import { formatDateTime } from '../../lib/time';

interface Lane {
  key: string;
  title: string;
  query: CaseListQuery;
}

/** My unit's cases by urgency (the API limits a unit handler's list to their unit). */
export const LANES: Lane[] = [
  { key: 'overdue', title: '已超期', query: { overdue: true } },
  { key: 'due-today', title: '今日到期', query: { dueWithinDays: 0 } },
  { key: 'due-soon', title: '3 日内到期', query: { dueWithinDays: 3 } },
  { key: 'new', title: '新到待受理', query: { status: ['transferred', 'assigned'] } },
  { key: 'handling', title: '办理中', query: { status: ['accepted'] } },
];

interface Letter {
  id: number;
  number: string;
  typeLabel: string;
  reasonLabel: string;
  requirements: string;
  status: string;
  statusLabel: string;
  replyDueDate: string;
  replyDueAt: string;
  overdue: boolean;
  caseIds: number[];
  version: number;
}

function useLane(lane: Lane) {
  return useQuery({
    queryKey: ['cases', 'workbench', lane.key],
    queryFn: () => fetchCasePage({ ...lane.query, limit: 100 }),
    refetchInterval: 60_000,
  });
}

function ObjectModal({ c, onClose }: { c: CaseSummary; onClose: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const [error, setError] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const submit = async () => {
    const { reason } = await form.validateFields();
    try {
      await apiRequest('POST', `/api/v1/cases/${c.id}/object`, {
        body: { version: c.version, reason },
      });
      void queryClient.invalidateQueries({ queryKey: ['cases'] });
      onClose();
    } catch (e) {
      if (!applyFieldErrors(form, e, ['reason'])) setError(describeError(e));
    }
  };
  return (
    <Modal
      open
      title={`对 ${c.caseNo} 提出异议`}
      onOk={() => void submit()}
      onCancel={onClose}
      okText="提出异议"
    >
      <Form form={form} layout="vertical">
        <Form.Item
          label="异议理由（不属于本单位职责等）"
          name="reason"
          rules={[{ required: true, message: '请填写异议理由' }]}
        >
          <Input.TextArea rows={3} data-testid="workbench-object-reason" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon message={error} />}
    </Modal>
  );
}

function LaneTable({ lane }: { lane: Lane }) {
  const q = useLane(lane);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [objecting, setObjecting] = useState<CaseSummary | null>(null);

  const accept = async (c: CaseSummary) => {
    try {
      await apiRequest('POST', `/api/v1/cases/${c.id}/accept`, { body: { version: c.version } });
      void message.success(`已受理 ${c.caseNo}`);
    } catch (e) {
      void message.error(isStaleVersion(e) ? '该件已有变动，已刷新列表' : describeError(e));
    } finally {
      void queryClient.invalidateQueries({ queryKey: ['cases'] });
    }
  };

  return (
    <>
      {q.error && <Alert type="error" message={describeError(q.error)} />}
      <Table<CaseSummary>
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: '无' }}
        columns={[
          {
            title: '编号',
            dataIndex: 'caseNo',
            render: (v: string, c) => (
              <Link to={`/cases/${c.id}`} data-testid={`workbench-case-${v}`}>
                {v}
              </Link>
            ),
          },
          { title: '标题', dataIndex: 'title', ellipsis: true },
          {
            title: '状态',
            dataIndex: 'status',
            render: (v: string) => <Tag>{label(CASE_STATUS, v)}</Tag>,
          },
          {
            title: '登记时间',
            dataIndex: 'registeredAt',
            render: (v: string) => formatDateTime(v),
          },
          {
            title: '最近期限',
            dataIndex: 'nextClock',
            render: (k: CaseSummary['nextClock']) =>
              k ? <CaseClockBadge kind={k.kind} dueAt={k.dueAt} /> : '—',
          },
          {
            title: '',
            key: 'act',
            render: (_v, c) =>
              c.status === 'transferred' || c.status === 'assigned' ? (
                <Space>
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => void accept(c)}
                    data-testid={`workbench-accept-${c.caseNo}`}
                  >
                    受理
                  </Button>
                  <Button
                    size="small"
                    danger
                    onClick={() => setObjecting(c)}
                    data-testid={`workbench-object-${c.caseNo}`}
                  >
                    异议
                  </Button>
                </Space>
              ) : c.status === 'accepted' ? (
                <Link to={`/cases/${c.id}`}>
                  <Button size="small" data-testid={`workbench-answer-${c.caseNo}`}>
                    答复
                  </Button>
                </Link>
              ) : null,
          },
        ]}
      />
      {objecting && <ObjectModal c={objecting} onClose={() => setObjecting(null)} />}
    </>
  );
}

function LaneLabel({ lane }: { lane: Lane }) {
  const q = useLane(lane);
  // The lane's total, not only the 100 rows its table shows.
  const n = q.data?.total?.value ?? q.data?.items.length ?? 0;
  return (
    <span data-testid={`lane-${lane.key}`}>
      {lane.title}{' '}
      <Badge
        count={q.data?.total?.exact === false ? `${n}+` : n}
        overflowCount={Number.MAX_SAFE_INTEGER}
        showZero
        color={
          lane.key === 'overdue' || lane.key === 'due-today'
            ? 'red'
            : lane.key === 'due-soon'
              ? 'orange'
              : 'blue'
        }
      />
    </span>
  );
}

function LetterReply({ letter, onClose }: { letter: Letter; onClose: () => void }) {
  const [form] = Form.useForm<{ text: string }>();
  const [error, setError] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const submit = async () => {
    const { text } = await form.validateFields();
    try {
      await apiRequest('POST', `/api/v1/supervision-letters/${letter.id}/reply`, {
        body: { version: letter.version, text },
      });
      void queryClient.invalidateQueries({ queryKey: ['letters'] });
      onClose();
    } catch (e) {
      if (!applyFieldErrors(form, e, ['text'])) setError(describeError(e));
    }
  };
  return (
    <Modal
      open
      title={`回复督办函 ${letter.number}`}
      onOk={() => void submit()}
      onCancel={onClose}
      okText="提交回复"
      width={640}
    >
      <Alert
        type="info"
        message={`督办要求：${letter.requirements}`}
        style={{ marginBottom: 12 }}
      />
      <Form form={form} layout="vertical">
        <Form.Item label="书面回复" name="text" rules={[{ required: true, message: '请填写回复' }]}>
          <Input.TextArea rows={6} data-testid="letter-reply-text" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon message={error} />}
    </Modal>
  );
}

function Letters({ unitId }: { unitId: number | null }) {
  const q = useQuery({
    queryKey: ['letters', 'unit', unitId],
    queryFn: () =>
      apiRequest<{ items: Letter[]; nextCursor: number | null; total: ListTotal | null }>(
        'GET',
        `/api/v1/supervision-letters?status=issued,received,returned${unitId ? `&unitId=${unitId}` : ''}`,
      ),
  });
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [replying, setReplying] = useState<Letter | null>(null);
  const receive = async (l: Letter) => {
    try {
      await apiRequest('POST', `/api/v1/supervision-letters/${l.id}/receive`, {
        body: { version: l.version },
      });
      void message.success(`已签收 ${l.number}`);
    } catch (e) {
      void message.error(describeError(e));
    } finally {
      void queryClient.invalidateQueries({ queryKey: ['letters'] });
    }
  };
  return (
    <>
      {q.error && <Alert type="error" message={describeError(q.error)} />}
      <ListTotalLine
        total={q.data?.total}
        loaded={q.data?.items.length ?? 0}
        more={q.data?.nextCursor != null}
        loading={q.isLoading}
      />
      <Table<Letter>
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: '无待办督办函' }}
        columns={[
          { title: '文号', dataIndex: 'number' },
          { title: '类型', dataIndex: 'typeLabel' },
          { title: '事由', dataIndex: 'reasonLabel' },
          { title: '状态', dataIndex: 'statusLabel' },
          {
            title: '回复期限',
            dataIndex: 'replyDueAt',
            render: (v: string) => (
              <CaseClockBadge kind="supervision_reply" dueAt={v} withKind={false} />
            ),
          },
          {
            title: '',
            key: 'act',
            render: (_v, l) => (
              <Space>
                <Button
                  size="small"
                  onClick={() => void openFile(`/api/v1/supervision-letters/${l.id}/document.pdf`)}
                >
                  查看
                </Button>
                {l.status === 'issued' && (
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => void receive(l)}
                    data-testid={`letter-receive-${l.id}`}
                  >
                    签收
                  </Button>
                )}
                {(l.status === 'received' || l.status === 'returned') && (
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => setReplying(l)}
                    data-testid={`letter-reply-${l.id}`}
                  >
                    回复
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {replying && <LetterReply letter={replying} onClose={() => setReplying(null)} />}
    </>
  );
}

export default function WorkbenchPage() {
  const user = useUser();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title="单位工作台">
        <Tabs
          items={LANES.map((lane) => ({
            key: lane.key,
            label: <LaneLabel lane={lane} />,
            children: <LaneTable lane={lane} />,
          }))}
        />
      </Card>
      <Card title="督办函（待签收、待回复）">
        <Letters unitId={user.unitId} />
      </Card>
      <Card title="消息">
        <Link to="/inbox">查看全部提醒与通知</Link>
      </Card>
    </Space>
  );
}
