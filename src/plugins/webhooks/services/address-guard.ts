/**
 * The SSRF address check, in one place for every way a delivery connects: a fresh connection per request, or a
 * pooled keep-alive connection (services/keep-alive.ts), whose connect step runs the same lookup.
 */
import dns from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { isForbiddenAddress } from './ip-ranges.ts';
import { SafeHttpError } from './safe-http-error.ts';

/**
 * Canonical form for comparing hosts, so an allow-list entry matches the URL's host name and the address actually
 * resolved or connected to however each is written: case, URL brackets and a trailing root dot do not make another
 * host; addresses take the URL parser's form (`0:0:0:0:0:0:0:1` is `::1`, `127.1` is `127.0.0.1`) and an IPv4
 * address mapped into IPv6 (`::ffff:10.0.0.5`, how a dual-stack socket reports an IPv4 peer) is that IPv4 address.
 */
export function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h.endsWith('.')) h = h.slice(0, -1);
  if (isIP(h) === 6) {
    h = new URL(`http://[${h}]/`).hostname.slice(1, -1);
    const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(h);
    if (mapped) {
      const [hi, lo] = [parseInt(mapped[1]!, 16), parseInt(mapped[2]!, 16)];
      h = `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
    }
  } else if (/^[0-9a-fx.]+$/.test(h)) {
    // Numeric IPv4 shorthands (127.1, 0x7f.1, 2130706433) are addresses to the URL parser; compare them as such.
    try {
      const parsed = new URL(`http://${h}/`).hostname;
      if (isIP(parsed) === 4) h = parsed;
    } catch {
      // Not an address after all (a name made of hex letters): keep it as a name.
    }
  }
  return h;
}

/** Whether a host name (from the URL) or an IP (from DNS or the socket) is on the allow-list. */
export function makeAllowCheck(allowedHosts: readonly string[] | undefined): (host: string) => boolean {
  const allowed = new Set((allowedHosts ?? []).map(normalizeHost).filter((h) => h !== ''));
  return (host) => allowed.has(normalizeHost(host));
}

export function forbiddenAddressError(host: string, address: string): SafeHttpError {
  return new SafeHttpError(
    'FORBIDDEN_ADDRESS',
    `${host} resolves to ${address}, a private, local or reserved address, which webhooks may not call.`,
  );
}

/**
 * The refusal for a connected peer, or undefined when it may be talked to: a forbidden address is refused unless the
 * URL's host or the address itself is allow-listed.
 */
export function checkPeer(host: string, remote: string | undefined, isAllowed: (host: string) => boolean): SafeHttpError | undefined {
  if (remote === undefined || isAllowed(host) || isAllowed(remote) || !isForbiddenAddress(remote)) return undefined;
  return forbiddenAddressError(host, remote);
}

/**
 * A socket `lookup` that resolves all addresses and refuses the connection if any is forbidden. Checking *all* of
 * them (not just the first) matters because Node may fall back to the next address when the first fails to connect
 * (autoSelectFamily), and a rebinding DNS server can put a private address anywhere in the list.
 */
export function guardedLookup(isAllowed: (host: string) => boolean): LookupFunction {
  return (hostname, options, callback) => {
    // Looked up through the module object (not a destructured import) so tests can simulate DNS answers.
    dns.lookup(hostname, { all: true, family: options.family, hints: options.hints }, (err, addresses) => {
      if (err) {
        callback(err, '');
        return;
      }
      if (!isAllowed(hostname)) {
        const bad = addresses.find((a) => isForbiddenAddress(a.address) && !isAllowed(a.address));
        if (bad) {
          callback(forbiddenAddressError(hostname, bad.address), '');
          return;
        }
      }
      if (options.all) {
        callback(null, addresses);
        return;
      }
      const first = addresses[0];
      if (!first) {
        callback(new SafeHttpError('NETWORK', `${hostname} has no addresses.`), '');
        return;
      }
      callback(null, first.address, first.family);
    });
  };
}
