import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

function cpuModel(): string {
    try {
        const line = readFileSync('/proc/cpuinfo', 'utf8')
            .split('\n')
            .find((l) => l.startsWith('model name'));
        return line?.split(':')[1]?.trim() ?? 'unknown';
    } catch {
        return 'unknown';
    }
}

/** One line saying where the numbers come from: date, cores, CPU, Node. */
export function describeMachine(): string {
    const date = new Date().toISOString().slice(0, 10);
    return `${date} · ${availableParallelism()} cores · CPU "${cpuModel()}" · Node ${process.version}`;
}
