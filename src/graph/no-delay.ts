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

type Connect = (...args: unknown[]) => net.Socket;

function withNoDelay(module: Record<string, unknown>, name: 'connect'): void {
  const original = module[name] as Connect & { [MARK]?: true };
  if (original[MARK]) return;
  const wrapped = function (this: unknown, ...args: unknown[]) {
    const socket = original.apply(this, args);
    socket.setNoDelay(true);
    return socket;
  } as Connect & { [MARK]?: true };
  wrapped[MARK] = true;
  module[name] = wrapped;
}

/** Idempotent; called when the first Graph is created. */
export function useTcpNoDelayForBolt(): void {
  // Safe: both are Node's CommonJS module objects, whose `connect` property is writable.
  withNoDelay(net as unknown as Record<string, unknown>, 'connect');
  withNoDelay(tls as unknown as Record<string, unknown>, 'connect');
}
