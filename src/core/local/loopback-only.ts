import { isIPv4 } from 'node:net';
import type { RequestHandler } from 'express';
import { sendProblem } from '../http/problem.ts';

/**
 * Whether an address is this machine's own: 127.0.0.0/8, `::1`, or an IPv4 loopback address mapped into IPv6
 * (`::ffff:127.x.y.z`, how a dual-stack socket reports an IPv4 peer).
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.toLowerCase().startsWith('::ffff:') ? address.slice(7) : address;
  if (isIPv4(v4)) return v4.startsWith('127.');
  return /^(0{0,4}:){7}0{0,3}1$|^::1$/i.test(address);
}

/**
 * Refuses with `403` any request that does not come from this machine. Both the socket's peer and the client
 * Express resolved (`req.ip`, which follows `X-Forwarded-For` only from a loopback proxy) must be loopback: a
 * reverse proxy on this host that forwards a remote caller does not turn that caller into a local one. It does not
 * depend on `HTTP_HOST`, so binding the server to every interface never opens what it guards.
 */
export function loopbackOnly(what: string): RequestHandler {
  return (req, res, next) => {
    if (isLoopbackAddress(req.socket.remoteAddress) && isLoopbackAddress(req.ip)) return next();
    sendProblem(
      res,
      403,
      'Forbidden',
      `${what} answers only requests from this machine (loopback: 127.0.0.0/8 or ::1), and this one came from ${req.ip ?? 'an unknown address'}. ` +
        'Run your client on the machine the bot runs on.',
    );
  };
}
