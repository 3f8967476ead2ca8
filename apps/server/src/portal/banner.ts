/**
 * What `npm start` tells the person who ran it once the game serves: where to play. Addresses
 * are the ones a browser can use — `localhost` for a wildcard bind, plus this machine's
 * network addresses so a phone on the same network can join.
 */
import { networkInterfaces } from 'node:os';

export function playAddresses(host: string, port: number): string[] {
  const wildcard = host === '0.0.0.0' || host === '::' || host === '';
  if (!wildcard) return [`http://${host.includes(':') ? `[${host}]` : host}:${port}/`];
  const lan = Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((i) => !i.internal && i.family === 'IPv4')
    .map((i) => `http://${i.address}:${port}/`);
  return [`http://localhost:${port}/`, ...lan];
}

/** How a MUD client reaches each of the portal's other listeners (docs/telnet.md#ports). */
const CLIENTS: readonly { key: string; label: string; how: (host: string, port: number) => string }[] = [
  { key: 'telnet', label: 'Telnet (Mudlet…)', how: (host, port) => `${host} port ${port}` },
  { key: 'telnetTls', label: 'Telnet over TLS', how: (host, port) => `${host} port ${port}` },
  { key: 'ssh', label: 'SSH', how: (host, port) => `ssh -p ${port} NAME@${host}` },
];

/** `ports`: every port bound, by protocol (`http` is the web client's). */
export function banner(name: string, host: string, ports: Readonly<Record<string, number>>): string {
  const [first, ...others] = playAddresses(host, ports.http ?? 0);
  const shown = host === '0.0.0.0' || host === '::' || host === '' ? 'localhost' : host;
  const clients = CLIENTS.flatMap(({ key, label, how }) => {
    const port = ports[key];
    return port === undefined ? [] : [`  ${`${label}:`.padEnd(19)} ${how(shown, port)}`];
  });
  const lines = [
    '',
    `  ${name} is running.`,
    `  Play in a browser:  ${first}`,
    ...others.map((url) => `                 or  ${url}`),
    ...clients,
    '  Stop it with Ctrl-C.',
    '',
  ];
  return `${lines.join('\n')}\n`;
}
