/**
 * neo4j-driver 5 opens its Bolt sockets with net.connect / tls.connect and never disables
 * Nagle's algorithm. A statement whose parameters span more than one TCP segment (about 1.4 KB:
 * a batch of 100 ids, an import batch) then waits for the server's delayed ACK: ~40 ms per
 * statement. Measured here: `UNWIND $keys` with 1,000 keys took 53 ms per statement, 9.6 ms with
 * TCP_NODELAY. The driver has no option for it, so the sockets it creates get it here.
 *
 * With TCP_NODELAY every `socket.write` is a system call and a packet of its own, and the
 * driver writes a message in chunks of at most 1,400 bytes: a read-ahead statement of 5 KB went
 * out as four writes, and those writes were 9 % of the busy time of the peer benchmark's profile
 * (issue 12). So the sockets are also corked for the rest of the tick in which something is
 * written (Node's documented cork/nextTick-uncork pattern, the one its HTTP responses use): the
 * chunks of a message, and the messages of statements sent in the same tick, leave in one
 * `writev`.
 *
 * The wrap applies to sockets opened through net.connect and tls.connect in this process. Node's
 * own HTTP client and server already use TCP_NODELAY and do not go through those functions, so
 * nothing else changes.
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
    coalesceWrites(socket);
    return socket;
  };
  module.connect = Object.assign(wrapped, { [MARK]: true as const });
}

/** Writes made in one tick leave together: the first corks the socket until the next tick. */
function coalesceWrites(socket: net.Socket): void {
  const write = socket.write;
  socket.write = function (this: net.Socket, ...args: Parameters<net.Socket['write']>) {
    if (this.writableCorked === 0) {
      this.cork();
      process.nextTick(uncork, this);
    }
    return write.apply(this, args);
  } as net.Socket['write'];
}

const uncork = (socket: net.Socket) => socket.uncork();

/** Idempotent; called when the first Graph is created. */
export function useTcpNoDelayForBolt(): void {
  // The modules' CommonJS export objects, the ones the driver's require('net') and require('tls') return.
  withNoDelay(net);
  withNoDelay(tls);
}
