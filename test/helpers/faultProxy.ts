/**
 * A TCP proxy on 127.0.0.1 in front of a real server, for fault tests: `down` refuses connections
 * (nothing listens), `up` forwards them, `hang` accepts them and never answers (a server that is
 * there but too slow). Bounded: it only ever talks to 127.0.0.1 and closes everything on `close()`.
 */
import net from 'node:net';

export type ProxyMode = 'down' | 'up' | 'hang';

export interface FaultProxy {
  port: number;
  set(mode: ProxyMode): Promise<void>;
  close(): Promise<void>;
}

export async function startFaultProxy(targetPort: number): Promise<FaultProxy> {
  const sockets = new Set<net.Socket>();
  let mode: ProxyMode = 'down';
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (mode === 'hang') return;
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.pipe(upstream).pipe(client);
  });
  // Take a free port once, then keep it: down = not listening on it.
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  const port = address.port;
  const stopListening = (): Promise<void> =>
    new Promise((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
  await stopListening();
  return {
    port,
    async set(next) {
      mode = next;
      if (next === 'down') return stopListening();
      // Kept-alive connections would still forward: close them, so the next request sees the mode.
      if (next === 'hang') for (const s of sockets) s.destroy();
      if (!server.listening) await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve());
      });
    },
    close: stopListening,
  };
}
