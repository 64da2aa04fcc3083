import { lookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/core';

/**
 * Addresses a webhook must not reach unless allowed: this host, the bureau's own networks, cloud
 * metadata (169.254.169.254) and every other range that is not the public Internet (RFC 6890 and
 * the IANA special-purpose registries).
 */
const NOT_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  NOT_PUBLIC.addSubnet(net, prefix, 'ipv4');
}
/** Global unicast IPv6 is 2000::/3; within it these are not public (or embed IPv4 addresses). */
const IPV6_GLOBAL = new BlockList();
IPV6_GLOBAL.addSubnet('2000::', 3, 'ipv6');
for (const [net, prefix] of [
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['3fff::', 20],
] as const) {
  NOT_PUBLIC.addSubnet(net, prefix, 'ipv6');
}

const family = (ip: string) => (isIP(ip) === 6 ? 'ipv6' : 'ipv4');

/** True for an address on the public Internet. */
export function isPublicAddress(ip: string): boolean {
  const kind = isIP(ip);
  if (kind === 0) return false;
  if (kind === 6 && !IPV6_GLOBAL.check(ip, 'ipv6')) return false;
  return !NOT_PUBLIC.check(ip, family(ip));
}

/** A refused target: at configuration a 400, at delivery a failed attempt naming it. */
export class WebhookTargetRefused extends Error {
  readonly code = 'EWEBHOOKTARGET';
}

const bare = (hostname: string) => hostname.replace(/^\[|\]$/g, '').toLowerCase();

/**
 * Which hosts a webhook may be posted to: public addresses, and what WEBHOOK_ALLOWED_TARGETS lists
 * (host names, addresses, CIDR ranges), e.g. an intranet platform. Names are resolved and every
 * address they give must pass, when the endpoint is saved and again on every connection, so a
 * name that later resolves elsewhere (DNS rebinding) is refused.
 */
@Injectable()
export class WebhookTargetPolicy {
  private readonly names = new Set<string>();
  private readonly ranges = new BlockList();

  constructor(config: AppConfig) {
    for (const entry of config.reminders.webhookAllowedTargets) {
      const [net, prefix] = entry.split('/');
      if (isIP(net)) {
        if (prefix === undefined) this.ranges.addAddress(net, family(net));
        else this.ranges.addSubnet(net, Number(prefix), family(net));
      } else this.names.add(entry.toLowerCase());
    }
  }

  /** An address this host's connection may go to, for the name it was resolved from. */
  allowsAddress(ip: string, hostname?: string): boolean {
    if (hostname && this.names.has(bare(hostname))) return true;
    return isPublicAddress(ip) || this.ranges.check(ip, family(ip));
  }

  /** Checks a URL's host (resolving a name): resolves, or rejects with WebhookTargetRefused. */
  async check(url: URL): Promise<void> {
    const host = bare(url.hostname);
    if (this.names.has(host)) return;
    const addresses = isIP(host)
      ? [host]
      : await new Promise<string[]>((resolve, reject) =>
          lookup(host, { all: true }, (err, found) =>
            err
              ? reject(new WebhookTargetRefused(`推送地址的主机名 ${host} 无法解析`))
              : resolve(found.map((a) => a.address)),
          ),
        );
    const refused = addresses.find((a) => !this.allowsAddress(a, host));
    if (refused !== undefined) {
      throw new WebhookTargetRefused(
        `推送地址 ${host} 指向本机、内网或其他非公网地址（${refused}），` +
          '如确需推送到内网平台，请由管理员将其列入 WEBHOOK_ALLOWED_TARGETS',
      );
    }
  }

  /**
   * A `lookup` for outgoing connections: resolves as usual, then refuses an address the policy
   * does not allow (the check made when the endpoint was saved could be stale by now).
   */
  readonly lookup = (
    hostname: string,
    options: LookupOptions,
    callback: (
      err: NodeJS.ErrnoException | null,
      address: string | LookupAddress[],
      family?: number,
    ) => void,
  ): void => {
    lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      const refused = addresses.find((a) => !this.allowsAddress(a.address, hostname));
      if (refused) {
        return callback(
          new WebhookTargetRefused(
            `推送地址 ${hostname} 解析到非公网地址 ${refused.address}，已拒绝连接`,
          ),
          '',
        );
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    });
  };
}
