import type { DiscoveryReading } from './link-sample.js';
import { Projection, type ProjectionSettings } from './projection.js';
import { estimateTimeLeft, MIN_COUNT_FOR_ETA } from './rate.js';
import type { RunStatus } from './snapshot.js';

/** What a crawl's links said, with the crawl's hard cap: what a count source hands over. */
export interface CrawlDiscovery {
    links: DiscoveryReading;
    /** `maxRequestsPerCrawl` (summed over the crawlers), when every crawler has one. */
    cap: number | undefined;
}

/** The snapshot's figures for where the run will end. */
export interface ProjectedEndFields {
    /** The projected final total while the total may still grow; null otherwise or when the evidence does not allow one. */
    projectedTotal: number | null;
    /** Seconds left: from the firm total when there is one, else from `projectedTotal`; null when neither can tell. */
    projectedSecondsLeft: number | null;
}

/** What the figures are made from: the parts of a snapshot, before they are added. */
interface Standing {
    status: RunStatus;
    handled: number;
    total: number | undefined;
    totalIsEstimate: boolean;
    etaMs: number | undefined;
    ratePerMinute: number | undefined;
}

const NOTHING: ProjectedEndFields = { projectedTotal: null, projectedSecondsLeft: null };

/**
 * The projection of where a run ends, as the snapshot carries it. With a firm total only the time left
 * (the snapshot's own forecast, in seconds); while the total grows, the `Projection` of the crawl's
 * links when its evidence allows one, and the time left at the current rate to reach it. Off
 * (`projection: false`), a growing total gets no figures at all.
 */
export class ProjectedEnd {
    readonly #enabled: boolean;
    readonly #projection: Projection;
    #discovery: CrawlDiscovery | undefined;

    /** `settings` tune the projection, for the benchmark's experiments only. */
    constructor(enabled: boolean, settings?: Partial<ProjectionSettings>) {
        this.#enabled = enabled;
        this.#projection = new Projection(settings);
    }

    setDiscovery(discovery: CrawlDiscovery | undefined): void {
        this.#discovery = discovery;
    }

    /** The crawl starts over (a new step, counts restored): what its links said before no longer holds. */
    reset(): void {
        this.#projection.reset();
        this.#discovery = undefined;
    }

    fields(standing: Standing): ProjectedEndFields {
        const { status, handled, total, etaMs } = standing;
        if (status !== 'running' || total === undefined) return NOTHING;
        if (!standing.totalIsEstimate) {
            return {
                projectedTotal: null,
                projectedSecondsLeft: etaMs === undefined ? null : Math.round(etaMs / 1000),
            };
        }
        const discovery = this.#discovery;
        if (!this.#enabled || !discovery || discovery.links.newLinks + discovery.links.knownLinks === 0) return NOTHING;
        const { projected } = this.#projection.observe({
            handled,
            known: total,
            discovery: discovery.links,
            cap: discovery.cap,
        });
        if (projected === undefined) return NOTHING;
        const projectedTotal = Math.round(projected);
        // At the current rate, as a firm total's time left is: none while stalled or too early for a rate.
        const msLeft =
            handled >= MIN_COUNT_FOR_ETA && projectedTotal > handled
                ? estimateTimeLeft(projectedTotal - handled, standing.ratePerMinute)
                : undefined;
        const projectedSecondsLeft = msLeft === undefined ? null : Math.round(msLeft / 1000);
        return { projectedTotal, projectedSecondsLeft };
    }
}
