import type { Reply, TestApp } from './test-app';

/**
 * Loads a made-up 2027 calendar (元旦 on 1 January only) through the calendar API: the State
 * Council's 2027 notice is not shipped, so tests stand in for the administrator loading it.
 */
export function loadTest2027(t: TestApp, adminToken: string): Promise<Reply> {
  return t.request('PUT', '/api/v1/calendar/2027', {
    token: adminToken,
    body: {
      source: '测试用 2027 年日历',
      days: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }],
    },
  });
}
