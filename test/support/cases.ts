import { randomInt } from 'node:crypto';
import type { TestApp } from './test-app';

/** A valid 18-digit resident ID number with the right check digit (GB 11643). */
export function idNumber(): string {
  const body = `440103${1950 + randomInt(50)}${String(1 + randomInt(12)).padStart(2, '0')}${String(1 + randomInt(28)).padStart(2, '0')}${String(randomInt(1000)).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

export const phone = () => `139${String(randomInt(100_000_000)).padStart(8, '0')}`;

/** Another phone than `p`, its last four digits different. */
export const otherPhone = (p: string) =>
  p.slice(0, 7) + String((Number(p.slice(7)) + 1 + randomInt(9000)) % 10000).padStart(4, '0');

export function caseBody(overrides: Record<string, unknown> = {}) {
  return {
    channel: 'visit',
    source: 'direct',
    sourceLevel: 'district',
    title: '反映小区物业服务问题',
    content: '小区电梯长期故障，物业公司不予维修，请求督促处理。',
    purpose: 'complaint',
    categoryCode: '010301',
    locality: '某区某街道',
    personCount: 1,
    petitioners: [
      {
        kind: 'person',
        name: '张某某',
        idNumber: idNumber(),
        phone: phone(),
        address: '某市某区某路 1 号',
      },
    ],
    ...overrides,
  };
}

export interface CaseJson {
  id: number;
  caseNo: string;
  status: string;
  version: number;
  repeat: boolean;
  firstCaseId: number | null;
  responsibleUnitId: number | null;
  nextClock: { kind: string; dueAt: string; overdue: boolean; provisional: boolean } | null;
  clocks: {
    id: number;
    kind: string;
    status: string;
    dueDate: string;
    dueAt: string;
    hopId: number | null;
    extendedDays: number;
    provisional: boolean;
  }[];
  hops: { id: number; unitId: number; status: string; kind: string }[];
  petitioners: {
    id: number;
    name: string;
    idNumber: string | null;
    phone: string | null;
    masked: boolean;
  }[];
  [key: string]: unknown;
}

/** Thin helpers over the API so tests read as the steps a bureau takes. */
export function caseApi(t: TestApp) {
  const post = async (token: string, url: string, body: unknown) =>
    t.request('POST', url, { token, body });
  return {
    register: (
      token: string,
      overrides: Record<string, unknown> = {},
      headers?: Record<string, string>,
    ) => t.request('POST', '/api/v1/cases', { token, body: caseBody(overrides), headers }),
    get: async (token: string, id: number) =>
      (await t.request('GET', `/api/v1/cases/${id}`, { token })).json<CaseJson>(),
    act: async (token: string, id: number, action: string, body: Record<string, unknown> = {}) => {
      const current = await t.request('GET', `/api/v1/cases/${id}`, { token });
      const version = current.statusCode === 200 ? current.json<CaseJson>().version : 1;
      return post(token, `/api/v1/cases/${id}/${action}`, { version, ...body });
    },
  };
}
