import type { ProgressSnapshot } from '../counting/snapshot.js';
import type { RequestHandler } from '../live-view/handler.js';
import type { RunIdentity } from '../live-view/source.js';
import { type LiveViewHandle, startLiveView } from '../live-view/start.js';
import type { OnceLog } from '../log/once-log.js';
import { redactStrings } from '../log/redact.js';
import type { LiveViewOptions, ResolvedOptions } from '../options/options.js';
import type { DeliveredMessages } from './delivered-messages.js';
import { redactedProgressDocument } from './redacted-document.js';

interface LiveViewWiringSettings {
    options: Readonly<ResolvedOptions>;
    /** The reporter's snapshot: reads the count sources, sends nothing. */
    snapshot: () => ProgressSnapshot;
    messages: DeliveredMessages;
    log: OnceLog;
}

/** The run the page belongs to, as the platform names it; null for both locally. */
function runIdentity(env: NodeJS.ProcessEnv): RunIdentity {
    return {
        actor: env.ACTOR_FULL_NAME || env.ACTOR_ID || env.APIFY_ACTOR_ID || null,
        runId: env.ACTOR_RUN_ID || env.APIFY_ACTOR_RUN_ID || null,
    };
}

/**
 * A reporter's progress page: started with the reporter when the `liveView` option asks for it,
 * else by the first `liveViewHandler()` call, which opens no port.
 */
export class LiveViewWiring {
    readonly #settings: LiveViewWiringSettings;
    #liveView: LiveViewHandle | undefined;

    constructor(settings: LiveViewWiringSettings) {
        this.#settings = settings;
        const { liveView } = settings.options;
        if (liveView !== false) this.#liveView = this.#start(liveView);
    }

    #start(listen: LiveViewOptions | undefined): LiveViewHandle {
        const { options, snapshot, messages, log } = this.#settings;
        // Public: whoever has the URL reads it. Everything it serves is made from these, so every
        // string in them has the run's secrets removed (the messages were, when they were sent).
        const redact = (text: string) => log.redact(text);
        return startLiveView(
            {
                document: () => redactedProgressDocument(snapshot(), messages.lastMessage(), redact),
                lastMessage: () => redactStrings(messages.lastMessage(), redact),
                onMessage: (listener) => messages.onMessage((message) => listener(redactStrings(message, redact))),
                now: () => options.clock.now(),
            },
            {
                locale: options.locale,
                phases: redactStrings(options.phases ?? [], redact),
                run: redactStrings(runIdentity(process.env), redact),
            },
            listen,
            log,
        );
    }

    handler(): RequestHandler {
        this.#liveView ??= this.#start(undefined);
        return this.#liveView.handler;
    }

    url(): Promise<string | undefined> {
        return this.#liveView?.url ?? Promise.resolve(undefined);
    }

    close(): Promise<void> {
        return this.#liveView?.close() ?? Promise.resolve();
    }
}
