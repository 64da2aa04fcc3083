import { BellOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { ProLayout } from '@ant-design/pro-components';
import { Badge, Button, Dropdown, Space } from 'antd';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useUnreadCount } from '../api/notifications';
import { label, ROLE } from '../lib/dictionary';
import { useUser, useAuth } from './auth';
import { menuFor } from './menu';

export function ConsoleLayout() {
  const user = useUser();
  const { signOut } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const unread = useUnreadCount();
  const menu = menuFor(user.role);
  const selected =
    [...menu]
      .sort((a, b) => b.path.length - a.path.length)
      .find((m) =>
        m.path === '/' ? location.pathname === '/' : location.pathname.startsWith(m.path),
      )?.path ?? '/';

  return (
    <ProLayout
      title="信访事项办理与督办系统"
      logo={false}
      layout="mix"
      fixSiderbar
      location={{ pathname: selected }}
      // ProLayout lights every entry whose path is a prefix (信访件 /cases on 登记 /cases/new):
      // the one longest match is the page's.
      selectedKeys={[selected]}
      route={{ path: '/', routes: menu.map((m) => ({ path: m.path, name: m.name })) }}
      menuItemRender={(item, dom) => (
        <Link to={item.path ?? '/'} data-testid={`menu-${item.path ?? ''}`}>
          {dom}
        </Link>
      )}
      actionsRender={() => [
        <Link
          key="inbox"
          to="/inbox"
          aria-label={`消息，未读 ${unread.data?.unread ?? 0} 条`}
          data-testid="header-inbox"
        >
          <Badge count={unread.data?.unread ?? 0} size="small">
            <BellOutlined style={{ fontSize: 18 }} />
          </Badge>
        </Link>,
      ]}
      avatarProps={{
        icon: <UserOutlined />,
        size: 'small',
        title: `${user.username}（${label(ROLE, user.role)}）`,
        render: (_props, dom) => (
          <Dropdown
            menu={{
              items: [
                {
                  key: 'password',
                  label: '修改密码',
                  onClick: () => void navigate('/account/password'),
                },
                {
                  key: 'logout',
                  icon: <LogoutOutlined />,
                  label: '退出登录',
                  onClick: () => {
                    void signOut().then(() => navigate('/sign-in'));
                  },
                },
              ],
            }}
          >
            <Button type="text" data-testid="user-menu" aria-label="用户菜单">
              <Space>{dom}</Space>
            </Button>
          </Dropdown>
        ),
      }}
    >
      <Outlet />
    </ProLayout>
  );
}
