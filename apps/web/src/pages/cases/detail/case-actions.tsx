import { InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Select,
  Space,
  Switch,
  Upload,
  type UploadFile,
} from 'antd';
import type { ReactNode } from 'react';
import { useRef, useState } from 'react';
import { type CaseDetail, caseKeys } from '../../../api/cases';
import { api, apiRequest, unwrap } from '../../../api/client';
import { describeError, isStaleVersion } from '../../../api/errors';
import { useUnits } from '../../../api/reference';
import type { components } from '../../../api/schema';
import { uploadFile } from '../../../api/upload';
import { CasePicker } from '../../../components/case-picker';
import { OfficerPicker } from '../../../components/officer-picker';
import {
  ANSWER_DECISION,
  CHANNEL,
  DELIVERY_METHOD,
  EVALUATION,
  NOT_ACCEPT_ROUTE,
  options,
  REFER_TARGET,
  REVIEW_DECISION,
} from '../../../lib/dictionary';
import { applyFieldErrors } from '../../../lib/form-errors';
import { testId } from '../../../lib/test-id';
import { dayjs, nowAsShown, pickedInstant, shanghaiDay } from '../../../lib/time';

export type CaseCommand = components['schemas']['CaseCommand'];

interface ActionDef {
  label: string;
  /** Under /api/v1/cases/{id}/ */
  path: string;
  danger?: boolean;
  /** The form's fields; none: a confirmation. */
  fields?: (ctx: {
    units: { value: number; label: string }[];
    caseId: number;
    c: CaseDetail;
  }) => ReactNode;
  /** Form values → body (version is added). */
  body?: (v: Record<string, unknown>) => Record<string, unknown>;
  /** Files to upload before the action (answer with attachments). */
  files?: boolean;
}

const iso = (v: unknown) => (v && dayjs.isDayjs(v) ? pickedInstant(v) : undefined);
const req = (message: string) => [{ required: true, message }];
const text = (name: string, l: string, rows = 3) => (
  <Form.Item key={name} label={l} name={name} rules={req(`请填写${l}`)}>
    <Input.TextArea rows={rows} data-testid={`action-field-${name}`} />
  </Form.Item>
);
const select = (name: string, l: string, opts: { value: string; label: string }[]) => (
  <Form.Item key={name} label={l} name={name} rules={req(`请选择${l}`)}>
    <Select options={opts} data-testid={`action-field-${name}`} aria-label={l} />
  </Form.Item>
);
const when = (name: string, l: string) => (
  <Form.Item key={name} label={l} name={name} rules={req(`请选择${l}`)} initialValue={nowAsShown()}>
    <DatePicker
      showTime
      format="YYYY-MM-DD HH:mm"
      style={{ width: '100%' }}
      data-testid={`action-field-${name}`}
    />
  </Form.Item>
);
const unit = (units: { value: number; label: string }[]) => (
  <Form.Item key="unitId" label="责任单位" name="unitId" rules={req('请选择责任单位')}>
    <Select
      showSearch
      optionFilterProp="label"
      options={units}
      data-testid="action-field-unitId"
      aria-label="责任单位"
    />
  </Form.Item>
);

/**
 * Every action the case detail offers, by the API's command name. Which are shown is the API's
 * `allowedActions` for this user and status: the console never decides that itself.
 */
