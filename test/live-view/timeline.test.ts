import { describe, expect, it } from 'vitest';
import { MessageTimeline } from '../../src/live-view/timeline.js';

const progress = (at: number) => ({ at, text: `message ${at}`, terminal: false, kind: 'progress' as const });

describe('the timeline of status messages', () => {
    it('numbers the messages from the first of the run', () => {
        const timeline = new MessageTimeline(5);
        const first = timeline.add({ at: 1, text: 'a', terminal: false, kind: 'start' });
        const second = timeline.add({ at: 2, text: 'b', terminal: true, kind: 'terminal' });
        expect([first, second]).toEqual([
            { n: 1, at: 1, text: 'a', terminal: false, kind: 'start' },
            { n: 2, at: 2, text: 'b', terminal: true, kind: 'terminal' },
        ]);
        expect(timeline.entries()).toEqual([first, second]);
    });

    it('keeps the messages that mark something and the latest one; the progress lines between are counted', () => {
        const timeline = new MessageTimeline(5);
        timeline.add({ at: 0, text: 'started', terminal: false, kind: 'start' });
        for (let i = 1; i <= 50; i++) timeline.add(progress(i));
        timeline.add({ at: 51, text: 'Step 2 of 2', terminal: false, kind: 'step' });
        for (let i = 52; i <= 60; i++) timeline.add(progress(i));
        expect(timeline.entries().map((entry) => [entry.n, entry.kind])).toEqual([
            [1, 'start'],
            [52, 'step'],
            [61, 'progress'],
        ]);
        expect(timeline.count).toBe(61);
    });

    it('stays bounded over a day of messages with something to mark every few minutes', () => {
        const timeline = new MessageTimeline(40);
        for (let i = 1; i <= 17_280; i++) {
            timeline.add(i % 50 === 0 ? { at: i, text: `burst ${i}`, terminal: false, kind: 'failures' } : progress(i));
        }
        const entries = timeline.entries();
        expect(entries).toHaveLength(41);
        expect(entries.at(-1)?.n).toBe(17_280);
        // The last 40 bursts: the latest at 17,250, one every 50 messages before it.
        expect(entries[0]?.n).toBe(17_250 - 39 * 50);
    });
});
