type Method = (this: unknown, ...args: unknown[]) => unknown;

/** Every function `replaceMethod` installed: what it replaced, and whether it is still in use. */
const installs = new WeakMap<Method, { original: Method; hadOwn: boolean; active: () => boolean }>();

/**
 * Replaces `target[name]` on this one object (never its class), and returns `restore()`.
 *
 * `restore()` puts the original back only while our function is still the one installed: if
 * something wrapped it after us, removing ours would remove theirs too, so ours is switched to a
 * plain pass-through instead. When that later wrapper is itself one of ours and is restored, it
 * puts back what is below every pass-through left by ours, so hooks released in any order leave
 * nothing behind. Idempotent.
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
    installs.set(installed, { original, hadOwn, active: () => active });
    slots[name] = installed;
    return () => {
        if (!active) return;
        active = false;
        if (slots[name] !== installed) return;
        let below = { original, hadOwn };
        for (let next = installs.get(below.original); next && !next.active(); next = installs.get(below.original)) {
            below = { original: next.original, hadOwn: next.hadOwn };
        }
        if (below.hadOwn) slots[name] = below.original;
        else delete slots[name];
    };
}
