/**
 * Address bookkeeping for the test netmaster, written in netmaster's own terms: a network owns
 * the host numbers of its subnet (gateway taken at create, an endpoint group's ip-pool reserved
 * whole), and inspect prints allocated/available as comma-joined ranges ("10.1.1.1-10.1.1.3,
 * 10.1.1.254").
 */

export function ipToInt(ip: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export interface Subnet {
  base: number;
  len: number;
  /** Number of host numbers, network and broadcast addresses excluded. */
  size: number;
}

export function parseCidr(cidr: string): Subnet | null {
  const m = /^([0-9.]+)\/(\d{1,2})$/.exec(cidr);
  if (!m) return null;
  const ip = ipToInt(m[1]);
  const len = Number(m[2]);
  if (ip === null || len > 32) return null;
  const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
  return { base: (ip & mask) >>> 0, len, size: 2 ** (32 - len) };
}

export function overlaps(a: Subnet, b: Subnet): boolean {
  return a.base < b.base + b.size && b.base < a.base + a.size;
}

/** A set of addresses with netmaster's first-free allocation and range printing. */
export class AddressSet {
  private readonly used = new Set<number>();
  constructor(
    /** First and last allocatable address (inclusive). */
    readonly first: number,
    readonly last: number,
  ) {}

  static forSubnet(s: Subnet): AddressSet {
    return new AddressSet(s.base + 1, s.base + s.size - 2);
  }

  has(ip: number): boolean {
    return this.used.has(ip);
  }
  add(ip: number): void {
    this.used.add(ip);
  }
  delete(ip: number): boolean {
    return this.used.delete(ip);
  }
  allocate(): number | null {
    for (let ip = this.first; ip <= this.last; ip++) {
      if (!this.used.has(ip)) {
        this.used.add(ip);
        return ip;
      }
    }
    return null;
  }
  allocated(): string {
    return formatRanges([...this.used].filter((ip) => ip >= this.first && ip <= this.last).sort((a, b) => a - b));
  }
  available(): string {
    const free: number[] = [];
    for (let ip = this.first; ip <= this.last; ip++) if (!this.used.has(ip)) free.push(ip);
    return formatRanges(free);
  }
}

export function formatRanges(sorted: number[]): string {
  const out: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    out.push(i === j ? intToIp(sorted[i]) : `${intToIp(sorted[i])}-${intToIp(sorted[j])}`);
    i = j + 1;
  }
  return out.join(', ');
}

/** Integer tags (vlan/vxlan) printed the same way: "1-6, 1100". */
export function formatTagRanges(tags: number[]): string {
  const s = [...tags].sort((a, b) => a - b);
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j] + 1) j++;
    out.push(i === j ? String(s[i]) : `${s[i]}-${s[j]}`);
    i = j + 1;
  }
  return out.join(', ');
}

/** netmaster's endpoint MAC: 02:02 followed by the four IPv4 bytes. */
export function macForIp(ip: number): string {
  return ['02', '02', ...[ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].map((b) => b.toString(16).padStart(2, '0'))].join(':');
}
