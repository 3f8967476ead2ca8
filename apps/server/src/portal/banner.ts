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

export function banner(name: string, host: string, port: number): string {
  const [first, ...others] = playAddresses(host, port);
  const lines = [
    '',
    `  ${name} is running.`,
    `  Play in a browser:  ${first}`,
    ...others.map((url) => `                 or  ${url}`),
    '  Stop it with Ctrl-C.',
    '',
  ];
  return `${lines.join('\n')}\n`;
}
