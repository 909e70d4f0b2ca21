import { systemClock } from '../counting/clock.js';
import { isCount } from '../counting/count.js';
import { cleanName } from '../counting/names.js';
import { toUnitForms } from '../counting/units.js';
import { describeValue } from '../shared/value-description.js';
import { isName, unitProblem } from './arguments.js';
import {
    DEFAULTS,
    type LiveViewOptions,
    MIN_MESSAGE_LENGTH,
    type ProgressReporterOptions,
    type ResolvedOptions,
} from './options.js';

export const KNOWN_OPTIONS: ReadonlySet<string> = new Set([
    'unit',
    'total',
    'intervalSecs',
    'format',
    'transport',
    'clock',
    'log',
    'maxMessageLength',
    'requestTimeoutSecs',
    'maxAttempts',
    'terminalDeadlineSecs',
    'locale',
    'handleExit',
    'phases',
    'persistStateKey',
    'sharedQueue',
    'progressRecord',
    'recordIntervalSecs',
    'liveView',
    'showCharges',
    'projection',
]);

function optionError(name: string, expected: string, value: unknown): TypeError {
    return new TypeError(`actor-progress: option \`${name}\` must be ${expected}, got ${describeValue(value)}.`);
}

function checkNumber(name: string, value: unknown, { min, integer }: { min: number; integer?: boolean }): number {
    const expected = `${integer ? 'an integer' : 'a finite number'} >= ${min}`;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min) throw optionError(name, expected, value);
    if (integer && !Number.isInteger(value)) throw optionError(name, expected, value);
    return value;
}

/**
 * The longest a duration option may be, in seconds. Node's timers cannot wait more than 2^31-1 ms
 * (about 24.8 days): a longer one fires at once, which would send one PUT per `advance()` or give
 * the terminal message no time at all. Whole seconds, leaving room for the publisher's grace on top
 * of a call's timeout.
 */
const MAX_DURATION_SECS = 2_147_483;

function checkDuration(name: string, value: unknown, min: number): number {
    const secs = checkNumber(name, value, { min });
    if (secs > MAX_DURATION_SECS) {
        throw optionError(
            name,
            `at most ${MAX_DURATION_SECS} (about 24.8 days, the longest a Node timer waits)`,
            value,
        );
    }
    return secs;
}

/** A locale as `Intl` takes it; `Intl` itself would take 123 or [] and fall back to the default. */
function checkLocale(value: unknown): void {
    const expected = 'a BCP 47 locale tag such as "en-US"';
    if (typeof value !== 'string' || value.trim() === '') throw optionError('locale', expected, value);
    try {
        new Intl.NumberFormat(value);
    } catch {
        throw optionError('locale', expected, value);
    }
}

function checkUnit(value: unknown): void {
    const problem = unitProblem('unit', value);
    if (problem) throw optionError('unit', 'a non-empty string or a [singular, plural] pair of strings', value);
}

function checkTotal(value: unknown): void {
    if (typeof value === 'function') return;
    if (isCount(value)) return;
    throw optionError('total', 'a whole number >= 0 or a function returning one', value);
}

function checkPhases(value: unknown): void {
    const ok =
        Array.isArray(value) &&
        value.length > 0 &&
        value.every(isName) &&
        new Set(value.map(cleanName)).size === value.length;
    if (!ok) throw optionError('phases', 'a non-empty array of distinct, non-empty step names', value);
}

