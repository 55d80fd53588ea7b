/**
 * neo4j-driver 5 opens its Bolt sockets with net.connect / tls.connect and never disables
 * Nagle's algorithm. A statement whose parameters span more than one TCP segment (about 1.4 KB:
 * a batch of 100 ids, an import batch) then waits for the server's delayed ACK: ~40 ms per
 * statement. Measured here: `UNWIND $keys` with 1,000 keys took 53 ms per statement, 9.6 ms with
 * TCP_NODELAY. The driver has no option for it, so the sockets it creates get it here.
 *
 * The wrap sets TCP_NODELAY on sockets opened through net.connect and tls.connect in this
 * process. Node's own HTTP client and server already use TCP_NODELAY, so nothing else changes.
 */
import net from 'node:net';
import tls from 'node:tls';

const MARK = Symbol.for('meshgraph.tcpNoDelay');

/** What the patch needs of node:net and node:tls: their `connect`, which returns the socket it opens. */
interface SocketModule {
  connect: ((...args: never[]) => net.Socket) & { [MARK]?: true };
}

function withNoDelay(module: SocketModule): void {
  const original = module.connect;
  if (original[MARK]) return;
  const wrapped = function (this: unknown, ...args: never[]) {
    const socket = original.apply(this, args);
    socket.setNoDelay(true);
    return socket;
  };
  module.connect = Object.assign(wrapped, { [MARK]: true as const });
}

/** Idempotent; called when the first Graph is created. */
export function useTcpNoDelayForBolt(): void {
  // The modules' CommonJS export objects, the ones the driver's require('net') and require('tls') return.
  withNoDelay(net);
  withNoDelay(tls);
}
