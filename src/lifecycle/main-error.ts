import { log } from 'apify';

/**
 * `Actor.main()` catches the user's error, logs it with `log.exception` and exits with code 91;
 * the `exit` event that follows carries only the code. The error is seen on its way through the
 * SDK's shared log, so the terminal message can say what failed. The log still prints it as before.
 * Returns a function that removes the wrapper, unless someone has wrapped it again since.
 */
export function watchLoggedExceptions(onException: (error: unknown) => void): () => void {
    const target = log as unknown as { exception: (...args: unknown[]) => unknown };
    const hadOwn = Object.hasOwn(target, 'exception');
    const original = target.exception;
    const wrapper = function (this: unknown, ...args: unknown[]) {
        onException(args[0]);
        return original.apply(this, args);
    };
    target.exception = wrapper;
    return () => {
        if (target.exception !== wrapper) return;
        if (hadOwn) target.exception = original;
        else delete (target as { exception?: unknown }).exception;
    };
}
