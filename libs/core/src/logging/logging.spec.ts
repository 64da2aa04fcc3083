import { redactUrl } from './logging.module';

describe('redactUrl', () => {
  it('removes personal data from query strings, keeps the rest', () => {
    expect(
      redactUrl('/api/v1/cases?idNumber=440103199001011234&status=registered&phone=13800138000'),
    ).toBe('/api/v1/cases?idNumber=[redacted]&status=registered&phone=[redacted]');
    expect(redactUrl('/api/v1/cases?status=closed')).toBe('/api/v1/cases?status=closed');
    expect(redactUrl(undefined)).toBe('');
  });
});
