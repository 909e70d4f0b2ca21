import { runExitHookBenchmark } from './exit-hook/run.js';
import { runIntervalsBenchmark } from './intervals/run.js';
import { describeMachine } from './lib/machine.js';
import { runLiveViewBenchmark } from './live-view/run.js';
import { runMemoryBenchmark } from './memory/run.js';
import { runMessagesBenchmark } from './messages/run.js';
import { runOverheadBenchmark } from './overhead/run.js';
import { runProjectionBenchmark } from './projection/run.js';
import { runRecordBenchmark } from './record/run.js';
import { runScaleOutBenchmark } from './scale-out/run.js';
import { runStallBenchmark } from './stall/run.js';
import { runTerminalBenchmark } from './terminal/run.js';

const benchmarks: Record<string, () => Promise<string>> = {
    messages: runMessagesBenchmark,
    terminal: runTerminalBenchmark,
    overhead: runOverheadBenchmark,
    memory: runMemoryBenchmark,
    intervals: runIntervalsBenchmark,
    // In the order of the tables' numbers (docs/benchmarks.md).
    'exit-hook': runExitHookBenchmark,
    'live-view': runLiveViewBenchmark,
    record: runRecordBenchmark,
    stall: runStallBenchmark,
    'scale-out': runScaleOutBenchmark,
    projection: runProjectionBenchmark,
};

const only = process.argv.slice(2);
const unknown = only.filter((name) => !(name in benchmarks));
if (unknown.length > 0) {
    console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${Object.keys(benchmarks).join(', ')}.`);
    process.exit(2);
}
console.log(`${describeMachine()}\n`);
for (const [name, run] of Object.entries(benchmarks)) {
    if (only.length > 0 && !only.includes(name)) continue;
    const started = performance.now();
    const output = await run();
    console.log(output);
    console.log(`(${name}: ${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
}