/** A key-value store key as the API takes it, or `false` for "none". */
function checkStoreKey(name: string, value: unknown): void {
    if (value === undefined || value === false) return;
    if (typeof value === 'string' && /^[a-zA-Z0-9!\-_.'()]{1,256}$/.test(value)) return;
    throw optionError(name, "false or a key-value store key (1-256 of a-z A-Z 0-9 !-_.'())", value);
}

function checkHasMethods(name: string, value: unknown, methods: string[]): void {
    const ok =
        typeof value === 'object' &&
        value !== null &&
        methods.every((method) => typeof (value as Record<string, unknown>)[method] === 'function');
    if (!ok) throw optionError(name, `an object with ${methods.map((m) => `${m}()`).join(' and ')}`, value);
}

function resolveSharedQueue(value: unknown): ResolvedOptions['sharedQueue'] {
    const expected = 'a boolean or an object { runs?: integer >= 1 }';
    if (value === undefined || value === false) return undefined;
    if (value === true) return { runs: undefined };
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw optionError('sharedQueue', expected, value);
    }
    const unknown = Object.keys(value).filter((key) => key !== 'runs');
    if (unknown.length > 0) throw optionError('sharedQueue', `${expected} (unknown key ${unknown[0]})`, value);
    const { runs } = value as { runs?: unknown };
    if (runs === undefined) return { runs: undefined };
    if (typeof runs !== 'number' || !Number.isInteger(runs) || runs < 1) {
        throw optionError('sharedQueue.runs', 'an integer >= 1', runs);
    }
    return { runs };
}

const LIVE_VIEW_KEYS: ReadonlySet<string> = new Set(['port', 'host']);

function checkLiveView(value: unknown): false | LiveViewOptions {
    if (value === false) return false;
    if (value === true) return {};
    const expected = 'a boolean or { port?: integer 0-65535, host?: non-empty string }';
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw optionError('liveView', expected, value);
    const { port, host } = value as { port?: unknown; host?: unknown };
    const unknownKey = Object.keys(value).find((key) => !LIVE_VIEW_KEYS.has(key));
    if (unknownKey !== undefined) throw optionError('liveView', `${expected} (unknown key \`${unknownKey}\`)`, value);
    if (port !== undefined && !(typeof port === 'number' && Number.isInteger(port) && port >= 0 && port <= 65535)) {
        throw optionError('liveView.port', 'an integer from 0 to 65535', port);
    }
    if (host !== undefined && !(typeof host === 'string' && host.trim() !== '')) {
        throw optionError('liveView.host', 'a non-empty string', host);
    }
    return { ...(port === undefined ? {} : { port }), ...(host === undefined ? {} : { host }) };
}

/**
 * Checks every option up front and applies the defaults once. Bad configuration is the author's
 * bug, so it throws at once with a TypeError naming the option and the value it got.
 */
export function resolveOptions(options: ProgressReporterOptions = {}): ResolvedOptions {
    if (typeof options !== 'object' || options === null || Array.isArray(options)) {
        throw new TypeError(`actor-progress: options must be an object, got ${describeValue(options)}.`);
    }
    for (const key of Object.keys(options)) {
        if (!KNOWN_OPTIONS.has(key)) {
            throw new TypeError(
                `actor-progress: unknown option \`${key}\`. Known options: ${[...KNOWN_OPTIONS].join(', ')}.`,
            );
        }
    }
    const o = options as Record<string, unknown>;
    if (o.unit !== undefined) checkUnit(o.unit);
    if (o.total !== undefined) checkTotal(o.total);
    if (o.format !== undefined && typeof o.format !== 'function') {
        throw optionError('format', 'a function (snapshot) => string', o.format);
    }
    if (o.transport !== undefined) checkHasMethods('transport', o.transport, ['send']);
    if (o.clock !== undefined) checkHasMethods('clock', o.clock, ['now']);
    if (o.log !== undefined) checkHasMethods('log', o.log, ['info', 'warning']);
    if (o.locale !== undefined) checkLocale(o.locale);

    if (o.handleExit !== undefined && typeof o.handleExit !== 'boolean') {
        throw optionError('handleExit', 'a boolean', o.handleExit);
    }
    if (o.showCharges !== undefined && typeof o.showCharges !== 'boolean') {
        throw optionError('showCharges', 'a boolean', o.showCharges);
    }
    if (o.projection !== undefined && typeof o.projection !== 'boolean') {
        throw optionError('projection', 'a boolean', o.projection);
    }
    if (o.phases !== undefined) checkPhases(o.phases);
    checkStoreKey('persistStateKey', o.persistStateKey);
    checkStoreKey('progressRecord', o.progressRecord);

    const liveView = checkLiveView(options.liveView ?? DEFAULTS.liveView);

    const intervalSecs = checkDuration('intervalSecs', options.intervalSecs ?? DEFAULTS.intervalSecs, 0);
    const maxMessageLength = checkNumber('maxMessageLength', options.maxMessageLength ?? DEFAULTS.maxMessageLength, {
        min: MIN_MESSAGE_LENGTH,
        integer: true,
    });
    const requestTimeoutSecs = checkDuration(
        'requestTimeoutSecs',
        options.requestTimeoutSecs ?? DEFAULTS.requestTimeoutSecs,
        0.001,
    );
    const maxAttempts = checkNumber('maxAttempts', options.maxAttempts ?? DEFAULTS.maxAttempts, {
        min: 1,
        integer: true,
    });
    const terminalDeadlineSecs = checkDuration(
        'terminalDeadlineSecs',
        options.terminalDeadlineSecs ?? DEFAULTS.terminalDeadlineSecs,
        0.001,
    );
    const recordIntervalSecs = checkDuration(
        'recordIntervalSecs',
        options.recordIntervalSecs ?? DEFAULTS.recordIntervalSecs,
        0,
    );

    return {
        unit: toUnitForms(options.unit ?? DEFAULTS.unit),
        unitWasSet: options.unit !== undefined,
        total: options.total,
        intervalMs: intervalSecs * 1000,
        format: options.format,
        transport: options.transport,
        clock: options.clock ?? systemClock,
        log: options.log,
        maxMessageLength,
        requestTimeoutMs: requestTimeoutSecs * 1000,
        maxAttempts,
        terminalDeadlineMs: terminalDeadlineSecs * 1000,
        locale: options.locale ?? DEFAULTS.locale,
        handleExit: options.handleExit ?? DEFAULTS.handleExit,
        phases: options.phases === undefined ? undefined : [...options.phases],
        persistStateKey: options.persistStateKey ?? DEFAULTS.persistStateKey,
        sharedQueue: resolveSharedQueue(o.sharedQueue),
        progressRecord: options.progressRecord ?? DEFAULTS.progressRecord,
        recordIntervalMs: recordIntervalSecs * 1000,
        liveView,
        showCharges: options.showCharges ?? DEFAULTS.showCharges,
        projection: options.projection ?? DEFAULTS.projection,
    };
}
