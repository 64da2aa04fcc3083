import { render, screen } from '@testing-library/react';
import { ListCount } from './list-count';

const text = () => screen.getByTestId('list-count').textContent;

describe('the case list says how many cases its filters find', () => {
  it("shows the API's exact total, not the rows loaded so far, and keeps it while pages load", () => {
    const { rerender } = render(<ListCount total={1234} loaded={50} more loading={false} />);
    expect(text()).toBe('共 1234 件');
    rerender(<ListCount total={1234} loaded={100} more loading={false} />);
    expect(text()).toBe('共 1234 件');
    rerender(<ListCount total={0} loaded={0} more={false} loading={false} />);
    expect(text()).toBe('共 0 件');
  });

  it('says 查询中 while nothing is known, then the loaded rows until the count arrives', () => {
    const { rerender } = render(<ListCount total={null} loaded={0} more={false} loading />);
    expect(text()).toBe('查询中…');
    rerender(<ListCount total={null} loaded={50} more loading={false} />);
    expect(text()).toBe('共 50+ 件');
  });
});
