import { Typography } from 'antd';
import type { CaseCount } from '../../../api/cases';

/** 「1,234 件」, 「100,000+ 件」 when the server stopped at its cap, null when it gave up. */
export const countText = (count: CaseCount): string | null =>
  count.total === null
    ? null
    : `${count.total.toLocaleString('zh-CN')}${count.capped ? '+' : ''} 件`;

/**
 * How many cases the filters find: the API's exact count (its own request, so it does not change
 * while more pages load, and stops at the server's cap with a “+”); until it arrives, or when the
 * server gave up counting, the rows loaded so far with a “+” when there are more.
 */
export function ListCount(props: {
  total: CaseCount | null;
  loaded: number;
  more: boolean;
  loading: boolean;
}) {
  const { total, loaded, more, loading } = props;
  let text: string;
  const counted = total && countText(total);
  if (counted) text = `共 ${counted}`;
  else if (loading) text = '查询中…';
  else if (total && more) text = `已加载 ${loaded}+ 件（总数较多，未能及时统计）`;
  else text = `共 ${loaded}${more ? '+' : ''} 件`;
  return (
    <Typography.Paragraph style={{ marginTop: 16 }} data-testid="list-count">
      {text}
    </Typography.Paragraph>
  );
}
