import { render, screen } from '@testing-library/react';
import { ListCount } from './list-count';

const text = () => screen.getByTestId('list-count').textContent;

describe('the case list says how many cases its filters find', () => {
  it("shows the API's exact total, not the rows loaded so far, and keeps it while pages load", () => {
    const exact = { total: 1234, capped: false };
    const { rerender } = render(<ListCount total={exact} loaded={50} more loading={false} />);
    expect(text()).toBe('共 1,234 件');
    rerender(<ListCount total={exact} loaded={100} more loading={false} />);
    expect(text()).toBe('共 1,234 件');
    rerender(
      <ListCount total={{ total: 0, capped: false }} loaded={0} more={false} loading={false} />,
    );
    expect(text()).toBe('共 0 件');
  });

  it('says “at least” when the server stopped counting at its cap', () => {
    render(<ListCount total={{ total: 100000, capped: true }} loaded={50} more loading={false} />);
    expect(text()).toBe('共 100,000+ 件');
  });

  it('says the total is unknown, with the rows loaded, when the server gave up counting', () => {
    const unknown = { total: null, capped: false };
    const { rerender } = render(<ListCount total={unknown} loaded={50} more loading={false} />);
    expect(text()).toBe('已加载 50+ 件（总数较多，未能及时统计）');
    // Every page loaded: the rows are the total.
    rerender(<ListCount total={unknown} loaded={73} more={false} loading={false} />);
    expect(text()).toBe('共 73 件');
  });

  it('says 查询中 while nothing is known, then the loaded rows until the count arrives', () => {
    const { rerender } = render(<ListCount total={null} loaded={0} more={false} loading />);
    expect(text()).toBe('查询中…');
    rerender(<ListCount total={null} loaded={50} more loading={false} />);
    expect(text()).toBe('共 50+ 件');
  });
});
