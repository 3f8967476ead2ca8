/**
 * A load-generator process: plays its share of the soak's players until told to stop. Each
 * player connects (creating its account the first time), then loops: think, then one of look,
 * say, pose, who, sessions — or, now and then, quit and come back, drop the socket and resume
 * the session, or drop it and log in afresh. One command at a time per player, each waited for.
 */
import type { FromGenerator, GeneratorPlan, ToGenerator } from './messages.js';
import { SoakPlayer, sleep } from './SoakPlayer.js';
import { emptyStats } from './stats.js';

let plan: GeneratorPlan | undefined;
let stopping = false;
let players: SoakPlayer[] = [];
let loops: Promise<void>[] = [];
const stats = emptyStats();

function reply(message: FromGenerator): void {
  process.send?.(message);
}

function snapshot() {
  stats.online = players.filter((p) => p.online).length;
  return structuredClone(stats);
}

/** mulberry32: a small seeded generator, so a run's mix of actions can be repeated. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function play(player: SoakPlayer, index: number, p: GeneratorPlan, random: () => number): Promise<void> {
  await sleep(random() * p.rampMs);
  let n = 0;
  let inside = false;
  while (!stopping) {
    if (!inside) {
      inside = await player.enter();
      if (!inside) {
        await sleep(2000);
        continue;
      }
    }
    await sleep(p.thinkMs[0] + random() * (p.thinkMs[1] - p.thinkMs[0]));
    if (stopping) break;
    n++;
    const nonce = `g${index}n${n}k`;
    const r = random();
    // About 10% of actions break the connection one way or another.
    if (r < 0.35) inside = await player.command(`say soak ${nonce}`, nonce);
    else if (r < 0.5) inside = await player.command(`pose waves ${nonce}`, nonce);
    else if (r < 0.72) inside = await player.command('look', 'Limbo');
    else if (r < 0.84) inside = await player.command('who', 'logged in.');
    else if (r < 0.9) inside = await player.command('sessions', 'Sessid');
    else if (r < 0.94) inside = await player.quitAndReturn();
    else if (r < 0.97) inside = await player.dropAndResume();
    else inside = await player.dropAndLogin();
  }
}

process.on('message', (message: ToGenerator) => {
  switch (message.t) {
    case 'start': {
      const p = message.plan;
      plan = p;
      stats.players = p.names.length;
      const random = seeded(p.seed);
      players = p.names.map(
        (name) => new SoakPlayer(name, `${name.toLowerCase()}-soak-secret`, p.url, stats, p.answerTimeoutMs),
      );
      loops = players.map((player, i) => play(player, p.seed * 10_000 + i, p, random));
      const timer = setInterval(() => reply({ t: 'stats', stats: snapshot() }), 2000);
      timer.unref();
      return;
    }
    case 'stop':
      stopping = true;
      void Promise.race([Promise.all(loops), sleep((plan?.answerTimeoutMs ?? 30_000) * 3)]).then(() =>
        reply({ t: 'stopped', stats: snapshot() }),
      );
      return;
    case 'close':
      void Promise.all(players.map((p) => p.close())).then(() => {
        reply({ t: 'closed', stats: snapshot() });
        // Let the IPC message go out before the process ends.
        setTimeout(() => process.exit(0), 100);
      });
      return;
  }
});

process.on('disconnect', () => process.exit(0));
