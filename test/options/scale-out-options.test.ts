import { describe, expect, it } from 'vitest';
import { RecordingTransport } from '../../src/delivery/recording-transport.js';
import { resolveOptions } from '../../src/options/resolve.js';
import { ProgressReporter } from '../../src/reporter/progress-reporter.js';

describe('the sharedQueue option', () => {
    it('is off by default, and takes true or the number of runs', () => {
        expect(resolveOptions().sharedQueue).toBeUndefined();
        expect(resolveOptions({ sharedQueue: false }).sharedQueue).toBeUndefined();
        expect(resolveOptions({ sharedQueue: true }).sharedQueue).toEqual({ runs: undefined });
        expect(resolveOptions({ sharedQueue: { runs: 4 } }).sharedQueue).toEqual({ runs: 4 });
        expect(resolveOptions({ sharedQueue: {} }).sharedQueue).toEqual({ runs: undefined });
    });

    it('rejects anything else up front, naming the option', () => {
        expect(() => resolveOptions({ sharedQueue: 'yes' as never })).toThrow(
            'actor-progress: option `sharedQueue` must be a boolean or an object { runs?: integer >= 1 }, got "yes".',
        );
        expect(() => resolveOptions({ sharedQueue: { runs: 0 } })).toThrow(
            'option `sharedQueue.runs` must be an integer >= 1, got 0.',
        );
        expect(() => resolveOptions({ sharedQueue: { runs: 2.5 } })).toThrow('`sharedQueue.runs`');
        expect(() => resolveOptions({ sharedQueue: { run: 2 } as never })).toThrow('unknown key run');
    });

    it('changes nothing for a run that does not share a queue', () => {
        const reporter = new ProgressReporter({ transport: new RecordingTransport(), handleExit: false });
        reporter.advance(3);
        expect(reporter.snapshot()).not.toHaveProperty('sharedQueue');
        expect(reporter.snapshot()).not.toHaveProperty('childRuns');
    });
});

describe('followRuns() arguments', () => {
    const reporter = () =>
        new ProgressReporter({ transport: new RecordingTransport(), handleExit: false, persistStateKey: false });

    it('are checked up front', () => {
        expect(() => reporter().followRuns('abc' as never)).toThrow('needs a list of run ids or runs, got "abc"');
        expect(() => reporter().followRuns([''])).toThrow('item 1 must be a run id');
        expect(() => reporter().followRuns([{ id: 'a', label: 3 } as never])).toThrow('item 1');
        expect(() => reporter().followRuns([], { runs: 0 })).toThrow(
            'actor-progress: followRuns() option `runs` must be an integer >= 1, got 0.',
        );
        expect(() => reporter().followRuns([], { recordKey: 'a b' })).toThrow(
            'option `recordKey` must be a key-value store key',
        );
        expect(() => reporter().followRuns([], { every: 1 } as never)).toThrow('unknown followRuns() option `every`');
        expect(() => reporter().followRuns(null as never)).toThrow('needs a list of run ids or runs, got null');
    });
});
