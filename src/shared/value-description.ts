/**
 * A value description: a bad argument or option as an error or a warning shows it, short and safe.
 * `"5"` for a string, `-1`, `NaN`, `null`, `undefined`, `10n`, `Symbol(x)`; `["one"]` and
 * `{"done":-2}` for arrays and plain objects (as the author would have written them, cut at 60
 * characters; a function in them reads `"[function]"`, a bigint `"10n"`); `an instance of Router` for an object of a
 * class; `the class BasicCrawler`, `the function refresh` or `a function` for functions.
 *
 * Not the text of an error (`errorText` in counting/) nor a failure reason: it says what a value
 * is, so that "got ..." names what the author passed. Never throws: an argument may be a revoked
 * Proxy (which throws at every look) or an object whose getters throw; those read "an object".
 */
export function describeValue(value: unknown): string {
    try {
        switch (typeof value) {
            case 'string':
                return cut(JSON.stringify(value));
            case 'bigint':
                return `${value}n`;
            case 'symbol':
                return value.toString();
            case 'function':
                return describeFunction(value);
            case 'object':
                return value === null ? 'null' : describeObject(value);
            default:
                return String(value);
        }
    } catch {
        return isArray(value) ? 'an array' : 'an object';
    }
}

/** The longest a value description gets: a value is named, not printed. */
const MAX_LENGTH = 60;

function cut(text: string): string {
    return text.length <= MAX_LENGTH ? text : `${text.slice(0, MAX_LENGTH - 1)}…`;
}

/** A class passed where an instance was wanted is the usual mistake: say which it is. */
function describeFunction(fn: { name?: unknown }): string {
    const name = typeof fn.name === 'string' && /^[\w$]{1,40}$/.test(fn.name) ? fn.name : undefined;
    if (name === undefined) return 'a function';
    return /^class\b/.test(Function.prototype.toString.call(fn)) ? `the class ${name}` : `the function ${name}`;
}

function describeObject(value: object): string {
    const prototype = Object.getPrototypeOf(value);
    const plain = prototype === null || prototype === Object.prototype || Array.isArray(value);
    if (!plain) {
        const name = (prototype as { constructor?: { name?: unknown } }).constructor?.name;
        // "Object": a plain object from another realm (a vm context), shown as one.
        if (typeof name === 'string' && name !== 'Object' && /^[\w$]{1,40}$/.test(name))
            return `an instance of ${name}`;
    }
    const json = JSON.stringify(value, (_key, field: unknown) =>
        typeof field === 'function' ? '[function]' : typeof field === 'bigint' ? `${field}n` : field,
    );
    return json === undefined ? 'an object' : cut(json);
}

/** `Array.isArray`, false for what cannot be looked at (a revoked Proxy throws at every look). */
export function isArray(value: unknown): boolean {
    try {
        return Array.isArray(value);
    } catch {
        return false;
    }
}
