import { errorFactory } from '@app/core';

/** Every code this lib raises: a new one is declared here, once. */
export const AUTH_ERROR_CODES = [
  'AUTH_INVALID_CREDENTIALS',
  'RATE_LIMITED',
  'AUTH_SIGN_IN_LOCKED',
  'AUTH_ACCOUNT_DISABLED',
  'AUTH_INVALID_REFRESH_TOKEN',
  'AUTH_REFRESH_TOKEN_REUSED',
  'AUTH_REQUIRED',
  'AUTH_INVALID_TOKEN',
  'AUTH_SESSION_ENDED',
  'FORBIDDEN_ROLE',
  'PASSWORD_CHANGE_REQUIRED',
  'USERNAME_TAKEN',
  'USER_NOT_FOUND',
  'USER_UNIT_REQUIRED',
  'WEAK_PASSWORD',
  'WRONG_CURRENT_PASSWORD',
  'LAST_ADMIN',
  'AUTH_SESSION_CHECK_UNAVAILABLE',
] as const;
export type AuthErrorCode = (typeof AUTH_ERROR_CODES)[number];
const authError = errorFactory<AuthErrorCode>();

export const invalidCredentials = () =>
  authError('unauthenticated', 'AUTH_INVALID_CREDENTIALS', '用户名或密码错误');
/** 429 with Retry-After: the error filter sets the header from `retryAfterSeconds`. */
export const rateLimited = (retryAfterSeconds: number) =>
  authError('rate_limited', 'RATE_LIMITED', `请求过于频繁，请 ${retryAfterSeconds} 秒后再试`, {
    retryAfterSeconds,
  });
/** The same answer for a real and a made-up username: it names the source, not the account. */
export const signInLocked = (retryAfterSeconds: number) =>
  authError(
    'rate_limited',
    'AUTH_SIGN_IN_LOCKED',
    `该用户名在此来源连续登录失败次数过多，请 ${Math.ceil(retryAfterSeconds / 60)} 分钟后再试，或联系管理员解除`,
    { retryAfterSeconds },
  );
export const accountDisabled = () =>
  authError('unauthenticated', 'AUTH_ACCOUNT_DISABLED', '账号已停用');
export const invalidRefreshToken = () =>
  authError('unauthenticated', 'AUTH_INVALID_REFRESH_TOKEN', '刷新令牌无效或已过期，请重新登录');
export const refreshTokenReused = () =>
  authError(
    'unauthenticated',
    'AUTH_REFRESH_TOKEN_REUSED',
    '刷新令牌已被使用，所有会话已注销，请重新登录',
  );
export const missingToken = () => authError('unauthenticated', 'AUTH_REQUIRED', '需要登录');
export const invalidToken = () =>
  authError('unauthenticated', 'AUTH_INVALID_TOKEN', '访问令牌无效或已过期');
export const sessionEnded = () =>
  authError(
    'unauthenticated',
    'AUTH_SESSION_ENDED',
    '登录已失效（账号已停用或权限已变更），请重新登录',
  );
export const roleForbidden = (required: readonly string[]) =>
  authError('forbidden', 'FORBIDDEN_ROLE', '当前角色无权执行此操作', {
    requiredRoles: required,
  });
export const passwordChangeRequired = () =>
  authError('forbidden', 'PASSWORD_CHANGE_REQUIRED', '首次登录或密码被管理员重置后，请先修改密码');
export const usernameTaken = (username: string) =>
  authError('conflict', 'USERNAME_TAKEN', `用户名 ${username} 已存在`, { username });
export const userNotFound = (id: number) =>
  authError('not_found', 'USER_NOT_FOUND', `用户 ${id} 不存在`, { id });
export const handlerNeedsUnit = () =>
  authError('invalid', 'USER_UNIT_REQUIRED', '责任单位经办人必须属于一个区属单位', {
    field: 'unitId',
  });
export const weakPassword = (reason: string) =>
  authError('invalid', 'WEAK_PASSWORD', `密码不符合要求：${reason}`, { field: 'password' });
export const wrongCurrentPassword = () =>
  authError('invalid', 'WRONG_CURRENT_PASSWORD', '当前密码错误', {
    field: 'currentPassword',
  });
export const lastAdmin = (id: number) =>
  authError(
    'conflict',
    'LAST_ADMIN',
    '这是最后一个启用的系统管理员，不能停用或改为其他角色；请先任命另一名管理员',
    { id },
  );
export const sessionCheckUnavailable = () =>
  authError('unavailable', 'AUTH_SESSION_CHECK_UNAVAILABLE', '暂时无法核验登录状态，请稍后重试');
