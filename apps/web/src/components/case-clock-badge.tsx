import { Tag, Tooltip } from 'antd';
import { CLOCK_KIND, label, PETITIONER_WINDOW_KINDS } from '../lib/dictionary';
import { daysLeft, formatDate, urgencyOf, type Urgency } from '../lib/time';

export const URGENCY_COLOR: Record<Urgency, string> = {
  overdue: 'red',
  due_today: 'red',
  due_soon: 'orange',
  normal: 'default',
};

/** "剩 3 天" / "今日到期" / "超期 2 天", as a person counts days at the bureau (Shanghai). */
export function daysLeftText(dueAt: string, now: Date = new Date()): string {
  const left = daysLeft(dueAt, now);
  if (new Date(dueAt).getTime() <= now.getTime()) return `超期 ${Math.max(1, -left)} 天`;
  if (left <= 0) return '今日到期';
  return `剩 ${left} 天`;
}

interface Props {
  kind: string;
  dueAt: string;
  now?: Date;
  /** Show the clock's name before the days. */
  withKind?: boolean;
}

/**
 * The nearest (or a given) clock: red when overdue or due today, amber within 3 days. A
 * petitioner's window is no one's deadline: days left in blue, "已届满" in grey once passed.
 */
export function CaseClockBadge({ kind, dueAt, now = new Date(), withKind = true }: Props) {
  const lastDay = formatDate(new Date(new Date(dueAt).getTime() - 1));
  if ((PETITIONER_WINDOW_KINDS as readonly string[]).includes(kind)) {
    const passed = new Date(dueAt).getTime() <= now.getTime();
    const left = daysLeft(dueAt, now);
    return (
      <Tooltip title={`${label(CLOCK_KIND, kind)}（信访人期限）：${lastDay} 24:00 前`}>
        <Tag color={passed ? 'default' : 'blue'} data-testid="clock-badge" data-urgency="window">
          {withKind ? `${label(CLOCK_KIND, kind)} ` : ''}
          {passed ? '已届满' : left <= 0 ? '今日届满' : `剩 ${left} 天`}
        </Tag>
      </Tooltip>
    );
  }
  const urgency = urgencyOf(dueAt, now);
  return (
    <Tooltip title={`${label(CLOCK_KIND, kind)}：${lastDay} 24:00 前`}>
      <Tag color={URGENCY_COLOR[urgency]} data-testid="clock-badge" data-urgency={urgency}>
        {withKind ? `${label(CLOCK_KIND, kind)} ` : ''}
        {daysLeftText(dueAt, now)}
      </Tag>
    </Tooltip>
  );
}
