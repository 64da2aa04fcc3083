import type { AppConfig } from '@app/core';
import { isPublicAddress, WebhookTargetPolicy, WebhookTargetRefused } from './webhook-targets';

const policy = (...allowed: string[]) =>
  new WebhookTargetPolicy({ reminders: { webhookAllowedTargets: allowed } } as AppConfig);

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '0.0.0.0',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '198.18.0.1',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '64:ff9b::a00:1',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '2001:db8::1',
    '2002:7f00:1::1',
    'not-an-ip',
  ])('%s is not public', (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
  });

  it.each([
    '8.8.8.8',
    '93.184.215.14',
    '172.32.0.1',
    '11.0.0.1',
    '2400:3200::1',
    '2606:4700::1111',
  ])('%s is public', (ip) => {
    expect(isPublicAddress(ip)).toBe(true);
  });
});

describe('WebhookTargetPolicy', () => {
  it.each([
    'http://127.0.0.1:9/x',
    'http://localhost/x',
    'http://[::1]/x',
    'http://[::ffff:127.0.0.1]/x',
    'http://2130706433/x',
    'http://0x7f.0.0.1/x',
    'http://10.0.0.5/x',
    'http://169.254.169.254/latest/meta-data/',
  ])('refuses %s without an allow-list', async (url) => {
    await expect(policy().check(new URL(url))).rejects.toThrow(WebhookTargetRefused);
  });

  it('lets through public addresses, and listed names, addresses and ranges', async () => {
    await expect(policy().check(new URL('https://93.184.215.14/hook'))).resolves.toBeUndefined();
    await expect(
      policy('127.0.0.1').check(new URL('http://127.0.0.1:8080/')),
    ).resolves.toBeUndefined();
    await expect(policy('10.0.0.0/8').check(new URL('http://10.9.8.7/'))).resolves.toBeUndefined();
    await expect(policy('10.0.0.0/8').check(new URL('http://192.168.0.1/'))).rejects.toThrow();
    await expect(policy('LocalHost').check(new URL('http://localhost/'))).resolves.toBeUndefined();
  });

  it('a name that does not resolve is refused', async () => {
    await expect(policy().check(new URL('http://no-such-host.invalid/'))).rejects.toThrow(
      /无法解析/,
    );
  });
});
