import type { EmulatorOptions } from './emulator-options.js';
import type { CreateRunOptions } from './run-types.js';

/** The emulator's options with their defaults filled in. */
export interface ResolvedOptions {
    keepAlive: boolean;
    keepAliveTimeoutMs: number;
    maxBodyBytes: number;
    port: number;
    abortGraceMs: number;
    killTimeoutMs: number;
    rateLimitWindowMs: number;
    queueCountLagMs: number;
    runStartDelayMs: number;
    actors: readonly string[] | undefined;
}

const DEFAULT_MAX_BODY_BYTES = 9 * 1024 * 1024;

function checkMs(name: string, value: number | undefined): void {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0 && value <= 2 ** 31 - 1)) {
        throw new TypeError(`Expected \`${name}\` to be a number of ms from 0 to 2^31-1, got \`${value}\``);
    }
}

/** Checks every option up front, naming the bad one, and fills in the defaults. */
export function resolveOptions(options: EmulatorOptions): ResolvedOptions {
    const { maxBodyBytes, keepAliveTimeoutMs, port, runId, token, startRun } = options;
    if (maxBodyBytes !== undefined && !(Number.isInteger(maxBodyBytes) && maxBodyBytes > 0)) {
        throw new TypeError(`Expected \`maxBodyBytes\` to be a positive integer, got \`${maxBodyBytes}\``);
    }
    if (keepAliveTimeoutMs !== undefined && !(Number.isFinite(keepAliveTimeoutMs) && keepAliveTimeoutMs >= 0)) {
        throw new TypeError(`Expected \`keepAliveTimeoutMs\` to be a number >= 0, got \`${keepAliveTimeoutMs}\``);
    }
    if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65_535)) {
        throw new TypeError(`Expected \`port\` to be an integer from 0 to 65535, got \`${port}\``);
    }
    if (runId !== undefined && (runId === '' || runId.includes('/'))) {
        throw new TypeError(`Expected \`runId\` to be a non-empty string without "/", got \`${runId}\``);
    }
    if (token === '') throw new TypeError('Expected `token` to be a non-empty string');
    if (startRun !== undefined && typeof startRun !== 'function') {
        throw new TypeError(`Expected \`startRun\` to be a function, got \`${String(startRun)}\``);
    }
    checkMs('abortGraceMs', options.abortGraceMs);
    checkMs('killTimeoutMs', options.killTimeoutMs);
    checkMs('rateLimitWindowMs', options.rateLimitWindowMs);
    checkMs('queueCountLagMs', options.queueCountLagMs);
    checkMs('runStartDelayMs', options.runStartDelayMs);
    const { actors } = options;
    if (
        actors !== undefined &&
        !(Array.isArray(actors) && actors.every((actor) => typeof actor === 'string' && actor !== ''))
    ) {
        throw new TypeError(
            `Expected \`actors\` to be a list of Actor ids or names (non-empty strings), got \`${JSON.stringify(actors)}\``,
        );
    }
    return {
        keepAlive: options.keepAlive ?? true,
        keepAliveTimeoutMs: keepAliveTimeoutMs ?? 5000,
        maxBodyBytes: maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
        port: port ?? 0,
        abortGraceMs: options.abortGraceMs ?? 30_000,
        killTimeoutMs: options.killTimeoutMs ?? 5000,
        rateLimitWindowMs: options.rateLimitWindowMs ?? 1000,
        queueCountLagMs: options.queueCountLagMs ?? 0,
        runStartDelayMs: options.runStartDelayMs ?? 0,
        actors: actors === undefined ? undefined : [...actors],
    };
}

/** A `createRun` input as the platform stores it: JSON by default, or a string / Buffer of its own type. */
export function encodeInput(
    options: CreateRunOptions,
): { raw: Buffer; contentType: string; json: unknown } | undefined {
    const { input } = options;
    if (input === undefined) return undefined;
    const contentType = options.contentType ?? 'application/json; charset=utf-8';
    if (contentType.split(';')[0]?.trim().toLowerCase() === 'application/json') {
        return { raw: Buffer.from(JSON.stringify(input)), contentType, json: structuredClone(input) };
    }
    if (typeof input === 'string') return { raw: Buffer.from(input), contentType, json: undefined };
    if (Buffer.isBuffer(input)) return { raw: input, contentType, json: undefined };
    throw new TypeError(`Expected \`input\` of content type ${contentType} to be a string or a Buffer`);
}

export function validateCreateRun(options: CreateRunOptions): void {
    const { timeoutSecs, memoryMbytes, actorId } = options;
    if (timeoutSecs !== undefined && !(Number.isFinite(timeoutSecs) && timeoutSecs >= 0)) {
        throw new TypeError(`Expected \`timeoutSecs\` to be a number >= 0, got \`${timeoutSecs}\``);
    }
    if (memoryMbytes !== undefined && !(Number.isInteger(memoryMbytes) && memoryMbytes >= 128)) {
        throw new TypeError(`Expected \`memoryMbytes\` to be an integer >= 128, got \`${memoryMbytes}\``);
    }
    if (actorId !== undefined && (actorId === '' || actorId.includes('/'))) {
        throw new TypeError(`Expected \`actorId\` to be an id or "username~name", got \`${actorId}\``);
    }
}
