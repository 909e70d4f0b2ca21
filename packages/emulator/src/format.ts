import type { StatusMessageRecord, TimelineEntry } from './types.js';

function elapsed(ms: number): string {
    return `+${(ms / 1000).toFixed(1)}s`;
}

/**
 * "+1.2s  [terminal] message": one line per message the Console showed. The platform's own message at
 * the end of a run that left none is marked "[platform]": the Actor never sent it.
 */
export function formatStatusMessages(messages: readonly StatusMessageRecord[]): string {
    const width = Math.max(0, ...messages.map((record) => elapsed(record.at).length));
    return messages
        .map((record) => {
            const marks = `${record.byPlatform ? '[platform] ' : ''}${record.terminal ? '[terminal] ' : ''}`;
            return `${elapsed(record.at).padStart(width)}  ${marks}${record.message}`;
        })
        .join('\n');
}

/** Every request, with its status and any fault: for debugging a failing test. */
export function formatEntries(entries: readonly TimelineEntry[]): string {
    const width = Math.max(0, ...entries.map((entry) => elapsed(entry.at).length));
    return entries
        .map((entry) => {
            const parts = [
                elapsed(entry.at).padStart(width),
                ` ${entry.method} ${entry.path} -> ${entry.status || '---'}`,
            ];
            if (entry.fault !== undefined) parts.push(` (${entry.fault})`);
            if (entry.afterTerminal) parts.push(' (after terminal)');
            if (entry.clientGone) parts.push(' (client gone)');
            if (entry.attempt > 1) parts.push(` attempt ${entry.attempt}`);
            if (entry.statusMessage !== undefined) {
                parts.push(`  ${entry.isStatusMessageTerminal ? '[terminal] ' : ''}${entry.statusMessage}`);
            }
            return parts.join('');
        })
        .join('\n');
}
