import { DownloadOutlined, SaveOutlined, SearchOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Row,
  Select,
  Space,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { caseKeys, type CaseListQuery, type CaseSummary, fetchCasePage } from '../../../api/cases';
import { ListTotalLine, totalText, type ListTotal } from '../../../components/list-total';
import { authFetch } from '../../../api/client';
import { ApiError, describeError } from '../../../api/errors';
import { categoryTree, useCategories, useNames, useUnits } from '../../../api/reference';
import { CaseClockBadge } from '../../../components/case-clock-badge';
import {
  CASE_STATUS,
  CHANNEL,
  label,
  options,
  PURPOSE,
  REVIEW_KIND,
  REVIEW_STAGE,
  SOURCE,
  SOURCE_LEVEL,
} from '../../../lib/dictionary';
import { dayjs, formatDateTime, ZONE } from '../../../lib/time';
import { testId } from '../../../lib/test-id';
import { listSearch, parseFilters } from './list-filters';
import { useSavedViews } from './saved-views';

const PAGE = 50;

interface FilterValues extends Omit<
  CaseListQuery,
  | 'registeredFrom'
  | 'registeredTo'
  | 'provincialDueFrom'
  | 'provincialDueTo'
  | 'repeat'
  | 'overdue'
  | 'finalMatch'
  | 'awaitingEvaluation'
> {
  registered?: [Dayjs | null, Dayjs | null];
  provincialDue?: [Dayjs | null, Dayjs | null];
  repeat?: 'true' | 'false';
  overdue?: 'true';
  finalMatch?: 'true';
  awaitingEvaluation?: 'true';
}

const YES_NO = (yes: string, no?: string) =>
  [{ value: 'true', label: yes }, ...(no ? [{ value: 'false', label: no }] : [])] as {
    value: string;
    label: string;
  }[];

function toQuery(v: FilterValues): CaseListQuery {
  const [from, to] = v.registered ?? [];
  const [dueFrom, dueTo] = v.provincialDue ?? [];
  const q: CaseListQuery = {
    ...v,
    registeredFrom: from ? dayjs.tz(from.format('YYYY-MM-DD'), ZONE).toISOString() : undefined,
    // Up to the end of the chosen Shanghai day.
    registeredTo: to
      ? dayjs.tz(to.format('YYYY-MM-DD'), ZONE).add(1, 'day').toISOString()
      : undefined,
    // 上级办理期限 is a calendar day: the days picked, both included.
    provincialDueFrom: dueFrom ? dueFrom.format('YYYY-MM-DD') : undefined,
    provincialDueTo: dueTo ? dueTo.format('YYYY-MM-DD') : undefined,
    repeat: v.repeat === undefined ? undefined : v.repeat === 'true',
    overdue: v.overdue === 'true' ? true : undefined,
    finalMatch: v.finalMatch === 'true' ? true : undefined,
    awaitingEvaluation: v.awaitingEvaluation === 'true' ? true : undefined,
  };
  delete (q as { registered?: unknown }).registered;
  delete (q as { provincialDue?: unknown }).provincialDue;
  return q;
}

function toValues(q: CaseListQuery): FilterValues {
  return {
    ...q,
    registered:
      q.registeredFrom || q.registeredTo
        ? [
            q.registeredFrom ? dayjs(q.registeredFrom).tz(ZONE) : null,
            q.registeredTo ? dayjs(q.registeredTo).tz(ZONE).subtract(1, 'day') : null,
          ]
        : undefined,
    provincialDue:
      q.provincialDueFrom || q.provincialDueTo
        ? [
            q.provincialDueFrom ? dayjs(q.provincialDueFrom) : null,
            q.provincialDueTo ? dayjs(q.provincialDueTo) : null,
          ]
        : undefined,
    repeat: q.repeat === undefined ? undefined : q.repeat ? 'true' : 'false',
    overdue: q.overdue ? 'true' : undefined,
    finalMatch: q.finalMatch ? 'true' : undefined,
    awaitingEvaluation: q.awaitingEvaluation ? 'true' : undefined,
  };
}

/** `total`: how many cases the filters find (the list's total), null while unknown. */
function ExportButton({ query, total }: { query: CaseListQuery; total?: ListTotal | null }) {
  const { modal, message } = App.useApp();
  const [progress, setProgress] = useState<number | null>(null);
  const [form] = Form.useForm<{ reason: string }>();

  const run = async (reason: string) => {
    setProgress(0);
    try {
      const params = new URLSearchParams(listSearch(query).slice(1));
      params.set('reason', reason);
      const res = await authFetch(new Request(`/api/v1/cases/export?${params.toString()}`));
      if (!res.ok) throw ApiError.from(res.status, await res.json().catch(() => undefined));
      const total = Number(res.headers.get('content-length') ?? 0);
      const reader = res.body!.getReader();
      const chunks: Uint8Array[] = [];
      let got = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        got += value.length;
        setProgress(total ? Math.round((got / total) * 100) : Math.min(95, (progress ?? 0) + 5));
      }
      setProgress(100);
      const url = URL.createObjectURL(new Blob(chunks as BlobPart[]));
      const a = document.createElement('a');
      a.href = url;
      a.download = `信访件-${dayjs().tz(ZONE).format('YYYYMMDD-HHmm')}.xlsx`;
      a.click();
      URL.revokeObjectURL(url);
      void message.success('已导出（已记入导出日志）');
    } catch (e) {
      void message.error(describeError(e));
    } finally {
      setTimeout(() => setProgress(null), 1500);
    }
  };

  const ask = () =>
    modal.confirm({
      title: '导出 Excel',
      icon: <DownloadOutlined />,
      content: (
        <Form form={form} layout="vertical" preserve={false}>
          <Typography.Paragraph type="secondary">
            按当前筛选条件导出{total ? totalText(total, '件') : ''}
            ；个人信息脱敏。导出人、时间、条件和事由记入导出日志。
          </Typography.Paragraph>
          <Form.Item
            label="导出事由"
            name="reason"
            rules={[{ required: true, min: 2, message: '请填写导出事由' }]}
          >
            <Input data-testid="export-reason" autoFocus />
          </Form.Item>
        </Form>
      ),
      okText: '导出',
      okButtonProps: testId('export-confirm'),
      onOk: async () => {
        const { reason } = await form.validateFields();
        void run(reason);
      },
    });

  return (
    <Space>
      <Button icon={<DownloadOutlined />} onClick={() => void ask()} data-testid="list-export">
        导出 Excel
      </Button>
      {progress !== null && (
        <Progress
          percent={progress}
          size="small"
          style={{ width: 120 }}
          data-testid="export-progress"
        />
      )}
    </Space>
  );
}

