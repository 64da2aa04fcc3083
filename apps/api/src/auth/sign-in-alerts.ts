import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AccountEvents, type SignInAlert } from '@app/auth';
import { AdminAlertsService } from '@app/reminders';

/** Shanghai wall-clock time of an instant, as admins read it: 2026-03-01 09:30. */
const shanghaiTime = (d: Date) =>
  new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/** What the admins read; never the password that was tried. */
export function signInAlertText(a: SignInAlert): { title: string; body: string } {
  if (a.kind === 'source_locked') {
    return {
      title: `登录失败告警：账号 ${a.username}`,
      body:
        `${shanghaiTime(a.at)}，来源地址 ${a.ip} 连续 ${a.failures} 次输错账号 ${a.username} 的密码，` +
        `该地址已暂停登录此账号 ${a.windowMinutes} 分钟；账号在其他地址仍可登录。` +
        `如非本人所为，请核查该地址，必要时重置密码（用户管理中可解除锁定）。` +
        `${a.windowMinutes} 分钟内同一账号不再重复提醒。`,
    };
  }
  return {
    title: `登录失败告警：账号 ${a.username} 疑遭多地址猜测密码`,
    body:
      `${shanghaiTime(a.at)}，账号 ${a.username} 在 ${a.windowMinutes} 分钟内从多个地址登录失败 ` +
      `超过 ${a.failures} 次（最近一次来自 ${a.ip}），该账号的登录尝试已暂时限流。` +
      `请核查，必要时重置密码。${a.windowMinutes} 分钟内不再重复提醒。`,
  };
}

/** Writes the auth lib's sign-in alerts to the admins' in-app inbox. */
@Injectable()
export class SignInAlertsListener implements OnModuleInit {
  constructor(
    private readonly events: AccountEvents,
    private readonly alerts: AdminAlertsService,
  ) {}

  onModuleInit(): void {
    this.events.onSignInAlert(async (a) => {
      await this.alerts.notifyAdmins({
        kind: 'sign_in_failures',
        ...signInAlertText(a),
        payload: { kind: a.kind, userId: a.userId, username: a.username, ip: a.ip },
      });
    });
  }
}
