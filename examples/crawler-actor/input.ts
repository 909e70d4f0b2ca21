/** The example Actor's input, checked. The limits match `.actor/input_schema.json`. */
export interface CrawlerInput {
    startUrls: { url: string }[];
    maxRequestsPerCrawl: number;
    maxConcurrency: number;
    statusIntervalSecs: number;
    /** Serve the live progress page on the run's container URL. */
    liveView: boolean;
    /** Crawl through this request queue (a name or an id), shared with other runs. */
    sharedQueue?: string;
    /** How many runs share it, for the messages ("across 3 runs"). */
    runs?: number;
    /** Be the parent: start this many worker runs of this Actor on one shared queue, and follow them. */
    workers?: number;
}

export const INPUT_DEFAULTS = {
    maxRequestsPerCrawl: 100,
    maxConcurrency: 10,
    statusIntervalSecs: 5,
    liveView: true,
} as const;

const LIMITS = {
    maxRequestsPerCrawl: { min: 1, max: 1_000_000 },
    maxConcurrency: { min: 1, max: 200 },
    statusIntervalSecs: { min: 1, max: 600 },
    runs: { min: 1, max: 1000 },
    workers: { min: 1, max: 100 },
} as const;

/** Bad input: the message names the field and says what it should be. */
export class InputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'InputError';
    }
}

function show(value: unknown): string {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function readBoolean(input: Record<string, unknown>, field: 'liveView'): boolean {
    const value = input[field] ?? INPUT_DEFAULTS[field];
    if (typeof value !== 'boolean')
        throw new InputError(`Input field \`${field}\` must be true or false, got ${show(value)}.`);
    return value;
}

function readInteger(input: Record<string, unknown>, field: keyof typeof LIMITS): number {
    const value =
        input[field] ?? (field in INPUT_DEFAULTS ? INPUT_DEFAULTS[field as keyof typeof INPUT_DEFAULTS] : undefined);
    const { min, max } = LIMITS[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
        throw new InputError(
            `Input field \`${field}\` must be a whole number from ${min} to ${max}, got ${show(value)}.`,
        );
    }
    return value;
}

function readStartUrls(value: unknown): { url: string }[] {
    if (!Array.isArray(value) || value.length === 0) {
        throw new InputError(
            `Input field \`startUrls\` must be a non-empty list of {"url": "https://..."}, got ${show(value)}.`,
        );
    }
    return value.map((item: unknown, index) => {
        const url = typeof item === 'object' && item !== null ? (item as { url?: unknown }).url : undefined;
        let parsed: URL | undefined;
        try {
            parsed = typeof url === 'string' ? new URL(url) : undefined;
        } catch {
            parsed = undefined;
        }
        if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
            throw new InputError(
                `Input field \`startUrls\` item ${index + 1} must have an http(s) "url", got ${show(item)}.`,
            );
        }
        return { url: parsed.href };
    });
}

/** An optional whole number: absent stays absent. */
function readOptionalInteger(
    input: Record<string, unknown>,
    field: 'runs' | 'workers',
): Partial<Record<typeof field, number>> {
    return input[field] === undefined || input[field] === null ? {} : { [field]: readInteger(input, field) };
}

/** A request queue's name (letters, digits, hyphens; `username~name` too) or id. */
function readSharedQueue(value: unknown): { sharedQueue?: string } {
    if (value === undefined || value === null || value === '') return {};
    if (typeof value !== 'string' || !/^[a-zA-Z0-9-]+(~[a-zA-Z0-9-]+)?$/.test(value) || value.length > 100) {
        throw new InputError(
            `Input field \`sharedQueue\` must be the name or id of a request queue (letters, digits and hyphens), got ${show(value)}.`,
        );
    }
    return { sharedQueue: value };
}

/** Checks the raw input from the key-value store and fills in the defaults. Throws an `InputError`. */
export function readInput(raw: unknown): CrawlerInput {
    if (raw === null || raw === undefined) {
        throw new InputError(
            'Input is missing: give at least `startUrls`, e.g. {"startUrls": [{"url": "https://crawlee.dev"}]}.',
        );
    }
    if (typeof raw !== 'object' || Array.isArray(raw) || Buffer.isBuffer(raw)) {
        throw new InputError(`Input must be a JSON object, got ${show(raw)}.`);
    }
    const input = raw as Record<string, unknown>;
    return {
        startUrls: readStartUrls(input.startUrls),
        maxRequestsPerCrawl: readInteger(input, 'maxRequestsPerCrawl'),
        maxConcurrency: readInteger(input, 'maxConcurrency'),
        statusIntervalSecs: readInteger(input, 'statusIntervalSecs'),
        liveView: readBoolean(input, 'liveView'),
        ...readSharedQueue(input.sharedQueue),
        ...readOptionalInteger(input, 'runs'),
        ...readOptionalInteger(input, 'workers'),
    };
}
