import { DeliveryError } from './transport.js';

/** Waited on top of a call's own timeout, so that a transport or store honouring it reports its own error first. */
const CALL_GRACE_MS = 250;

/**
 * Runs one call to a transport or a store, bounded by `timeoutMs` (plus `CALL_GRACE_MS`) even when
 * it ignores the timeout it was given: then it rejects with a retryable `timeout` failure, and the
 * abandoned call's own failure, when it comes, is swallowed. A call that throws synchronously fails
 * like one that rejects.
 */
export async function callWithin<T>(timeoutMs: number, call: () => Promise<T> | T): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
            () => reject(new DeliveryError(`no answer within ${timeoutMs} ms`, { retryable: true, kind: 'timeout' })),
            timeoutMs + CALL_GRACE_MS,
        );
    });
    try {
        const work = Promise.resolve().then(call);
        work.catch(() => undefined); // abandoned when the timeout wins
        return await Promise.race([work, timeout]);
    } finally {
        clearTimeout(timer);
    }
}
