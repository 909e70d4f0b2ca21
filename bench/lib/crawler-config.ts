import { MemoryStorage } from '@crawlee/memory-storage';
import { Configuration } from 'crawlee';

type StatusMessageOptions = { isStatusMessageTerminal?: boolean; level?: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' };
type SetStatusMessage = (message: string, options: StatusMessageOptions) => Promise<unknown>;

/**
 * Local, in-memory storage that can send the crawler's own status messages somewhere. On the platform
 * the crawler's storage client is the SDK's ApifyClient, whose `setStatusMessage` PUTs the run; passing
 * that same call here gives the crawler's messages the platform's path while requests stay in memory.
 */
class ForwardingStorage extends MemoryStorage {
    readonly #forward: SetStatusMessage;

    constructor(forward: SetStatusMessage) {
        super({ persistStorage: false, writeMetadata: false });
        this.#forward = forward;
    }

    override async setStatusMessage(message: string, options: StatusMessageOptions = {}): Promise<void> {
        await this.#forward(message, options);
    }
}

/** A crawler configuration with in-memory storage; `forward` receives the crawler's status messages. */
export function localCrawlerConfig(forward?: SetStatusMessage): Configuration {
    const storageClient = forward
        ? new ForwardingStorage(forward)
        : new MemoryStorage({ persistStorage: false, writeMetadata: false });
    return new Configuration({ persistStorage: false, purgeOnStart: true, storageClient });
}
