import { Button, Space, Typography } from 'antd';
import type { components } from '../api/schema';

/** A list's total as every page envelope carries it (`exact: false`: at least `value`). */
export type ListTotal = components['schemas']['ListTotalResponse'];

/** 「共 1,234 件」, or 「约 10,000+ 件」 when the server counted only up to its limit. */
export const totalText = (total: ListTotal, unit: string): string =>
  total.exact
    ? `共 ${total.value.toLocaleString('zh-CN')} ${unit}`
    : `约 ${total.value.toLocaleString('zh-CN')}+ ${unit}`;

/**
 * How many rows the list's filters find: the total of the first page's envelope (it does not
 * change while more pages load); when the server gave up counting (null), the rows loaded so far
 * with a “+” when there are more. `onExact`: offered when the total is an estimate, to count all.
 */
export function ListTotalLine(props: {
  total: ListTotal | null | undefined;
  loaded: number;
  more: boolean;
  loading: boolean;
  unit?: string;
  onExact?: () => void;
  counting?: boolean;
}) {
  const { total, loaded, more, loading, unit = '条', onExact, counting } = props;
  let text: string;
  if (total) text = totalText(total, unit);
  else if (loading) text = '查询中…';
  else if (total === null && more) text = `已加载 ${loaded}+ ${unit}（总数较多，未能及时统计）`;
  else text = `共 ${loaded}${more ? '+' : ''} ${unit}`;
  return (
    <Space style={{ marginTop: 16, marginBottom: 12 }}>
      <Typography.Text data-testid="list-total">{text}</Typography.Text>
      {onExact && total && !total.exact && (
        <Button size="small" type="link" onClick={onExact} loading={counting}>
          精确统计
        </Button>
      )}
    </Space>
  );
}
