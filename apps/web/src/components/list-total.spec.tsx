import { fireEvent, render, screen } from '@testing-library/react';
import { ListTotalLine } from './list-total';

const text = () => screen.getByTestId('list-total').textContent;

describe('a list says how many rows its filters find', () => {
  it("shows the API's exact total, not the rows loaded so far, and keeps it while pages load", () => {
    const exact = { value: 1234, exact: true };
    const { rerender } = render(
      <ListTotalLine total={exact} loaded={50} more loading={false} unit="件" />,
    );
    expect(text()).toBe('共 1,234 件');
    rerender(<ListTotalLine total={exact} loaded={100} more loading={false} unit="件" />);
    expect(text()).toBe('共 1,234 件');
    rerender(
      <ListTotalLine total={{ value: 0, exact: true }} loaded={0} more={false} loading={false} />,
    );
    expect(text()).toBe('共 0 条');
  });

  it('marks an estimate as such, and offers the exact count', () => {
    const asked: number[] = [];
    render(
      <ListTotalLine
        total={{ value: 10000, exact: false }}
        loaded={50}
        more
        loading={false}
        unit="件"
        onExact={() => asked.push(1)}
      />,
    );
    expect(text()).toBe('约 10,000+ 件');
    fireEvent.click(screen.getByRole('button', { name: '精确统计' }));
    expect(asked).toEqual([1]);
  });

  it('offers no exact count when the total is exact', () => {
    render(
      <ListTotalLine
        total={{ value: 12, exact: true }}
        loaded={12}
        more={false}
        loading={false}
        onExact={() => undefined}
      />,
    );
    expect(screen.queryByRole('button', { name: '精确统计' })).toBeNull();
  });

  it('says the total is unknown, with the rows loaded, when the server gave up counting', () => {
    const { rerender } = render(
      <ListTotalLine total={null} loaded={50} more loading={false} unit="件" />,
    );
    expect(text()).toBe('已加载 50+ 件（总数较多，未能及时统计）');
    // Every page loaded: the rows are the total.
    rerender(<ListTotalLine total={null} loaded={73} more={false} loading={false} unit="件" />);
    expect(text()).toBe('共 73 件');
  });

  it('says 查询中 while nothing is known', () => {
    render(<ListTotalLine total={undefined} loaded={0} more={false} loading />);
    expect(text()).toBe('查询中…');
  });
});
