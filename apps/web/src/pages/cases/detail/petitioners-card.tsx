import { EyeOutlined, PhoneOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Modal, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { type CaseDetail, caseKeys } from '../../../api/cases';
import { apiRequest } from '../../../api/client';
import { describeError } from '../../../api/errors';
import { useUser } from '../../../app/auth';
import type { components } from '../../../api/schema';
import { label, PETITIONER_KIND } from '../../../lib/dictionary';
import { applyFieldErrors } from '../../../lib/form-errors';
import { testId } from '../../../lib/test-id';

type Petitioner = components['schemas']['PetitionerResponse'];
type DeliveryContact = components['schemas']['DeliveryContactResponse'];

/** What the reason dialog asks for: the bureau's full view, or the unit's delivery contact. */
type Purpose = 'full' | 'delivery';

const DIALOG: Record<Purpose, { title: string; notice: string; label: string }> = {
  full: {
    title: '查看完整个人信息',
    notice: '本次查看将记入审计日志（查看人、时间、信访件、信访人和事由），请如实填写事由。',
    label: '查看事由',
  },
  delivery: {
    title: '查看送达联系方式',
    notice:
      '仅显示送达处理意见书所需的姓名、电话和地址（不含证件号码）。本次查看将记入审计日志和办理过程（查看人、时间和事由），请如实填写事由。',
    label: '查看事由（如：电话联系信访人送达处理意见书）',
  },
};

/**
 * Petitioners as the role may see them: masked, with a logged reveal for the bureau's roles, and
 * for the handling unit the contact details it delivers its answer with. On a confidential
 * accusation the unit sees a note instead: the bureau delivers.
 */
export function PetitionersCard({ c }: { c: CaseDetail }) {
  const allowed = c.allowedActions ?? [];
  const canReveal = allowed.includes('reveal');
  const canReach = allowed.includes('reveal_delivery_contact');
  // 检举控告 (or an accuser kept confidential): the unit reads no accuser; the bureau delivers.
  const hidden =
    useUser().role === 'unit_handler' &&
    (c.purpose === 'accusation' || c.flags?.confidentialAccuser === true);
  const queryClient = useQueryClient();
  const [revealed, setRevealed] = useState<Record<number, Petitioner>>({});
  const [asking, setAsking] = useState<{ p: Petitioner; purpose: Purpose } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ reason: string }>();

  const reveal = async () => {
    if (!asking) return;
    const { p, purpose } = asking;
    const { reason } = await form.validateFields();
    setError(null);
    try {
      const base = `/api/v1/cases/${c.id}/petitioners/${p.id}`;
      let shown: Petitioner;
      if (purpose === 'full') {
        shown = await apiRequest<Petitioner>('POST', `${base}/reveal`, { body: { reason } });
      } else {
        const d = await apiRequest<DeliveryContact>('POST', `${base}/delivery-contact`, {
          body: { reason },
        });
        shown = { ...p, name: d.name, phone: d.phone, address: d.address, masked: false };
        // The view is on the case's timeline, and the case's version moved on.
        void queryClient.invalidateQueries({ queryKey: caseKeys.detail(c.id) });
        void queryClient.invalidateQueries({ queryKey: caseKeys.timeline(c.id) });
      }
      setRevealed((r) => ({ ...r, [p.id]: shown }));
      setAsking(null);
      form.resetFields();
    } catch (e) {
      if (!applyFieldErrors(form, e, ['reason'])) setError(describeError(e));
    }
  };

  const rows = c.petitioners.map((p) => revealed[p.id] ?? p);
  return (
    <Card title="信访人" size="small">
      {hidden && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="delivery-by-bureau"
          message="检举控告件，检举人信息保密：处理意见书由信访局送达，本单位不能查看检举人的联系方式。"
        />
      )}
      <Table<Petitioner>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: '类型', dataIndex: 'kind', render: (v: string) => label(PETITIONER_KIND, v) },
          {
            title: '姓名/名称',
            dataIndex: 'name',
            render: (v: string, p) => (
              <>
                {v} {p.representative && <Tag color="blue">代表</Tag>}
              </>
            ),
          },
          {
            title: '证件号码',
            dataIndex: 'idNumber',
            render: (v: string | null, p) => (
              <>
                {v ?? '—'}{' '}
                {p.idUnverifiedReason && (
                  <Tooltip title={`照登原因：${p.idUnverifiedReason}`}>
                    <Tag color="warning" data-testid="id-unverified">
                      号码未核验
                    </Tag>
                  </Tooltip>
                )}
              </>
            ),
          },
          { title: '电话', dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
          { title: '住址', dataIndex: 'address', render: (v: string | null) => v ?? '—' },
          {
            title: '',
            key: 'reveal',
            render: (_v, p) =>
              p.masked && canReveal ? (
                <Button
                  size="small"
                  icon={<EyeOutlined />}
                  onClick={() => setAsking({ p, purpose: 'full' })}
                  data-testid={`reveal-${p.id}`}
                >
                  查看完整信息
                </Button>
              ) : p.masked && canReach ? (
                <Button
                  size="small"
                  icon={<PhoneOutlined />}
                  onClick={() => setAsking({ p, purpose: 'delivery' })}
                  data-testid={`delivery-contact-${p.id}`}
                >
                  查看送达联系方式
                </Button>
              ) : !p.masked && revealed[p.id] ? (
                <Tag color="orange">已查看（已记录）</Tag>
              ) : null,
          },
        ]}
      />
      <Modal
        open={asking !== null}
        title={DIALOG[asking?.purpose ?? 'full'].title}
        okText="查看"
        onOk={() => void reveal()}
        onCancel={() => setAsking(null)}
        okButtonProps={testId('reveal-confirm')}
      >
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={DIALOG[asking?.purpose ?? 'full'].notice}
        />
        <Form form={form} layout="vertical">
          <Form.Item
            label={DIALOG[asking?.purpose ?? 'full'].label}
            name="reason"
            rules={[{ required: true, min: 2, message: '请填写查看事由' }]}
          >
            <Input data-testid="reveal-reason" />
          </Form.Item>
        </Form>
        {error && <Typography.Text type="danger">{error}</Typography.Text>}
      </Modal>
    </Card>
  );
}
