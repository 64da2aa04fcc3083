import {
  InboxOutlined,
  MinusCircleOutlined,
  PlusOutlined,
  PrinterOutlined,
} from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Progress,
  Radio,
  Result,
  Row,
  Select,
  Space,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../../api/client';
import { describeError } from '../../../api/errors';
import type { components } from '../../../api/schema';
import { openFile, uploadFile } from '../../../api/upload';
import { CategoryPicker } from '../../../components/category-picker';
import { OfficerPicker } from '../../../components/officer-picker';
import { PetitionerLookup } from '../../../components/petitioner-lookup';
import {
  CHANNEL,
  type Channel,
  options,
  PETITIONER_KIND,
  PURPOSE,
  SOURCE,
  SOURCE_LEVEL,
} from '../../../lib/dictionary';
import { applyFieldErrors } from '../../../lib/form-errors';
import { useIdempotencyKey } from '../../../lib/idempotency';
import { checkIdNumber } from '../../../lib/identity-numbers';
import { nowAsShown, pickedInstant, shanghaiDay } from '../../../lib/time';

type RegisterBody = components['schemas']['RegisterCaseDto'];
type PetitionerBody = components['schemas']['PetitionerDto'];

interface Values extends Omit<RegisterBody, 'registeredAt' | 'provincialDueDate' | 'petitioners'> {
  registeredAt?: Dayjs;
  provincialDueDate?: Dayjs | null;
  petitioners: (PetitionerBody & { idUnverified?: boolean })[];
  flags?: string[];
}

/** Alt+1..5 pick the channel at the counter (Digit codes: Alt changes the key on some layouts). */
export const CHANNEL_SHORTCUTS: readonly Channel[] = ['visit', 'letter', 'call', 'online', 'fax'];
const FLAGS = [
  ['skipLevel', '越级'],
  ['toBeijing', '进京'],
  ['toProvince', '赴省'],
  ['jointSigned', '联名'],
  ['lawRelated', '涉法涉诉'],
  ['confidentialAccuser', '检举人要求保密'],
] as const;
const MAX_REPRESENTATIVES = 5;

/**
 * What is wrong with an ID number as typed (the API's own check, GB 11643 / GB 32100), or null
 * when it passes or is empty.
 */
function idNumberProblem(value?: string): string | null {
  if (!value?.trim()) return null;
  const checked = checkIdNumber(value, shanghaiDay(new Date()));
  return checked.ok ? null : `${checked.reason}；核对无误仍须登记的，可勾选“号码未核验，照登”`;
}
const COLLECTIVE_MIN_PERSONS = 5;
const FORM_FIELDS = [
  'channel',
  'source',
  'sourceLevel',
  'externalRef',
  'provincialDueDate',
  'registeredAt',
  'title',
  'content',
  'purpose',
  'categoryCode',
  'locality',
  'personCount',
  'petitioners',
  'officerId',
];

/** The registration body from the form's values. */
export function toRegisterBody(v: Values): RegisterBody {
  const flags = new Set(v.flags ?? []);
  const clean = (s?: string) => (s && s.trim() ? s.trim() : undefined);
  return {
    channel: v.channel,
    source: v.source,
    sourceLevel: v.sourceLevel,
    externalRef: v.source === 'direct' ? undefined : clean(v.externalRef),
    // The calendar day the clerk picked, as the picker shows it: not via toISOString(), which
    // would move a day picked before 08:00 Beijing time to the day before.
    provincialDueDate:
      v.source === 'direct' || !v.provincialDueDate
        ? undefined
        : v.provincialDueDate.format('YYYY-MM-DD'),
    registeredAt: v.registeredAt ? pickedInstant(v.registeredAt) : undefined,
    title: v.title.trim(),
    content: v.content.trim(),
    purpose: v.purpose,
    categoryCode: v.categoryCode,
    locality: v.locality.trim(),
    personCount: v.personCount,
    petitioners: v.petitioners.map((p) => ({
      kind: p.kind,
      name: p.name.trim(),
      idNumber: clean(p.idNumber)?.toUpperCase(),
      idUnverifiedReason: p.idUnverified ? clean(p.idUnverifiedReason) : undefined,
      phone: clean(p.phone),
      address: clean(p.address),
      representative: p.representative || undefined,
    })),
    ...Object.fromEntries(FLAGS.map(([f]) => [f, flags.has(f) || undefined])),
    // Left empty: the rule's officer, or the unassigned queue (the API decides, as shown).
    officerId: v.officerId ?? undefined,
  };
}