export const CASE_ACTIONS: Partial<Record<CaseCommand, ActionDef>> = {
  transfer: {
    label: '转送',
    path: 'transfer',
    fields: ({ units }) => [
      unit(units),
      <Form.Item key="i" label="转送意见" name="instructions">
        <Input.TextArea rows={2} data-testid="action-field-instructions" />
      </Form.Item>,
    ],
  },
  assign: {
    label: '交办',
    path: 'assign',
    fields: ({ units }) => [
      unit(units),
      <Form.Item key="d" label="报送期限" name="reportDueDate" rules={req('请选择报送期限')}>
        <DatePicker style={{ width: '100%' }} data-testid="action-field-reportDueDate" />
      </Form.Item>,
      <Form.Item key="i" label="交办意见" name="instructions">
        <Input.TextArea rows={2} data-testid="action-field-instructions" />
      </Form.Item>,
    ],
    body: (v) => ({
      ...v,
      reportDueDate: dayjs.isDayjs(v.reportDueDate)
        ? v.reportDueDate.format('YYYY-MM-DD')
        : undefined,
    }),
  },
  refer: {
    label: '移交',
    path: 'refer',
    fields: () => [select('to', '移交至', options(REFER_TARGET)), text('reason', '移交理由')],
  },
  not_accept: {
    label: '不予受理',
    path: 'not-accept',
    danger: true,
    fields: () => [
      select('route', '告知途径', options(NOT_ACCEPT_ROUTE)),
      text('reason', '不予受理理由'),
    ],
  },
  accept: { label: '受理', path: 'accept' },
  object: {
    label: '提出异议',
    path: 'object',
    danger: true,
    fields: () => [text('reason', '异议理由')],
  },
  extend: {
    label: '延期',
    path: 'extend',
    fields: () => [
      <Form.Item key="days" label="延长天数（不超过 30 日）" name="days" rules={req('请填写天数')}>
        <InputNumber min={1} max={30} data-testid="action-field-days" />
      </Form.Item>,
      text('reason', '延期理由'),
    ],
  },
  answer: {
    label: '答复（处理意见书）',
    path: 'answer',
    files: true,
    fields: () => [
      select('decision', '处理意见', options(ANSWER_DECISION)),
      text('facts', '查明事实', 4),
      text('basis', '处理依据', 3),
      select('deliveryMethod', '送达方式', options(DELIVERY_METHOD)),
      when('deliveredAt', '送达时间'),
    ],
    body: (v) => ({ ...v, deliveredAt: iso(v.deliveredAt) }),
  },
  report: {
    label: '报送办理结果',
    path: 'report',
    fields: () => [text('report', '办理结果报告', 5)],
  },
  close: { label: '办结', path: 'close' },
  evaluate: {
    label: '录入评价',
    path: 'evaluate',
    fields: () => [
      select(
        'evaluation',
        '满意度',
        options(EVALUATION).filter((o) => o.value !== 'lapsed'),
      ),
    ],
  },
  request_review: {
    label: '登记复查/复核申请',
    path: 'review-request',
    fields: () => [
      select('channel', '申请方式', options(CHANNEL)),
      when('receivedAt', '收到申请时间'),
      text('reasons', '申请的事实和理由'),
      <Form.Item
        key="l"
        label="超期申请仍予受理的正当理由（超过 30 日时必填）"
        name="lateJustification"
      >
        <Input.TextArea rows={2} data-testid="action-field-lateJustification" />
      </Form.Item>,
    ],
    body: (v) => ({ ...v, receivedAt: iso(v.receivedAt) }),
  },
  decide_review: {
    label: '录入复查/复核意见',
    path: 'review-decision',
    fields: ({ units }) => [
      select('decision', '意见', options(REVIEW_DECISION)),
      text('reasons', '意见理由'),
      <Form.Item key="u" label="作出意见的机关" name="decisionUnitId">
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          options={units}
          data-testid="action-field-decisionUnitId"
          aria-label="作出意见的机关"
        />
      </Form.Item>,
      <Form.Item key="b" label="机关名称（无对应单位时填写）" name="decisionBody">
        <Input data-testid="action-field-decisionBody" />
      </Form.Item>,
      select('deliveryMethod', '送达方式', options(DELIVERY_METHOD)),
      when('deliveredAt', '送达时间'),
    ],
    body: (v) => ({ ...v, deliveredAt: iso(v.deliveredAt) }),
  },
  start_hearing: {
    label: '听证开始',
    path: 'hearing/start',
    fields: () => [when('at', '开始时间')],
    body: (v) => ({ at: iso(v.at) }),
  },
  end_hearing: {
    label: '听证结束',
    path: 'hearing/end',
    fields: () => [when('at', '结束时间')],
    body: (v) => ({ at: iso(v.at) }),
  },
  settle_final_match: {
    label: '处理终结事项匹配',
    path: 'final-match',
    fields: () => [
      <Form.Item
        key="c"
        label="确认为已终结事项（不再受理）"
        name="confirm"
        valuePropName="checked"
        initialValue={true}
      >
        <Switch data-testid="action-field-confirm" />
      </Form.Item>,
      <Form.Item key="n" label="说明（排除匹配时必填）" name="note">
        <Input.TextArea rows={2} data-testid="action-field-note" />
      </Form.Item>,
    ],
  },
  link_repeat: {
    label: '关联初件',
    path: 'repeat-link',
    fields: ({ caseId }) => [
      <Form.Item key="f" label="初件（按编号查找；留空为解除关联）" name="firstCaseId">
        <CasePicker excludeId={caseId} data-testid="action-field-firstCaseId" aria-label="初件" />
      </Form.Item>,
    ],
    body: (v) => ({ firstCaseId: v.firstCaseId ?? null }),
  },
  take: { label: '领取承办', path: 'take' },
  correct_upper_office: {
    label: '更正上级编号/期限',
    path: 'upper-office',
    fields: ({ c }) => [
      <Form.Item
        key="r"
        label="上级信访件编号"
        name="externalRef"
        initialValue={c.externalRef ?? undefined}
      >
        <Input data-testid="action-field-externalRef" />
      </Form.Item>,
      <Form.Item
        key="d"
        label="上级办理期限"
        name="provincialDueDate"
        extra="清空即为上级未定期限"
        initialValue={c.provincialDueDate ? dayjs(c.provincialDueDate) : undefined}
      >
        <DatePicker
          style={{ width: '100%' }}
          disabledDate={(d) => d.format('YYYY-MM-DD') < shanghaiDay(c.registeredAt)}
          data-testid="action-field-provincialDueDate"
          aria-label="上级办理期限"
        />
      </Form.Item>,
      text('reason', '更正理由', 2),
    ],
    body: (v) => ({
      reason: v.reason,
      externalRef:
        typeof v.externalRef === 'string' && v.externalRef.trim() ? v.externalRef : undefined,
      provincialDueDate: dayjs.isDayjs(v.provincialDueDate)
        ? v.provincialDueDate.format('YYYY-MM-DD')
        : null,
    }),
  },
  reassign_officer: {
    label: '变更承办人',
    path: 'officer',
    fields: () => [
      <Form.Item key="o" label="承办人" name="officerId" rules={req('请选择承办人')}>
        <OfficerPicker data-testid="action-field-officerId" aria-label="承办人" />
      </Form.Item>,
    ],
  },
};

