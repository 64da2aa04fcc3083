import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, List, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { apiRequest } from '../../api/client';
import { describeError } from '../../api/errors';
import { INBOX_POLL_MS, type InboxItem, type InboxPage } from '../../api/notifications';
import { ListTotalLine } from '../../components/list-total';
import { formatDateTime } from '../../lib/time';

/**
 * Where an item leads: its case; for a letter the workbench (where it is signed for and
 * answered), or the case it cites once nothing is owed on it.
 */
export const targetOf = (n: InboxItem): string | null => {
  if (n.caseId) return `/cases/${n.caseId}`;
  if (!n.letterId) return null;
  const cited = n.letterCaseIds?.[0];
  return n.clockKind === 'letter_accepted' && cited ? `/cases/${cited}` : '/workbench';
};

export default function InboxPage() {
  const [unread, setUnread] = useState<'all' | 'unread'>('unread');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const q = useInfiniteQuery({
    queryKey: ['notifications', 'list', unread],
    queryFn: ({ pageParam }) =>
      apiRequest<InboxPage>(
        'GET',
        `/api/v1/notifications?limit=30${unread === 'unread' ? '&unread=true' : ''}${pageParam ? `&cursor=${pageParam}&total=none` : ''}`,
      ),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: INBOX_POLL_MS,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['notifications'] });

  const markRead = async (n: InboxItem) => {
    if (!n.read) await apiRequest('POST', `/api/v1/notifications/${n.id}/read`);
    await refresh();
  };
  const open = async (n: InboxItem) => {
    await markRead(n).catch(() => undefined);
    const to = targetOf(n);
    if (to) void navigate(to);
  };

  return (
    <Card
      title="消息"
      extra={
        <Space>
          <Segmented
            value={unread}
            onChange={(v) => setUnread(v as 'all' | 'unread')}
            options={[
              { value: 'unread', label: '未读' },
              { value: 'all', label: '全部' },
            ]}
            data-testid="inbox-filter"
          />
          <Button
            onClick={() => void apiRequest('POST', '/api/v1/notifications/read-all').then(refresh)}
            data-testid="inbox-read-all"
          >
            全部标为已读
          </Button>
        </Space>
      }
    >
      {q.error && <Alert type="error" message={describeError(q.error)} />}
      <ListTotalLine
        total={q.data?.pages[0]?.total}
        loaded={items.length}
        more={q.hasNextPage}
        loading={q.isLoading}
      />
      <List<InboxItem>
        loading={q.isLoading}
        dataSource={items}
        locale={{ emptyText: unread === 'unread' ? '没有未读消息' : '没有消息' }}
        renderItem={(n) => (
          <List.Item
            data-testid={`inbox-item-${n.id}`}
            actions={[
              !n.read && (
                <Button
                  key="r"
                  size="small"
                  onClick={() => void markRead(n)}
                  data-testid={`inbox-read-${n.id}`}
                >
                  标为已读
                </Button>
              ),
            ].filter(Boolean)}
          >
            <List.Item.Meta
              title={
                <a onClick={() => void open(n)} role="link" data-testid={`inbox-open-${n.id}`}>
                  {!n.read && <Tag color="red">未读</Tag>}
                  {n.kindLabel && (
                    <Tag color="blue" data-testid={`inbox-kind-${n.id}`}>
                      {n.kindLabel}
                    </Tag>
                  )}
                  {n.title}
                </a>
              }
              description={
                <>
                  <Typography.Text>{n.body}</Typography.Text>
                  <br />
                  <Typography.Text type="secondary">
                    {formatDateTime(n.createdAt)}
                    {n.dueDate ? ` · 期限 ${n.dueDate}` : ''}
                  </Typography.Text>
                </>
              }
            />
          </List.Item>
        )}
      />
      {q.hasNextPage && (
        <Button block onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>
          加载更多
        </Button>
      )}
    </Card>
  );
}
