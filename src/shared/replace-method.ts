type Method = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Replaces `target[name]` on this one object (never its class), and returns `restore()`.
 *
 * `restore()` puts the original back only while our function is still the one installed: if
 * something wrapped it after us, removing ours would remove theirs too, so ours is switched to a
 * plain pass-through instead. Idempotent.
 */
export function replaceMethod(target: object, name: string, makeReplacement: (original: Method) => Method): () => void {
    const slots = target as Record<string, unknown>;
    const hadOwn = Object.hasOwn(target, name);
    const original = slots[name] as Method;
    const replacement = makeReplacement(original);
    let active = true;
    const installed = function (this: unknown, ...args: unknown[]) {
        return active ? replacement.apply(this, args) : original.apply(this, args);
    };
    slots[name] = installed;
    return () => {
        if (!active) return;
        active = false;
        if (slots[name] !== installed) return;
        if (hadOwn) slots[name] = original;
        else delete slots[name];
    };
}
