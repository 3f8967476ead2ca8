/**
 * Micro benchmark (issue 17): what one link message costs over Node's IPC channel with
 * `serialization: 'json'` and with `'advanced'` (V8's structured clone), for the shapes the link
 * carries per turn — an array of `input` messages (the portal's batch) and an `output` message
 * with many batches (the game server's turn). It forks itself; the child receives and counts. The
 * CPU of both ends (sender's encode + write, receiver's read + decode) is divided by the messages
 * sent, so the figure is what one message of that shape costs the two processes together.
 *
 *   node --import tsx src/micro/ipcSerialization.ts     (from bench/; about 20 s)
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

type Mode = 'json' | 'advanced';

const DESCRIPTION =
  'A wide square of worn flagstones, ringed by market stalls. Pigeons argue over crumbs by the old fountain, ' +
  'and the smell of fresh bread drifts from a bakery to the north. Exits: north, east, south, west.';

function inputs(count: number): unknown[] {
  return Array.from({ length: count }, (_, i) => ({ t: 'input', sessid: 1000 + i, frame: ['text', ['look'], {}] }));
}

function output(batches: number): unknown {
  return {
    t: 'output',
    batches: Array.from({ length: batches }, (_, i) => ({
      sessids: [1000 + i],
      frames: [['text', [`|cMarket Square|n\n${DESCRIPTION}`], { type: 'look' }]],
    })),
  };
}

const SHAPES: { name: string; message: unknown }[] = [
  { name: '1 input (bare)', message: inputs(1)[0] },
  { name: 'array of 4 inputs', message: inputs(4) },
  { name: 'array of 32 inputs', message: inputs(32) },
  { name: 'output, 1 batch', message: output(1) },
  { name: 'output, 16 batches', message: output(16) },
  { name: 'output, 128 batches', message: output(128) },
];

const CHILD = process.env.IPC_BENCH_CHILD === '1';

if (CHILD) {
  let received = 0;
  let cpu = process.cpuUsage();
  process.on('message', (m: unknown) => {
    if (m === 'start') {
      received = 0;
      cpu = process.cpuUsage();
      return;
    }
    if (m === 'end') {
      const used = process.cpuUsage(cpu);
      process.send?.({ received, cpuUs: used.user + used.system });
      return;
    }
    received++;
  });
  process.send?.('ready');
} else {
  await main();
}

function once<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve) => child.once('message', (m) => resolve(m as T)));
}

function sendAndWait(child: ChildProcess, message: unknown): Promise<void> {
  return new Promise((resolve, reject) => child.send(message as object, (err) => (err ? reject(err) : resolve())));
}

async function measure(mode: Mode, message: unknown, count: number): Promise<{ usPerMessage: number; wallMs: number }> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    execArgv: process.execArgv,
    env: { ...process.env, IPC_BENCH_CHILD: '1' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: mode,
  });
  await once(child);
  // Warm-up, so both ends' code is optimised before the measured run.
  for (let i = 0; i < 500; i++) child.send(message as object);
  await sendAndWait(child, 'start');
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    // Wait for the channel every so often, as a real sender does: an unbounded backlog would
    // measure memory growth rather than encoding.
    if (i % 200 === 199) await sendAndWait(child, message);
    else child.send(message as object);
  }
  const answer = once<{ received: number; cpuUs: number }>(child);
  await sendAndWait(child, 'end');
  const { received, cpuUs } = await answer;
  const used = process.cpuUsage(cpu);
  const wallMs = performance.now() - started;
  child.kill();
  if (received !== count) throw new Error(`${mode}: ${received} of ${count} arrived`);
  return { usPerMessage: (used.user + used.system + cpuUs) / count, wallMs };
}

async function main(): Promise<void> {
  console.log('| shape | bytes (JSON) | json µs/msg | advanced µs/msg | advanced / json |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const { name, message } of SHAPES) {
    const bytes = JSON.stringify(message).length;
    const count = Math.max(2000, Math.min(20_000, Math.round(4_000_000 / bytes)));
    const json = await measure('json', message, count);
    const advanced = await measure('advanced', message, count);
    console.log(
      `| ${name} | ${bytes} | ${json.usPerMessage.toFixed(1)} | ${advanced.usPerMessage.toFixed(1)} | ${(
        advanced.usPerMessage / json.usPerMessage
      ).toFixed(2)} |`,
    );
  }
}
