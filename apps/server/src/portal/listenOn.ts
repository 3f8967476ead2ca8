/** Binding a protocol listener's TCP server (docs/telnet.md#ports). */
import type { Server } from 'node:net';

/** Binds `server` to `port` on `host`; resolves with the port bound (the one picked, for 0). */
export async function listenOn(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return typeof address === 'object' && address ? address.port : port;
}
