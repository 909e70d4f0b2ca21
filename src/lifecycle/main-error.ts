import { log } from 'apify';
import { replaceMethod } from '../shared/replace-method.js';

/**
 * `Actor.main()` catches the user's error, logs it with `log.exception` and exits with code 91;
 * the `exit` event that follows carries only the code. The error is seen on its way through the
 * SDK's shared log, so the terminal message can say what failed. The log still prints it as before.
 * Returns the function that removes the wrapper.
 */
export function watchLoggedExceptions(onException: (error: unknown) => void): () => void {
    return replaceMethod(
        log,
        'exception',
        (original) =>
            function (this: unknown, ...args: unknown[]) {
                onException(args[0]);
                return original.apply(this, args);
            },
    );
}
