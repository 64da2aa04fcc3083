import { redactUrl } from './logging.module';
import { quietFrameworkLogs } from './quiet-framework';

describe('redactUrl', () => {
  it('removes personal data from query strings, keeps the rest', () => {
    expect(
      redactUrl('/api/v1/cases?idNumber=440103199001011234&status=registered&phone=13800138000'),
    ).toBe('/api/v1/cases?idNumber=[redacted]&status=registered&phone=[redacted]');
    expect(redactUrl('/api/v1/cases?status=closed')).toBe('/api/v1/cases?status=closed');
    expect(redactUrl(undefined)).toBe('');
  });

  it.each([
    ['/api/v1/cases?id%4Eumber=440103199001011234', '/api/v1/cases?idNumber=[redacted]'],
    ['/api/v1/cases?ID_NUMBER=4401', '/api/v1/cases?ID_NUMBER=[redacted]'],
    ['/api/v1/cases?q=440103199001011234', '/api/v1/cases?q=[redacted]'],
    ['/api/v1/cases?q=44010319900101123x', '/api/v1/cases?q=[redacted]'],
    ['/api/v1/cases?x=%31%33%38%30%30%31%33%38%30%30%30', '/api/v1/cases?x=[redacted]'],
    [
      '/api/v1/cases?x=%2531%2533%2538%2530%2530%2531%2533%2538%2530%2530%2530',
      '/api/v1/cases?x=[redacted]',
    ],
    ['/api/v1/cases?x=%2B86%20138-0013-8000&y=1', '/api/v1/cases?x=[redacted]&y=1'],
    ['/api/v1/cases?x=020-12345678', '/api/v1/cases?x=[redacted]'],
    ['/api/v1/cases/440103199001011234/timeline', '/api/v1/cases/[redacted]/timeline'],
    ['/x?440103199001011234', '/x?[redacted]'],
    ['/x?a=4401%2003199001011234', '/x?a=[redacted]'],
  ])('%s → %s', (url, logged) => {
    expect(redactUrl(url)).toBe(logged);
  });

  it('leaves dates, times, case numbers and ids alone', () => {
    const url =
      '/api/v1/cases?registeredFrom=2026-01-05T00:00:00.000Z&cursor=1796223183203&caseNo=XF-2026-000123&unitId=12';
    expect(redactUrl(url)).toBe(url);
  });

  it('survives broken percent-encoding', () => {
    expect(redactUrl('/x?a=%E4%B8&b=%zz')).toBe('/x?a=\uFFFD&b=%zz');
  });
});

describe('quietFrameworkLogs', () => {
  it("sends Nest's own start-up lines to debug and keeps ours at info", () => {
    const seen: string[] = [];
    const record = (level: string) => (message: unknown) => {
      seen.push(`${level} ${String(message)}`);
    };
    const logger = quietFrameworkLogs({
      log: record('info'),
      error: record('error'),
      warn: record('warn'),
      debug: record('debug'),
    });
    logger.log('Mapped {/api/v1/cases, POST} route', 'RouterExplorer');
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    logger.log('worker started');
    logger.warn('slow', 'RouterExplorer');
    expect(seen).toEqual([
      'debug Mapped {/api/v1/cases, POST} route',
      'debug AppModule dependencies initialized',
      'info worker started',
      'warn slow',
    ]);
  });
});