/** Commands the detail handles elsewhere (reveal on the petitioners, the receipt button, uploads). */
export const HANDLED_ELSEWHERE: readonly CaseCommand[] = [
  'reveal',
  'reveal_delivery_contact',
  'receipt',
  'attach',
  'edit',
];

/** The action buttons the API allows, in the table's order. */
export const offeredActions = (allowed: readonly string[]): CaseCommand[] =>
  (Object.keys(CASE_ACTIONS) as CaseCommand[]).filter((c) => allowed.includes(c));

function ActionModal({
  command,
  c,
  onClose,
}: {
  command: CaseCommand;
  c: CaseDetail;
  onClose: () => void;
}) {
  const def = CASE_ACTIONS[command]!;
  const [form] = Form.useForm<Record<string, unknown>>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [progress, setProgress] = useState<Record<string, number>>({});
  const queryClient = useQueryClient();
  const { modal } = App.useApp();
  const units = useUnits();
  const unitOptions = (units.data ?? [])
    .filter((u) => u.active && u.kind === 'district_unit')
    .map((u) => ({ value: u.id, label: u.name }));

  const reload = () => queryClient.invalidateQueries({ queryKey: caseKeys.detail(c.id) });
  /** One submit at a time: a second click while validating or uploading does nothing. */
  const submitting = useRef(false);
  /**
   * The files this form has already put on the case, and the version they moved it to from
   * `from`: a retry after a refused action does not upload them again, nor takes its own uploads
   * for somebody else's change (409).
   */
  const [uploaded, setUploaded] = useState<string[]>([]);
  const own = useRef<{ from: number; to: number } | null>(null);

  const fail = (e: unknown) => {
    if (isStaleVersion(e)) {
      modal.confirm({
        title: '该信访件已被他人修改',
        content: '您看到的不是最新内容。重新载入后再办理（已填写的内容会保留在表单中）。',
        okText: '重新载入',
        cancelText: '取消',
        okButtonProps: testId('stale-reload'),
        onOk: () => reload(),
      });
      setError(describeError(e));
      return;
    }
    // Errors on the form's own fields go beside them; any other is said in the banner.
    const fields = form.getFieldsError().map((f) => String(f.name[0]));
    if (!applyFieldErrors(form, e, fields)) setError(describeError(e));
  };

  /** Uploads the listed files one by one; each one done leaves the list (a retry skips it). */
  const uploadAll = async (base: number): Promise<number> => {
    let version = own.current?.from === base ? own.current.to : base;
    const todo = files;
    if (!todo.length) return version;
    let done = 0;
    try {
      for (const f of todo) {
        try {
          await uploadFile(`/api/v1/cases/${c.id}/attachments`, f.originFileObj as File, (pct) =>
            setProgress((p) => ({ ...p, [f.uid]: pct })),
          );
        } catch (e) {
          // refused: its bytes went, but it is not on the case (no full progress bar beside it)
          setProgress(({ [f.uid]: _sent, ...rest }) => rest);
          setFiles((list) =>
            list.map((x) =>
              x.uid === f.uid ? { ...x, status: 'error', response: '上传失败' } : x,
            ),
          );
          throw new UploadFailed(f.name, e);
        }
        done++;
        setFiles((list) => list.filter((x) => x.uid !== f.uid));
        setUploaded((names) => [...names, f.name]);
      }
    } finally {
      if (done) {
        // Each upload is a change of the case: the action goes with the version they made, but
        // only if nobody else changed the case meanwhile (then the API's 409 stands).
        const fresh = unwrap(
          await api.GET('/api/v1/cases/{id}', { params: { path: { id: c.id } } }),
        );
        if (fresh.version <= version + done) {
          version = fresh.version;
          own.current = { from: base, to: version };
        }
      }
    }
    return version;
  };

  const submit = async () => {
    if (submitting.current) return;
    submitting.current = true;
    setBusy(true);
    setError(null);
    try {
      let values: Record<string, unknown> = {};
      try {
        if (def.fields) values = await form.validateFields();
      } catch {
        return; // each field says what it lacks
      }
      const version = await uploadAll(c.version);
      const body = { ...(def.body ? def.body(values) : values), version };
      await apiRequest('POST', `/api/v1/cases/${c.id}/${def.path}`, { body });
      await reload();
      void queryClient.invalidateQueries({ queryKey: ['cases'] });
      onClose();
    } catch (e) {
      if (e instanceof UploadFailed)
        setError(`附件「${e.file}」未能上传：${describeError(e.cause)}`);
      else fail(e);
    } finally {
      submitting.current = false;
      setBusy(false);
    }
  };

  /** Closed without the action: files it did upload are on the case, the page shows them. */
  const cancel = () => {
    if (uploaded.length) void reload();
    onClose();
  };

  return (
    <Modal
      open
      title={def.label}
      onCancel={cancel}
      onOk={() => void submit()}
      okText={def.fields ? '提交' : `确认${def.label}`}
      confirmLoading={busy}
      okButtonProps={{ danger: def.danger, ...testId('action-submit') }}
      destroyOnClose
    >
      <Form form={form} layout="vertical" onFinish={() => void submit()}>
        {def.fields ? (
          def.fields({ units: unitOptions, caseId: c.id, c })
        ) : (
          <p>
            确认对 {c.caseNo} 执行“{def.label}”？
          </p>
        )}
        {def.files && (
          <Form.Item label="附件（意见书扫描件等）">
            <div data-testid="action-files">
              <Upload.Dragger
                multiple
                disabled={busy}
                fileList={files}
                beforeUpload={() => false}
                onChange={({ fileList }) => setFiles(fileList)}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p>拖入或点击选择附件</p>
              </Upload.Dragger>
            </div>
            {files.map(
              (f) =>
                progress[f.uid] !== undefined && (
                  <Progress key={f.uid} percent={progress[f.uid]} size="small" />
                ),
            )}
            {uploaded.length > 0 && (
              <Alert
                type="info"
                showIcon
                message={`已上传：${uploaded.join('、')}`}
                data-testid="action-uploaded"
              />
            )}
          </Form.Item>
        )}
      </Form>
      {error && <Alert type="error" showIcon message={error} data-testid="action-error" />}
    </Modal>
  );
}

/** An attachment the API did not take: the action was not sent. */
class UploadFailed extends Error {
  constructor(
    readonly file: string,
    readonly cause: unknown,
  ) {
    super(file);
  }
}

/** The actions bar of the case detail. */
export function CaseActions({ c }: { c: CaseDetail }) {
  const [open, setOpen] = useState<CaseCommand | null>(null);
  const offered = offeredActions(c.allowedActions ?? []);
  if (!offered.length) return null;
  return (
    <>
      <Space wrap data-testid="case-actions">
        {offered.map((cmd) => (
          <Button
            key={cmd}
            type={
              ['accept', 'transfer', 'answer', 'close', 'evaluate'].includes(cmd)
                ? 'primary'
                : 'default'
            }
            danger={CASE_ACTIONS[cmd]!.danger}
            onClick={() => setOpen(cmd)}
            data-testid={`action-${cmd}`}
          >
            {CASE_ACTIONS[cmd]!.label}
          </Button>
        ))}
      </Space>
      {open && <ActionModal command={open} c={c} onClose={() => setOpen(null)} />}
    </>
  );
}
