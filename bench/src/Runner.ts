/**
 * Runs scenarios one after another into a run's results: each after the targets have settled,
 * with the CPU the run's own processes and everything else on the machine used meanwhile (two
 * shared cores: the results say how busy the machine was). A scenario that fails is recorded as
 * failed and the run goes on.
 */
import type { Bench } from './Bench.js';
import { cpuWindow } from './cpu.js';
import type { RunResults, ScenarioResult } from './report.js';

export interface AttemptOptions {
  /** The scenario starts processes of its own, which the CPU window counts as others. */
  spawnsOwn?: boolean;
  /** A cluster run's label: prefixed to the scenario's id (`cluster-latency`) and title (`Cluster: 2. …`). */
  label?: { id: string; title: string };
}

export class Runner {
  failed = false;

  /** `ours`: every process of the run (all games of a cluster run, the generators, the driver). */
  constructor(
    readonly results: RunResults,
    readonly log: (line: string) => void,
    private readonly ours: () => Promise<number[]>,
  ) {}

  async attempt(
    bench: Bench,
    id: string,
    fn: () => Promise<ScenarioResult>,
    { spawnsOwn = false, label }: AttemptOptions = {},
  ): Promise<ScenarioResult | undefined> {
    const t = Date.now();
    const name = label ? `${label.id}-${id}` : id;
    this.log(`scenario ${name}`);
    await bench.settle();
    let pids = await this.ours();
    const cpu = cpuWindow(() => pids);
    try {
      const result = await fn();
      pids = await this.ours();
      const used = cpu.end();
      result.details.cpu = used;
      if (label) {
        result.id = `${label.id}-${result.id}`;
        result.title = `${label.title}: ${result.title}`;
      }
      if (used.others >= 0.25 && !spawnsOwn) {
        this.results.notes.push(
          `Machine shared during ${result.title}: other processes used ${used.others} of ${this.results.machine.cpus} cores.`,
        );
      }
      this.results.scenarios.push(result);
      this.log(`scenario ${name} done in ${((Date.now() - t) / 1000).toFixed(0)} s`);
      return result;
    } catch (err) {
      this.failed = true;
      const message = String((err as Error)?.stack ?? err);
      this.log(`scenario ${name} failed: ${message}`);
      const title = label ? `${label.title}: ${id}` : id;
      this.results.scenarios.push({ id: name, title, rows: [], details: {}, error: message });
      return undefined;
    }
  }
}
