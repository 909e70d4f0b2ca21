import { describe, expect, it } from 'vitest';
import { warnDeliveryFailure } from '../../src/delivery/failure-warning.js';
import { DeliveryError } from '../../src/delivery/transport.js';
import { OnceLog } from '../../src/log/once-log.js';

function logSpy() {
    const warnings: string[] = [];
    return { warnings, log: new OnceLog({ info: () => undefined, warning: (message) => warnings.push(message) }) };
}

const refused = () => new DeliveryError('API call failed (ECONNREFUSED)', { retryable: true, kind: 'ECONNREFUSED' });

describe('warnings about messages that did not land', () => {
    it('says once that a kind of failure is being retried, then that the final message was given up', () => {
        const { warnings, log } = logSpy();
        for (let attempt = 1; attempt <= 5; attempt++) {
            warnDeliveryFailure(log, 'Apify API', refused(), { terminal: true, attempt, willRetry: true });
        }
        warnDeliveryFailure(log, 'Apify API', refused(), { terminal: true, attempt: 6, willRetry: false });
        expect(warnings).toEqual([
            'Could not post the final status message to Apify API (attempt 1): API call failed (ECONNREFUSED); retrying. The Actor carries on.',
            'Could not post the final status message to Apify API after 6 attempts: API call failed (ECONNREFUSED); giving up. The run keeps the last message that landed. The Actor carries on.',
        ]);
    });

    it('logs progress failures once per kind', () => {
        const { warnings, log } = logSpy();
        warnDeliveryFailure(log, 'Apify API', refused(), { terminal: false, attempt: 1, willRetry: true });
        warnDeliveryFailure(log, 'Apify API', refused(), { terminal: false, attempt: 2, willRetry: false });
        expect(warnings).toEqual([
            'Could not post a status message to Apify API (attempt 1): API call failed (ECONNREFUSED); retrying. The Actor carries on.',
        ]);
    });

    it('says once, on its own, that the API refuses the token or the run, and that nothing more is sent', () => {
        const { warnings, log } = logSpy();
        const badToken = () =>
            new DeliveryError('API answered 401 invalid-token: Authentication token is not valid.', {
                retryable: false,
                statusCode: 401,
                kind: 'http-401',
                refused: true,
            });
        warnDeliveryFailure(log, 'Apify API', badToken(), { terminal: false, attempt: 1, willRetry: false });
        warnDeliveryFailure(log, 'Apify API', badToken(), { terminal: true, attempt: 1, willRetry: false });
        expect(warnings).toEqual([
            'Apify API refused a status message: API answered 401 invalid-token: Authentication token is not valid. The token or the run is not accepted, so no more status messages are sent this run (not even the final one). The Actor carries on.',
        ]);
    });
});