/** What the 承办人 field tells the clerk about the default before saving. */
function officerHint(
  categoryCode: string | undefined,
  suggested: number | null | undefined,
  chosen: number | null | undefined,
): string {
  if (!categoryCode) return '选择内容分类后显示默认承办人';
  if (suggested === undefined) return '正在查询默认承办人…';
  if (suggested === null)
    return chosen == null ? '本分类和来源未设默认承办人：保存后进入待领取' : '已指定承办人';
  if (chosen == null) return '已清除默认承办人：保存后进入待领取';
  return chosen === suggested ? '按默认规则分配的承办人' : '已改为指定的承办人';
}

interface Saved {
  id: number;
  caseNo: string;
  repeat: boolean;
  uploads: { name: string; pct: number; error?: string }[];
}

export default function RegisterPage() {
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const [key, rotateKey] = useIdempotencyKey();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [saved, setSaved] = useState<Saved | null>(null);
  const inFlight = useRef<Promise<unknown> | null>(null);
  const channelRef = useRef<HTMLDivElement>(null);
  const caseNoRef = useRef<HTMLSpanElement>(null);
  const navigate = useNavigate();
  const source = Form.useWatch('source', form);
  const registeredAt = Form.useWatch('registeredAt', form);
  const personCount = Form.useWatch('personCount', form) ?? 1;
  const categoryCode = Form.useWatch('categoryCode', form);
  const petitioners = Form.useWatch('petitioners', form) ?? [];
  const officerId = Form.useWatch('officerId', form);
  // Who the case goes to if the clerk names nobody: the registering officer, the default rule
  // for the category and source, or the unassigned queue (null).
  const suggested = useQuery({
    queryKey: ['officer-suggestion', categoryCode, source],
    enabled: Boolean(categoryCode && source),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/officer-defaults/suggestion', {
          params: { query: { categoryCode, source } },
        }),
      ).officerId,
  });
  const suggestedId = suggested.data;
  useEffect(() => {
    // The rule's choice fills the field until the clerk picks someone else (or clears it).
    if (suggestedId !== undefined && !form.isFieldTouched('officerId'))
      form.setFieldValue('officerId', suggestedId ?? undefined);
  }, [form, suggestedId]);

  const focusChannel = () =>
    channelRef.current?.querySelector<HTMLInputElement>('input:checked')?.focus();
  // The form opens (and reopens for the next case) with the first field ready for the keyboard.
  // Once saved, the focus is on the new number, where a second Enter of a hurried double press
  // does nothing (on 登记下一件 it cleared the number off the screen); Tab goes on to the buttons.
  const savedId = saved?.id;
  useEffect(() => {
    if (savedId === undefined) focusChannel();
    else caseNoRef.current?.focus();
  }, [savedId]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey) return;
      const i = ['Digit1', 'Digit2', 'Digit3', 'Digit4', 'Digit5'].indexOf(e.code);
      if (i >= 0) {
        e.preventDefault();
        form.setFieldValue('channel', CHANNEL_SHORTCUTS[i]);
        // Focus left on the radio just unchecked made the next Tab stop on the checked one (and
        // arrows and Enter meant for the source went to the channel): move it along.
        if (channelRef.current?.contains(document.activeElement))
          requestAnimationFrame(focusChannel);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [form]);

  const submit = async (values: Values) => {
    // A second click while the first is on its way sends nothing new; the key covers retries.
    if (inFlight.current) return;
    setBusy(true);
    setError(null);
    const run = (async () => {
      try {
        const created = unwrap(
          await api.POST('/api/v1/cases', {
            body: toRegisterBody(values),
            params: { header: { 'Idempotency-Key': key } },
          }),
        );
        void queryClient.invalidateQueries({ queryKey: ['petitioner-lookup'] });
        void queryClient.invalidateQueries({ queryKey: ['cases'] });
        const uploads: Saved['uploads'] = files.map((f) => ({ name: f.name, pct: 0 }));
        setSaved({ id: created.id, caseNo: created.caseNo, repeat: created.repeat, uploads });
        for (const [i, f] of files.entries()) {
          const update = (patch: Partial<Saved['uploads'][number]>) =>
            setSaved(
              (s) =>
                s && { ...s, uploads: s.uploads.map((u, j) => (j === i ? { ...u, ...patch } : u)) },
            );
          try {
            await uploadFile(
              `/api/v1/cases/${created.id}/attachments`,
              f.originFileObj as File,
              (pct) => update({ pct }),
            );
            update({ pct: 100 });
          } catch (e) {
            update({ error: describeError(e) });
          }
        }
      } catch (e) {
        if (!applyFieldErrors(form, e, FORM_FIELDS)) setError(describeError(e));
        else setError('请按提示修改标红的字段');
      } finally {
        setBusy(false);
        inFlight.current = null;
      }
    })();
    inFlight.current = run;
    await run;
  };

  const next = () => {
    form.resetFields();
    setFiles([]);
    setSaved(null);
    rotateKey();
  };

  if (saved) {
    return (
      <Card>
        <Result
          status="success"
          title={
            <span data-testid="register-case-no" tabIndex={-1} ref={caseNoRef}>
              登记成功：{saved.caseNo}
            </span>
          }
          subTitle={saved.repeat ? '本件已认定为重件，已关联初件。' : '本件为初件。'}
          extra={[
            <Button
              key="print"
              type="primary"
              icon={<PrinterOutlined />}
              data-testid="print-receipt"
              onClick={() =>
                void openFile(`/api/v1/cases/${saved.id}/receipt.pdf`).catch((e) =>
                  setError(describeError(e)),
                )
              }
            >
              打印登记回执
            </Button>,
            <Button key="next" onClick={next} data-testid="register-next">
              登记下一件
            </Button>,
            <Button
              key="open"
              onClick={() => void navigate(`/cases/${saved.id}`)}
              data-testid="register-open-case"
            >
              查看信访件
            </Button>,
          ]}
        />
        {error && <Alert type="error" showIcon message={error} />}
        {saved.uploads.map((u) => (
          <div key={u.name}>
            <Typography.Text>{u.name}</Typography.Text>
            <Progress
              percent={u.pct}
              status={u.error ? 'exception' : u.pct === 100 ? 'success' : 'active'}
            />
            {u.error && <Typography.Text type="danger">{u.error}</Typography.Text>}
          </div>
        ))}
      </Card>
    );
  }

  const representatives = petitioners.filter((p) => p?.representative).length;

  return (
    <Card
      title="信访登记"
      extra={<Typography.Text type="secondary">Tab 下一项 · Enter 保存登记</Typography.Text>}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        scrollToFirstError
        initialValues={{
          channel: 'visit',
          source: 'direct',
          sourceLevel: 'district',
          personCount: 1,
          petitioners: [{ kind: 'person', name: '' }],
        }}
        onValuesChange={() => error && setError(null)}
      >
        <Row gutter={16}>
          <Col span={10}>
            <Form.Item
              label="信访形式"
              name="channel"
              rules={[{ required: true }]}
              extra={CHANNEL_SHORTCUTS.map((c, i) => `Alt+${i + 1} ${CHANNEL[c]}`).join(' · ')}
            >
              <Radio.Group
                ref={channelRef}
                optionType="button"
                options={options(CHANNEL)}
                data-testid="register-channel"
              />
            </Form.Item>
          </Col>
          <Col span={7}>
            <Form.Item label="来源" name="source" rules={[{ required: true }]}>
              <Select options={options(SOURCE)} data-testid="register-source" aria-label="来源" />
            </Form.Item>
          </Col>
          <Col span={7}>
            <Form.Item label="来源层级" name="sourceLevel" rules={[{ required: true }]}>
              <Select
                options={options(SOURCE_LEVEL)}
                data-testid="register-source-level"
                aria-label="来源层级"
              />
            </Form.Item>
          </Col>
        </Row>
        {source && source !== 'direct' && (
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item
                label="上级信访件编号"
                name="externalRef"
                rules={[{ required: true, message: '转送/交办件须填写上级信访件编号' }]}
                extra="省一体化信访信息系统中的件号"
              >
                <Input data-testid="register-external-ref" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                label="上级办理期限"
                name="provincialDueDate"
                extra="转送/交办机关要求的办结日期；未定的可不填"
              >
                <DatePicker
                  style={{ width: '100%' }}
                  disabledDate={(d) => d.isBefore(registeredAt ?? nowAsShown(), 'day')}
                  data-testid="register-provincial-due-date"
                  aria-label="上级办理期限"
                />
              </Form.Item>
            </Col>
          </Row>
        )}
        <Row gutter={16}>
          <Col span={16}>
            <Form.Item
              label="标题"
              name="title"
              rules={[{ required: true, min: 2, max: 200, message: '标题 2 至 200 字' }]}
            >
              <Input data-testid="register-title" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="登记时间" name="registeredAt" extra="默认当前时间（北京时间）">
              <DatePicker
                showTime
                format="YYYY-MM-DD HH:mm"
                style={{ width: '100%' }}
                disabledDate={(d) => d.isAfter(nowAsShown())}
                data-testid="register-registered-at"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          label="信访内容"
          name="content"
          rules={[{ required: true, min: 2, message: '请填写信访内容' }]}
        >
          <Input.TextArea rows={4} data-testid="register-content" />
        </Form.Item>
        <Row gutter={16}>
          <Col span={6}>
            <Form.Item
              label="信访目的"
              name="purpose"
              rules={[{ required: true, message: '请选择信访目的' }]}
            >
              <Select
                options={options(PURPOSE)}
                data-testid="register-purpose"
                aria-label="信访目的"
              />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item
              label="内容分类"
              name="categoryCode"
              rules={[{ required: true, message: '请选择三级内容分类' }]}
            >
              <CategoryPicker data-testid="register-category" aria-label="内容分类" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              label="问题属地"
              name="locality"
              rules={[{ required: true, min: 2, message: '请填写问题属地' }]}
            >
              <Input data-testid="register-locality" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={6}>
            <Form.Item
              label="人数"
              name="personCount"
              rules={[{ required: true }]}
              extra={
                personCount >= COLLECTIVE_MIN_PERSONS
                  ? `集体访：至多推选 ${MAX_REPRESENTATIVES} 名代表`
                  : undefined
              }
            >
              <InputNumber
                min={1}
                max={10000}
                style={{ width: '100%' }}
                data-testid="register-person-count"
              />
            </Form.Item>
          </Col>
          <Col span={18}>
            <Form.Item label="情形" name="flags">
              <Checkbox.Group
                options={FLAGS.map(([value, l]) => ({ value, label: l }))}
                data-testid="register-flags"
              />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={10}>
            <Form.Item
              label="承办人"
              name="officerId"
              extra={
                <span data-testid="register-officer-hint">
                  {officerHint(categoryCode, suggestedId, officerId)}
                </span>
              }
            >
              <OfficerPicker
                allowClear
                placeholder="不指定：进入待领取，由承办人领取"
                data-testid="register-officer"
                aria-label="承办人"
              />
            </Form.Item>
          </Col>
        </Row>

        <Typography.Title level={5}>信访人</Typography.Title>
        {representatives > MAX_REPRESENTATIVES && (
          <Alert
            type="error"
            showIcon
            message={`集体访代表不超过 ${MAX_REPRESENTATIVES} 人`}
            style={{ marginBottom: 8 }}
          />
        )}
        <Form.List name="petitioners">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <Card
                  key={field.key}
                  size="small"
                  style={{ marginBottom: 8 }}
                  title={`信访人 ${i + 1}`}
                  extra={
                    fields.length > 1 && (
                      <Button
                        type="text"
                        icon={<MinusCircleOutlined />}
                        onClick={() => remove(field.name)}
                        aria-label={`删除信访人 ${i + 1}`}
                      />
                    )
                  }
                >
                  <Row gutter={12}>
                    <Col span={4}>
                      <Form.Item
                        label="类型"
                        name={[field.name, 'kind']}
                        rules={[{ required: true }]}
                      >
                        <Select
                          options={options(PETITIONER_KIND)}
                          data-testid={`petitioner-${i}-kind`}
                          aria-label="类型"
                        />
                      </Form.Item>
                    </Col>
                    <Col span={5}>
                      <Form.Item
                        label="姓名/名称"
                        name={[field.name, 'name']}
                        rules={[{ required: true, message: '请填写姓名' }]}
                      >
                        <Input data-testid={`petitioner-${i}-name`} />
                      </Form.Item>
                    </Col>
                    <Col span={6}>
                      <Form.Item
                        label="身份证号/统一社会信用代码"
                        name={[field.name, 'idNumber']}
                        dependencies={[['petitioners', field.name, 'idUnverified']]}
                        rules={[
                          {
                            validator: (_, value?: string) => {
                              const problem = idNumberProblem(value);
                              const marked = form.getFieldValue([
                                'petitioners',
                                field.name,
                                'idUnverified',
                              ]) as boolean | undefined;
                              return !problem || marked
                                ? Promise.resolve()
                                : Promise.reject(new Error(problem));
                            },
                          },
                        ]}
                      >
                        <Input data-testid={`petitioner-${i}-id-number`} />
                      </Form.Item>
                    </Col>
                    <Col span={4}>
                      <Form.Item label="电话" name={[field.name, 'phone']}>
                        <Input data-testid={`petitioner-${i}-phone`} />
                      </Form.Item>
                    </Col>
                    <Col span={5}>
                      <Form.Item label="住址" name={[field.name, 'address']}>
                        <Input data-testid={`petitioner-${i}-address`} />
                      </Form.Item>
                    </Col>
                  </Row>
                  {idNumberProblem(petitioners[i]?.idNumber) && (
                    <Space align="start" wrap style={{ marginBottom: 8 }}>
                      <Form.Item
                        name={[field.name, 'idUnverified']}
                        valuePropName="checked"
                        style={{ marginBottom: 0 }}
                      >
                        <Checkbox data-testid={`petitioner-${i}-id-unverified`}>
                          号码未核验，照登
                        </Checkbox>
                      </Form.Item>
                      {petitioners[i]?.idUnverified && (
                        <Form.Item
                          name={[field.name, 'idUnverifiedReason']}
                          rules={[
                            { required: true, whitespace: true, message: '请写明照登的原因' },
                            { max: 200, message: '最多 200 个字' },
                          ]}
                          style={{ marginBottom: 0, minWidth: 360 }}
                        >
                          <Input
                            placeholder="原因，如：证件原件如此，已拍照留存"
                            data-testid={`petitioner-${i}-id-unverified-reason`}
                          />
                        </Form.Item>
                      )}
                    </Space>
                  )}
                  {personCount >= COLLECTIVE_MIN_PERSONS && (
                    <Form.Item
                      name={[field.name, 'representative']}
                      valuePropName="checked"
                      style={{ marginBottom: 8 }}
                    >
                      <Checkbox data-testid={`petitioner-${i}-representative`}>集体访代表</Checkbox>
                    </Form.Item>
                  )}
                  <PetitionerLookup
                    index={i}
                    idNumber={petitioners[i]?.idNumber}
                    phone={petitioners[i]?.phone}
                    categoryCode={categoryCode}
                  />
                </Card>
              ))}
              <Button
                type="dashed"
                onClick={() => add({ kind: 'person', name: '' })}
                icon={<PlusOutlined />}
                data-testid="petitioner-add"
                disabled={fields.length >= 50}
              >
                添加信访人
              </Button>
            </>
          )}
        </Form.List>

        <Typography.Title level={5} style={{ marginTop: 16 }}>
          附件
        </Typography.Title>
        <div data-testid="register-attachments">
          <Upload.Dragger
            multiple
            fileList={files}
            beforeUpload={() => false}
            onChange={({ fileList }) => setFiles(fileList)}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p>
              将信件扫描件、照片等拖到此处，或点击选择（每个不超过 20 MB）；保存后上传并显示进度
            </p>
          </Upload.Dragger>
        </div>

        {error && (
          <Alert
            type="error"
            showIcon
            message={error}
            style={{ marginTop: 16 }}
            data-testid="register-error"
          />
        )}
        <Space style={{ marginTop: 16 }}>
          <Button
            type="primary"
            htmlType="submit"
            loading={busy}
            disabled={representatives > MAX_REPRESENTATIVES}
            data-testid="register-save"
          >
            保存登记
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
