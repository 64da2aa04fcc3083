import { Card, Col, Row, Skeleton, Statistic, Typography } from 'antd';
import { Link } from 'react-router';
import { type CaseListQuery, useCaseCount } from '../../api/cases';
import { useUser } from '../../app/auth';
import { label, ROLE, type Role } from '../../lib/dictionary';
import { listSearch } from '../cases/list/list-filters';

interface Tile {
  key: string;
  title: string;
  query: CaseListQuery;
  danger?: boolean;
}

const OVERDUE: Tile = { key: 'overdue', title: '已超期', query: { overdue: true }, danger: true };
const DUE_SOON: Tile = { key: 'due-soon', title: '3 日内到期', query: { dueWithinDays: 3 } };

/** What is waiting for each role; every tile opens the list with the same filter. */
export const HOME_TILES: Record<Role, Tile[]> = {
  reception: [
    { key: 'registered', title: '待转送交办', query: { status: ['registered'] } },
    { key: 'answered', title: '已答复待评价/办结', query: { status: ['answered'] } },
    { key: 'final-match', title: '匹配已终结事项待确认', query: { finalMatch: true } },
    DUE_SOON,
  ],
  officer: [
    { key: 'registered', title: '待转送交办', query: { status: ['registered'] } },
    { key: 'objected', title: '单位有异议', query: { status: ['objected'] } },
    { key: 'answered', title: '已答复待办结', query: { status: ['answered'] } },
    OVERDUE,
    DUE_SOON,
  ],
  unit_handler: [
    { key: 'to-accept', title: '待受理', query: { status: ['transferred', 'assigned'] } },
    { key: 'accepted', title: '办理中', query: { status: ['accepted'] } },
    OVERDUE,
    DUE_SOON,
  ],
  supervisor: [
    OVERDUE,
    DUE_SOON,
    { key: 'objected', title: '单位有异议', query: { status: ['objected'] } },
  ],
  leader: [
    OVERDUE,
    DUE_SOON,
    { key: 'accepted', title: '办理中', query: { status: ['accepted'] } },
  ],
  admin: [
    OVERDUE,
    DUE_SOON,
    { key: 'registered', title: '待转送交办', query: { status: ['registered'] } },
  ],
  finance: [],
};

function CountTile({ tile }: { tile: Tile }) {
  const count = useCaseCount(tile.query);
  return (
    <Link
      to={`/cases${listSearch(tile.query)}`}
      data-testid={`home-tile-${tile.key}`}
      aria-label={tile.title}
    >
      <Card hoverable>
        {count.isLoading ? (
          <Skeleton active paragraph={false} />
        ) : (
          <Statistic
            title={tile.title}
            value={count.data ? `${count.data.count}${count.data.more ? '+' : ''}` : '—'}
            valueStyle={tile.danger && count.data?.count ? { color: '#cf1322' } : undefined}
          />
        )}
      </Card>
    </Link>
  );
}

export default function HomePage() {
  const user = useUser();
  const tiles = HOME_TILES[user.role];
  return (
    <div>
      <Typography.Title level={4}>
        {user.username}，您好（{label(ROLE, user.role)}）
      </Typography.Title>
      <Typography.Paragraph type="secondary">待我处理的事项：</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        {tiles.map((t) => (
          <Col key={t.key} xs={24} sm={12} lg={6}>
            <CountTile tile={t} />
          </Col>
        ))}
      </Row>
    </div>
  );
}
