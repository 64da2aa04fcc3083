import { render, screen } from '@testing-library/react';
import { CaseClockBadge, daysLeftText } from './case-clock-badge';

// Last day 2026-03-10 in Shanghai: due at 16:00 UTC.
const dueAt = '2026-03-10T16:00:00.000Z';

describe('CaseClockBadge', () => {
  it.each([
    ['2026-03-01T03:00:00Z', '剩 9 天', 'normal', 'ant-tag-default'],
    ['2026-03-08T03:00:00Z', '剩 2 天', 'due_soon', 'ant-tag-orange'],
    // 00:10 on the 10th in Shanghai, still the 9th in UTC: due today, red.
    ['2026-03-09T16:10:00Z', '今日到期', 'due_today', 'ant-tag-red'],
    ['2026-03-12T02:00:00Z', '超期 2 天', 'overdue', 'ant-tag-red'],
  ])('at %s shows %s (%s)', (now, text, urgency, cls) => {
    render(<CaseClockBadge kind="handling" dueAt={dueAt} now={new Date(now)} />);
    const badge = screen.getByTestId('clock-badge');
    expect(badge.textContent).toBe(`办理答复期限 ${text}`);
    expect(badge.getAttribute('data-urgency')).toBe(urgency);
    expect(badge.className).toContain(cls);
  });

  it.each([
    ['2026-03-08T03:00:00Z', '剩 2 天', 'ant-tag-blue'],
    ['2026-03-12T02:00:00Z', '已届满', 'ant-tag-default'],
  ])("a petitioner's window at %s shows %s, never overdue", (now, text, cls) => {
    render(<CaseClockBadge kind="review_request_window" dueAt={dueAt} now={new Date(now)} />);
    const badge = screen.getByTestId('clock-badge');
    expect(badge.textContent).toBe(`复查申请期限 ${text}`);
    expect(badge.getAttribute('data-urgency')).toBe('window');
    expect(badge.className).toContain(cls);
  });

  it('an overdue clock is at least one day over, even minutes after 24:00', () => {
    expect(daysLeftText(dueAt, new Date('2026-03-10T16:05:00Z'))).toBe('超期 1 天');
  });
});
