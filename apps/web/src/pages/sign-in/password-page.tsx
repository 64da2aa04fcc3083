import { Alert, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { describeError } from '../../api/errors';
import { writeSession } from '../../api/session';
import { useAuth } from '../../app/auth';
import { applyFieldErrors } from '../../lib/form-errors';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/**
 * Changing the password ends every session (the API's rule), so sign-in follows. The first time
 * (`first`: the password was given by an administrator) the console signs in with the new one
 * and stays on the page the user was heading for.
 */
export default function PasswordPage({ first = false }: { first?: boolean }) {
  const { user, signIn } = useAuth();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();

  const submit = async ({ currentPassword, newPassword }: Values) => {
    setBusy(true);
    setError(null);
    try {
      unwrap(await api.POST('/api/v1/auth/password', { body: { currentPassword, newPassword } }));
      if (first && user) {
        await signIn(user.username, newPassword);
        return;
      }
      writeSession(null);
      void navigate('/sign-in', { replace: true });
    } catch (e) {
      if (!applyFieldErrors(form, e, ['currentPassword', 'newPassword']))
        setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="修改密码" style={{ maxWidth: 480 }} data-testid="password-page">
      {first && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="password-first"
          message="首次登录请修改密码"
          description="当前密码由管理员设置（新账号或密码被重置），请先设置只有您知道的新密码，修改后继续前往原页面。"
        />
      )}
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message="新密码 12 至 128 位，须含字母和数字，不能是常见密码或包含用户名。修改后所有登录均需重新登录。"
      />
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item
          label="当前密码"
          name="currentPassword"
          rules={[{ required: true, message: '请输入当前密码' }]}
        >
          <Input.Password autoComplete="current-password" data-testid="password-current" />
        </Form.Item>
        <Form.Item
          label="新密码"
          name="newPassword"
          rules={[
            { required: true, message: '请输入新密码' },
            { min: 12, message: '至少 12 位' },
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="password-new" />
        </Form.Item>
        <Form.Item
          label="确认新密码"
          name="confirm"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: (_r, v) =>
                !v || v === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error('两次输入不一致')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="password-confirm" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="password-submit">
          修改密码
        </Button>
      </Form>
    </Card>
  );
}
