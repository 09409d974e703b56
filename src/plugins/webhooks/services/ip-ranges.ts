/**
 * Which IP addresses a webhook may never be delivered to.
 *
 * Webhook URLs are typed in by Discord admins, so without this check the bot could be used to reach services that are
 * only meant to be reachable from inside its own network (SSRF): the cloud metadata endpoint, databases on the
 * private network, admin panels bound to loopback, and so on. The lists follow the IANA special-purpose address
 * registries (IPv4 and IPv6): anything that is not globally routable unicast is refused.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** An IPv4 range as [first octets, prefix length]; kept as data so the list reads like the IANA registry. */
type V4Range = readonly [readonly [number, number, number, number], number];

/**
 * IPv4 ranges that are not globally reachable unicast. Comments name the range because several of them (e.g. the
 * benchmark and documentation nets) look harmless but are routed to internal infrastructure by some providers.
 */
const FORBIDDEN_V4: readonly V4Range[] = [
  [[0, 0, 0, 0], 8], // "this network"; 0.0.0.0 connects to the local host on Linux
  [[10, 0, 0, 0], 8], // private
  [[100, 64, 0, 0], 10], // carrier-grade NAT, often internal to a cloud provider
  [[127, 0, 0, 0], 8], // loopback
  [[169, 254, 0, 0], 16], // link-local, includes the cloud metadata service 169.254.169.254
  [[172, 16, 0, 0], 12], // private
  [[192, 0, 0, 0], 24], // IETF protocol assignments (includes NAT64 discovery 192.0.0.170/171)
  [[192, 0, 2, 0], 24], // TEST-NET-1 (documentation)
  [[192, 88, 99, 0], 24], // deprecated 6to4 relay anycast
  [[192, 168, 0, 0], 16], // private
  [[198, 18, 0, 0], 15], // benchmarking
  [[198, 51, 100, 0], 24], // TEST-NET-2 (documentation)
  [[203, 0, 113, 0], 24], // TEST-NET-3 (documentation)
  [[224, 0, 0, 0], 4], // multicast
  [[240, 0, 0, 0], 4], // reserved, includes the limited broadcast 255.255.255.255
];

/** An IPv6 range as [first bytes of the prefix, prefix length]. */
type V6Range = readonly [readonly number[], number];

/**
 * IPv6 ranges *inside* global unicast (2000::/3) that must still be refused. Everything outside 2000::/3 is refused
 * wholesale (see {@link isForbiddenV6}), which already covers ::, ::1, fc00::/7, fe80::/10, fec0::/10, ff00::/8,
 * 100::/64 and the local-use NAT64 prefix 64:ff9b:1::/48.
 */
const FORBIDDEN_V6_IN_GLOBAL: readonly V6Range[] = [
  // Teredo tunnels wrap an (obfuscated) IPv4 client address; the protocol is obsolete, so refusing it costs nothing
  // and saves us from decoding it.
  [[0x20, 0x01, 0x00, 0x00], 32],
  [[0x20, 0x01, 0x00, 0x02, 0x00, 0x00], 48], // benchmarking
  [[0x20, 0x01, 0x00, 0x10], 28], // deprecated ORCHID
  [[0x20, 0x01, 0x00, 0x20], 28], // ORCHIDv2
  [[0x20, 0x01, 0x0d, 0xb8], 32], // documentation
  [[0x3f, 0xff, 0x00], 20], // documentation (RFC 9637)
];

function inPrefix(bytes: readonly number[], prefix: readonly number[], bits: number): boolean {
  for (let i = 0; i < bits; i += 8) {
    const remaining = bits - i;
    const mask = remaining >= 8 ? 0xff : (0xff << (8 - remaining)) & 0xff;
    if (((bytes[i / 8] ?? 0) & mask) !== ((prefix[i / 8] ?? 0) & mask)) return false;
  }
  return true;
}

function parseV4(ip: string): number[] {
  return ip.split('.').map(Number);
}

function isForbiddenV4(octets: readonly number[]): boolean {
  return FORBIDDEN_V4.some(([prefix, bits]) => inPrefix(octets, prefix, bits));
}

/**
 * Parses a textual IPv6 address (already validated with `isIPv6`) into 16 bytes. Written by hand because Node has
 * no public parser, and we need the raw bytes to look at IPv4 addresses embedded in the low or middle bits.
 */
function parseV6(ip: string): number[] {
  let text = ip;
  const tail: number[] = [];
  // A trailing dotted quad ("::ffff:127.0.0.1") stands for the last two 16-bit groups.
  const lastColon = text.lastIndexOf(':');
  const last = text.slice(lastColon + 1);
  if (last.includes('.')) {
    tail.push(...parseV4(last));
    text = text.slice(0, lastColon + 1) + '0:0';
  }
  const [head, rest] = text.includes('::') ? text.split('::') : [text, undefined];
  const groups = (s: string | undefined): number[] => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const headGroups = groups(head);
  const restGroups = groups(rest);
  const all =
    rest === undefined
      ? headGroups
      : [...headGroups, ...new Array<number>(8 - headGroups.length - restGroups.length).fill(0), ...restGroups];
  const bytes = all.flatMap((g) => [g >> 8, g & 0xff]);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

function isForbiddenV6(bytes: readonly number[]): boolean {
  // IPv4-mapped (::ffff:a.b.c.d) and the well-known NAT64 prefix (64:ff9b::/96) carry an IPv4 address in the last
  // 32 bits and reach exactly that IPv4 host, so they are as safe as the embedded address, no more.
  const mapped = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];
  const nat64 = [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0];
  if (inPrefix(bytes, mapped, 96) || inPrefix(bytes, nat64, 96)) return isForbiddenV4(bytes.slice(12, 16));
  // 6to4 (2002::/16) carries the IPv4 address of the tunnel endpoint in bits 16..48.
  if (inPrefix(bytes, [0x20, 0x02], 16)) return isForbiddenV4(bytes.slice(2, 6));
  // Only 2000::/3 is allocated for global unicast; every other block is loopback, link-local, unique-local,
  // multicast, deprecated or unassigned. Refusing by default means a newly reserved range is not an open door.
  if (!inPrefix(bytes, [0x20], 3)) return true;
  return FORBIDDEN_V6_IN_GLOBAL.some(([prefix, bits]) => inPrefix(bytes, prefix, bits));
}

/**
 * Whether a webhook must not be delivered to `ip` because it is not a public unicast address.
 *
 * Covers loopback, unspecified, private, link-local (incl. cloud metadata), CGNAT, multicast, reserved, broadcast,
 * benchmark and documentation ranges, unique-local and site-local IPv6, and IPv4 addresses embedded in IPv6
 * (IPv4-mapped, NAT64, 6to4) — those are judged by the embedded IPv4 address.
 *
 * Accepts the forms found in URLs and sockets: brackets (`[::1]`) and a zone id (`fe80::1%eth0`) are ignored.
 * Anything that is not an IP address returns `true`: the caller asked about an address it is about to connect to,
 * and failing closed is the only safe answer for input we cannot interpret.
 *
 * @param ip - An IPv4 or IPv6 address in text form.
 * @returns `true` when the address must be refused.
 */
export function isForbiddenAddress(ip: string): boolean {
  let text = ip.trim();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  const zone = text.indexOf('%');
  if (zone !== -1) text = text.slice(0, zone);
  if (isIPv4(text)) return isForbiddenV4(parseV4(text));
  if (isIPv6(text)) return isForbiddenV6(parseV6(text));
  return true;
}
