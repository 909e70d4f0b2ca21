import { describe, expect, it } from 'vitest';
import { MessageTimeline } from '../../src/live-view/timeline.js';

describe('the timeline of status messages', () => {
    it('numbers the messages from the first of the run', () => {
        const timeline = new MessageTimeline(5);
        const first = timeline.add({ at: 1, text: 'a', terminal: false });
        const second = timeline.add({ at: 2, text: 'b', terminal: true });
        expect([first, second]).toEqual([
            { n: 1, at: 1, text: 'a', terminal: false },
            { n: 2, at: 2, text: 'b', terminal: true },
        ]);
    });

    it('keeps the last messages only, and counts those it left out', () => {
        const timeline = new MessageTimeline(3);
        for (let i = 1; i <= 17_280; i++) timeline.add({ at: i, text: `message ${i}`, terminal: false });
        expect(timeline.entries().map((entry) => entry.n)).toEqual([17_278, 17_279, 17_280]);
        expect(timeline.omitted).toBe(17_277);
    });
});
