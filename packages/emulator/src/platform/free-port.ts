import { createServer } from 'node:net';

/**
 * A port free on 127.0.0.1 right now, for a run's web server (`ACTOR_WEB_SERVER_PORT`): each run of
 * the emulated platform gets its own, as each container does.
 */
export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.unref();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            const port = typeof address === 'object' && address !== null ? address.port : 0;
            server.close(() => resolve(port));
        });
    });
}
