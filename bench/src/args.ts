/** The driver's command line (`npm run bench -- …`; bench/README.md lists every option). */
import type { ProfileName } from './profiles.js';

export const SCENARIOS = [
  'startup',
  'capacity',
  'latency',
  'fanout',
  'saturation',
  'storm',
  'chargen',
  'reload',
] as const;
/** What a cluster run measures, on both games (bench/README.md#the-cluster-profile). */
export const CLUSTER_SCENARIOS = ['capacity', 'latency', 'reload'] as const;

export interface Args {
  profile: ProfileName;
  /** The cluster profile: the game on one machine and as a cluster, side by side (`--cluster`). */
  cluster: boolean;
  out: string;
  cpuProf: boolean;
  only: Set<string>;
  /** MUD_LOG_LEVEL of the game (warn; info shows the reload's phases in the game output). */
  gameLogLevel: string;
  /** How long to wait at the start for other processes to leave the machine alone. */
  waitQuietS: number;
  /** V8 --trace-gc in the game's processes (pauses in the game output). */
  traceGc: boolean;
}

const USAGE =
  'usage: npm run bench [-- --quick|--full|--smoke] [--cluster] [--out <dir>] [--cpu-prof] [--only capacity,latency,...]\n' +
  '                     [--game-log-level info] [--wait-quiet <seconds>] [--trace-gc]\n';

export function parseArgs(argv: string[], defaultOut: string): Args {
  const args: Args = {
    profile: 'quick',
    cluster: false,
    out: defaultOut,
    cpuProf: false,
    only: new Set(SCENARIOS),
    gameLogLevel: 'warn',
    waitQuietS: 0,
    traceGc: false,
  };
  let only: string[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--full' || a === '--quick' || a === '--smoke') args.profile = a.slice(2) as ProfileName;
    else if (a === '--cluster') args.cluster = true;
    else if (a === '--out') args.out = argv[++i] ?? args.out;
    else if (a === '--cpu-prof') args.cpuProf = true;
    else if (a === '--only') only = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (a === '--game-log-level') args.gameLogLevel = argv[++i] ?? 'warn';
    else if (a === '--wait-quiet') args.waitQuietS = Number(argv[++i] ?? 0);
    else if (a === '--trace-gc') args.traceGc = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument ${a}\n${USAGE}`);
  }
  const known: readonly string[] = args.cluster ? CLUSTER_SCENARIOS : SCENARIOS;
  args.only = new Set(only ?? known);
  for (const s of args.only) {
    if (!known.includes(s)) {
      throw new Error(`unknown scenario ${s}${args.cluster ? ` (a cluster run has ${known.join(', ')})` : ''}`);
    }
  }
  return args;
}
