import { Typography } from 'antd';

/**
 * How many cases the filters find: the API's exact count (its own request, so it does not change
 * while more pages load); until it arrives, the rows loaded so far with a “+” when there are more.
 */
export function ListCount(props: {
  total: number | null;
  loaded: number;
  more: boolean;
  loading: boolean;
}) {
  const { total, loaded, more, loading } = props;
  let text: string;
  if (total !== null) text = `共 ${total} 件`;
  else if (loading) text = '查询中…';
  else text = `共 ${loaded}${more ? '+' : ''} 件`;
  return (
    <Typography.Paragraph style={{ marginTop: 16 }} data-testid="list-count">
      {text}
    </Typography.Paragraph>
  );
}
