import type { Role } from '../lib/dictionary';

export interface MenuEntry {
  path: string;
  name: string;
  roles?: readonly Role[];
}

/** The console's menu; an entry without roles is everyone's. Access itself is the API's. */
export const MENU: readonly MenuEntry[] = [
  { path: '/', name: '首页' },
  { path: '/cases/new', name: '登记', roles: ['reception', 'officer', 'admin'] },
  { path: '/cases', name: '信访件' },
  { path: '/workbench', name: '单位工作台', roles: ['unit_handler'] },
  { path: '/inbox', name: '消息' },
];

export const menuFor = (role: Role): MenuEntry[] =>
  MENU.filter((m) => !m.roles || m.roles.includes(role));
