// `npm run test:stress`: `npm test` with every core busy. A suite that passes only on a quiet machine
// asserts what one run showed, not what the libraries guarantee; CI machines and developers' laptops
// are rarely quiet. Beside vitest it runs one CPU burner per core (a Node process spinning, at the
// same priority as the tests), then runs the suite; with --passes N it runs it N times in a row and
// stops at the first failure.
//
//   npm run test:stress                         one pass of the whole suite under load
//   npm run test:stress -- --passes 5           five in a row (what a change to the suite must pass)
//   npm run test:stress -- test/crawlee         some files only (any other argument goes to vitest)
//   npm run test:stress -- --burners 4          more burners than cores
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

function takeOption(args, name, fallback) {
    const at = args.indexOf(name);
    if (at === -1) return fallback;
    const value = Number(args[at + 1]);
    if (!Number.isInteger(value) || value < 1)
        throw new Error(`${name} must be a whole number >= 1, got ${args[at + 1]}`);
    args.splice(at, 2);
    return value;
}

const vitestArgs = process.argv.slice(2);
const passes = takeOption(vitestArgs, '--passes', 1);
const burnerCount = takeOption(vitestArgs, '--burners', availableParallelism());

const burners = Array.from({ length: burnerCount }, () =>
    spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
);
function stopBurners() {
    for (const burner of burners) burner.kill('SIGKILL');
}
process.on('exit', stopBurners);
for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
        stopBurners();
        process.exit(130);
    });
}

function runSuite() {
    const vitest = join(import.meta.dirname, '..', 'node_modules', 'vitest', 'vitest.mjs');
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [vitest, 'run', ...vitestArgs], { stdio: 'inherit' });
        child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
}

console.log(
    `== stress: ${burnerCount} CPU burners beside vitest (${availableParallelism()} cores), ${passes} pass(es)`,
);
const times = [];
let code = 0;
for (let pass = 1; pass <= passes; pass++) {
    const started = Date.now();
    code = await runSuite();
    const seconds = Math.round((Date.now() - started) / 1000);
    times.push(seconds);
    console.log(`== stress: pass ${pass} of ${passes} ${code === 0 ? 'passed' : 'FAILED'} in ${seconds} s`);
    if (code !== 0) break;
}
const passed = code === 0 ? times.length : times.length - 1;
console.log(`== stress: ${passed} pass(es) in a row under load; times ${times.map((s) => `${s} s`).join(', ')}`);
process.exit(code);
