import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Empty, Row, Skeleton, Statistic, Typography } from 'antd';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { describeError } from '../../api/errors';
import type { components } from '../../api/schema';
import { useUser } from '../../app/auth';
import { label, ROLE } from '../../lib/dictionary';
import { listSearch } from '../cases/list/list-filters';

type SummaryItem = components['schemas']['SummaryItemResponse'];

/** Where a tile leads: the case list with the API's filter (its count is that list's size). */
export function tileLink(item: SummaryItem): string {
  if (item.list === 'cases') return `/cases${listSearch(item.caseFilter ?? {})}`;
  return '/workbench';
}

export default function HomePage() {
  const user = useUser();
  const summary = useQuery({
    queryKey: ['me', 'summary'],
    queryFn: async () => unwrap(await api.GET('/api/v1/me/summary')),
    refetchInterval: 60_000,
  });
  return (
    <div>
      <Typography.Title level={4}>
        {user.username}，您好（{label(ROLE, user.role)}）
      </Typography.Title>
      <Typography.Paragraph type="secondary">待我处理的事项：</Typography.Paragraph>
      {summary.error && <Alert type="error" showIcon message={describeError(summary.error)} />}
      {summary.isLoading && <Skeleton active />}
      {summary.data && !summary.data.items.length && <Empty description="暂无待办事项" />}
      <Row gutter={[16, 16]}>
        {summary.data?.items.map((item) => (
          <Col key={item.key} xs={24} sm={12} lg={6}>
            <Link
              to={tileLink(item)}
              data-testid={`home-tile-${item.key}`}
              aria-label={`${item.label} ${item.count}${item.capped ? '+' : ''}`}
            >
              <Card hoverable>
                <Statistic
                  title={item.label}
                  value={item.count}
                  suffix={item.capped ? '+' : undefined}
                  valueStyle={item.urgent && item.count ? { color: '#cf1322' } : undefined}
                />
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </div>
  );
}