export default function CaseListPage() {
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => parseFilters(params), [params]);
  const [form] = Form.useForm<FilterValues>();
  const categories = useCategories();
  const units = useUnits();
  const { categoryName, unitName } = useNames();
  const { views, save, remove } = useSavedViews();
  const [naming, setNaming] = useState(false);
  const [viewName, setViewName] = useState('');
  const tree = useMemo(
    () =>
      categoryTree(categories.data ?? []).map(function all(n): ReturnType<
        typeof categoryTree
      >[number] {
        return { ...n, selectable: true, children: n.children?.map(all) };
      }),
    [categories.data],
  );

  const list = useInfiniteQuery({
    queryKey: ['cases', 'list', query],
    // The first page brings the total; the pages after it skip counting.
    queryFn: ({ pageParam }) =>
      fetchCasePage({
        ...query,
        limit: PAGE,
        cursor: pageParam,
        total: pageParam === undefined ? 'estimate' : 'none',
      }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows: CaseSummary[] = list.data?.pages.flatMap((p) => p.items) ?? [];
  // Above the server's limit the total is an estimate; 精确统计 counts every case once asked.
  const [exactFor, setExactFor] = useState<string | null>(null);
  const exactAsked = exactFor === params.toString();
  const exact = useQuery({
    queryKey: caseKeys.exactTotal(query),
    queryFn: async () => (await fetchCasePage({ ...query, limit: 1, total: 'exact' })).total,
    enabled: exactAsked,
  });
  const listTotal = list.data?.pages[0]?.total;
  const total = (exactAsked && exact.data) || listTotal;
  const apply = (v: FilterValues) =>
    setParams(new URLSearchParams(listSearch(toQuery(v)).slice(1)));
  const unitOptions = (units.data ?? []).map((u) => ({ value: u.id, label: u.name }));

  return (
    <Card title="信访件">
      <Form<FilterValues>
        form={form}
        layout="vertical"
        initialValues={toValues(query)}
        key={params.toString()}
        onFinish={apply}
        size="small"
      >
        <Row gutter={12}>
          <Col span={5}>
            <Form.Item label="关键词" name="keyword">
              <Input
                placeholder="标题、内容、编号、上级信访件编号"
                allowClear
                data-testid="filter-keyword"
              />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item label="信访人姓名" name="name" tooltip="须输入全名，精确匹配">
              <Input allowClear placeholder="全名" data-testid="filter-name" />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item label="信访人身份证号" name="idNumber">
              <Input allowClear data-testid="filter-id-number" />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item label="信访人电话" name="phone">
              <Input allowClear data-testid="filter-phone" />
            </Form.Item>
          </Col>
          <Col span={7}>
            <Form.Item label="状态" name="status">
              <Select
                mode="multiple"
                allowClear
                options={options(CASE_STATUS)}
                data-testid="filter-status"
                aria-label="状态"
              />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item label="信访形式" name="channel">
              <Select
                allowClear
                options={options(CHANNEL)}
                data-testid="filter-channel"
                aria-label="信访形式"
              />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item label="来源" name="source">
              <Select
                allowClear
                options={options(SOURCE)}
                data-testid="filter-source"
                aria-label="来源"
              />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item label="来源层级" name="sourceLevel">
              <Select
                allowClear
                options={options(SOURCE_LEVEL)}
                data-testid="filter-source-level"
                aria-label="来源层级"
              />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item label="信访目的" name="purpose">
              <Select
                allowClear
                options={options(PURPOSE)}
                data-testid="filter-purpose"
                aria-label="信访目的"
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="责任单位" name="unitId">
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                options={unitOptions}
                data-testid="filter-unit"
                aria-label="责任单位"
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="内容分类" name="categoryCode">
              <TreeSelect
                allowClear
                showSearch
                treeData={tree}
                treeNodeFilterProp="title"
                data-testid="filter-category"
                aria-label="内容分类"
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="登记日期" name="registered">
              <DatePicker.RangePicker
                allowEmpty={[true, true]}
                style={{ width: '100%' }}
                data-testid="filter-registered"
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="上级办理期限" name="provincialDue">
              <DatePicker.RangePicker
                allowEmpty={[true, true]}
                style={{ width: '100%' }}
                data-testid="filter-provincial-due"
              />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item label="超期" name="overdue">
              <Select
                allowClear
                options={YES_NO('已超期')}
                data-testid="filter-overdue"
                aria-label="超期"
              />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item label="N 日内到期" name="dueWithinDays">
              <InputNumber
                min={0}
                max={365}
                style={{ width: '100%' }}
                data-testid="filter-due-within"
              />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item label="初件/重件" name="repeat">
              <Select
                allowClear
                options={YES_NO('重件', '初件')}
                data-testid="filter-repeat"
                aria-label="初件/重件"
              />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item label="复查复核阶段" name="reviewStage">
              <Select
                allowClear
                options={[...options(REVIEW_STAGE), { value: 'none', label: '未申请复查' }]}
                data-testid="filter-review-stage"
                aria-label="复查复核阶段"
              />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item label="复查/复核件" name="reviewKind">
              <Select
                allowClear
                options={options(REVIEW_KIND)}
                data-testid="filter-review-kind"
                aria-label="复查/复核件"
              />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item label="终结匹配待确认" name="finalMatch">
              <Select
                allowClear
                options={YES_NO('待确认')}
                data-testid="filter-final-match"
                aria-label="终结匹配待确认"
              />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item label="待录入评价" name="awaitingEvaluation">
              <Select
                allowClear
                options={YES_NO('已答复未评价')}
                data-testid="filter-awaiting-evaluation"
                aria-label="待录入评价"
              />
            </Form.Item>
          </Col>
        </Row>
        <Space wrap>
          <Button
            type="primary"
            htmlType="submit"
            icon={<SearchOutlined />}
            data-testid="filter-submit"
          >
            查询
          </Button>
          <Button onClick={() => setParams(new URLSearchParams())} data-testid="filter-reset">
            清空条件
          </Button>
          <Select
            placeholder="我的视图"
            style={{ width: 180 }}
            value={null}
            options={views.map((v) => ({ value: v.id, label: v.name }))}
            onChange={(id: number) => {
              const v = views.find((x) => x.id === id);
              if (v) setParams(new URLSearchParams(listSearch(v.filter).slice(1)));
            }}
            data-testid="saved-views"
            aria-label="我的视图"
          />
          <Button icon={<SaveOutlined />} onClick={() => setNaming(true)} data-testid="view-save">
            保存为视图
          </Button>
          {views.length > 0 && (
            <Select
              placeholder="删除视图"
              style={{ width: 140 }}
              value={null}
              options={views.map((v) => ({ value: v.id, label: v.name }))}
              onChange={(id: number) => remove.mutate(id)}
              aria-label="删除视图"
            />
          )}
          <ExportButton query={query} total={total} />
        </Space>
      </Form>
      <Modal
        title="保存当前筛选为视图"
        open={naming}
        onCancel={() => setNaming(false)}
        confirmLoading={save.isPending}
        onOk={() => {
          if (!viewName.trim()) return;
          save.mutate(
            { name: viewName.trim(), query },
            {
              onSuccess: () => {
                setNaming(false);
                setViewName('');
              },
            },
          );
        }}
        okButtonProps={testId('view-save-confirm')}
      >
        {save.error && (
          <Alert
            type="error"
            showIcon
            message={describeError(save.error)}
            style={{ marginBottom: 8 }}
          />
        )}
        {(query.idNumber || query.phone || query.name) && (
          <Typography.Paragraph type="secondary">
            视图不保存姓名、身份证号、电话检索条件。
          </Typography.Paragraph>
        )}
        <Input
          value={viewName}
          onChange={(e) => setViewName(e.target.value)}
          placeholder="视图名称"
          aria-label="视图名称"
          data-testid="view-name"
        />
      </Modal>
      {list.error && (
        <Alert
          type="error"
          showIcon
          message={describeError(list.error)}
          style={{ marginTop: 16 }}
        />
      )}
      <ListTotalLine
        total={total}
        loaded={rows.length}
        more={list.hasNextPage}
        loading={list.isLoading}
        unit="件"
        onExact={() => setExactFor(params.toString())}
        counting={exact.isFetching}
      />
      <Table<CaseSummary>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={rows}
        pagination={false}
        data-testid="case-table"
        columns={[
          {
            title: '编号',
            dataIndex: 'caseNo',
            render: (no: string, c) => (
              <Link to={`/cases/${c.id}`} data-testid={`case-link-${c.caseNo}`}>
                {no}
              </Link>
            ),
          },
          { title: '标题', dataIndex: 'title', ellipsis: true },
          {
            title: '状态',
            dataIndex: 'status',
            render: (s: string, c) => (
              <Space size={2}>
                <Tag>{label(CASE_STATUS, s)}</Tag>
                {c.repeat && <Tag color="purple">重件</Tag>}
                {c.reviewKind && <Tag color="blue">{label(REVIEW_KIND, c.reviewKind)}</Tag>}
                {c.finalMatchCaseId && <Tag color="red">终结匹配</Tag>}
              </Space>
            ),
          },
          {
            title: '形式',
            dataIndex: 'channel',
            render: (v: string) => label(CHANNEL, v),
            width: 70,
          },
          {
            title: '分类',
            dataIndex: 'categoryCode',
            render: (v: string) => categoryName(v),
            ellipsis: true,
          },
          {
            title: '信访人',
            dataIndex: 'firstPetitionerName',
            render: (v: string | null) => v ?? '—',
            width: 90,
          },
          {
            title: '责任单位',
            dataIndex: 'responsibleUnitId',
            render: (v: number | null) => unitName(v),
            ellipsis: true,
          },
          {
            title: '登记时间',
            dataIndex: 'registeredAt',
            render: (v: string) => formatDateTime(v),
            width: 140,
          },
          {
            title: '上级期限',
            dataIndex: 'provincialDueDate',
            render: (v: string | null) => v ?? '—',
            width: 100,
          },
          {
            title: '最近期限',
            dataIndex: 'nextClock',
            render: (k: CaseSummary['nextClock']) =>
              k ? <CaseClockBadge kind={k.kind} dueAt={k.dueAt} /> : '—',
          },
        ]}
      />
      {list.hasNextPage && (
        <Button
          block
          style={{ marginTop: 8 }}
          loading={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
          data-testid="list-more"
        >
          加载更多
        </Button>
      )}
    </Card>
  );
}
