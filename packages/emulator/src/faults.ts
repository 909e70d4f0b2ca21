import { OPERATIONS } from './http/router.js';
import type { FaultRequest, FaultRule } from './types.js';

/** The operationId of a run's status update: what `terminal` and `non-terminal` rules look at. */
const STATUS_UPDATE = 'actorRun_put';

interface ActiveRule {
    rule: FaultRule;
    remaining: number;
}

/** Checks a rule up front, so a typo fails where it was written rather than as a puzzling test. */
function validateFaultRule(rule: FaultRule): void {
    const { status, delayMs, times, match } = rule;
    if (status !== undefined && !(Number.isInteger(status) && status >= 400 && status <= 599)) {
        throw new TypeError(`Expected \`status\` to be an integer from 400 to 599, got \`${status}\``);
    }
    if (delayMs !== undefined && !(Number.isFinite(delayMs) && delayMs >= 0)) {
        throw new TypeError(`Expected \`delayMs\` to be a finite number >= 0, got \`${delayMs}\``);
    }
    if (times !== undefined && !(times === Number.POSITIVE_INFINITY || (Number.isInteger(times) && times >= 1))) {
        throw new TypeError(`Expected \`times\` to be a positive integer, got \`${times}\``);
    }
    const outcomes = [status !== undefined, rule.hang === true, rule.drop === true].filter(Boolean).length;
    if (outcomes > 1) {
        throw new TypeError('A fault rule takes only one of `status`, `hang` and `drop`');
    }
    if (outcomes === 0 && delayMs === undefined) {
        throw new TypeError('A fault rule needs one of `status`, `delayMs`, `hang` or `drop`');
    }
    const known = ['any', 'put', 'get', 'terminal', 'non-terminal'];
    if (match !== undefined && typeof match !== 'function' && !known.includes(match)) {
        throw new TypeError(`Expected \`match\` to be one of ${known.join(', ')} or a function, got \`${match}\``);
    }
    for (const kind of kindsOf(rule) ?? []) {
        if (!OPERATIONS.has(kind)) {
            throw new TypeError(
                `Expected \`kind\` to name an endpoint by its operationId in the API reference (e.g. actorRun_put), got \`${kind}\``,
            );
        }
    }
    if (rule.runId !== undefined && (typeof rule.runId !== 'string' || rule.runId === '')) {
        throw new TypeError(`Expected \`runId\` to be a non-empty string, got \`${String(rule.runId)}\``);
    }
}

function kindsOf(rule: FaultRule): readonly string[] | undefined {
    return typeof rule.kind === 'string' ? [rule.kind] : rule.kind;
}

function matches(rule: FaultRule, request: FaultRequest): boolean {
    if (rule.runId !== undefined && request.runId !== rule.runId) return false;
    const kinds = kindsOf(rule);
    if (kinds !== undefined && (request.kind === undefined || !kinds.includes(request.kind))) return false;
    const { match = 'any' } = rule;
    if (typeof match === 'function') return match(request);
    const statusUpdate = request.kind === STATUS_UPDATE;
    switch (match) {
        case 'any':
            return true;
        case 'put':
            return request.method === 'PUT';
        case 'get':
            return request.method === 'GET';
        case 'terminal':
            return statusUpdate && isTerminalBody(request.body);
        case 'non-terminal':
            return statusUpdate && !isTerminalBody(request.body);
    }
}

export function isTerminalBody(body: unknown): boolean {
    return (
        typeof body === 'object' && body !== null && (body as Record<string, unknown>).isStatusMessageTerminal === true
    );
}

/** The ordered list of fault rules; each request takes at most one. */
export class FaultBook {
    #rules: ActiveRule[] = [];

    add(rule: FaultRule): void {
        validateFaultRule(rule);
        this.#rules.push({ rule: { ...rule }, remaining: rule.times ?? Number.POSITIVE_INFINITY });
    }

    clear(): void {
        this.#rules = [];
    }

    /** The rule that handles this request, counted as used; `undefined` when the request goes through. */
    take(request: FaultRequest): FaultRule | undefined {
        const index = this.#rules.findIndex((active) => matches(active.rule, request));
        const active = this.#rules[index];
        if (active === undefined) return undefined;
        active.remaining -= 1;
        if (active.remaining <= 0) this.#rules.splice(index, 1);
        return active.rule;
    }
}

/** The label a timeline entry gets for the fault that handled it. */
export function faultLabel(rule: FaultRule): string {
    if (rule.hang) return 'hang';
    if (rule.drop) return 'drop';
    const parts: string[] = [];
    if (rule.delayMs !== undefined) parts.push(`delay-${rule.delayMs}ms`);
    if (rule.status !== undefined) parts.push(`status-${rule.status}`);
    return parts.join('+');
}
