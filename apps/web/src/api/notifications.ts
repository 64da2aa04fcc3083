import { useQuery } from '@tanstack/react-query';
import { apiRequest } from './client';
import type { components } from './schema';

/** What GET /notifications returns (the document does not describe it yet). */
export interface InboxItem {
  id: number;
  /** A clock's stage (due_soon…escalated), `alert` for the admins, `notice` for work that arrived. */
  stage: string;
  /** The clock's kind; for a notice, what arrived (case_assigned, letter_chased…). */
  clockKind: string | null;
  caseId: number | null;
  letterId: number | null;
  letterCaseIds?: number[] | null;
  /** For a notice: what arrived, in words (新交办, 催办…). */
  kindLabel?: string | null;
  dueDate: string | null;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
  read: boolean;
}

export interface InboxPage {
  items: InboxItem[];
  nextCursor: number | null;
  /** Asked for with the first page only (the pages after it send total=none). */
  total: components['schemas']['ListTotalResponse'] | null;
}

/** New items appear without reloading: the header and the inbox poll. */
export const INBOX_POLL_MS = 30_000;

export const useUnreadCount = () =>
  useQuery({
    queryKey: ['notifications', 'unread-count'],
    queryFn: () => apiRequest<{ unread: number }>('GET', '/api/v1/notifications/unread-count'),
    refetchInterval: INBOX_POLL_MS,
  });
