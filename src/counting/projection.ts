import type { DiscoveryReading } from './link-sample.js';

/** Where a growing crawl stands when the projection looks at it. */
export interface ProjectionInput {
    /** Units handled (done + failed). */
    handled: number;
    /** The known total: handled plus found and not handled yet ("at least"). */
    known: number;
    /** What the crawl's links said so far (see `LinkSample`). */
    discovery: DiscoveryReading;
    /** A hard cap on the total (`maxRequestsPerCrawl`), when there is one. */
    cap: number | undefined;
}

/** The evidence behind a projection, for tests and the benchmark; `projected` is what is shown. */
export interface ProjectionVerdict {
    /** The projected final total, or undefined when the evidence does not allow one. */
    projected: number | undefined;
    /** Capture-recapture: known total / share of recent links naming known pages. */
    byRecapture: number | undefined;
    /** iChao1 on the sample: known total × (sampled + unseen estimated) / sampled. */
    byFrequency: number | undefined;
}

/** Tuning, chosen on the benchmark corpus (bench/projection): see docs/projection.md. */
export const PROJECTION_SETTINGS = {
    /** Nothing is projected before this many units are handled: too little to go on. */
    minHandled: 40,
    /** Recent links: those found since this share of the handled count (the last quarter). */
    recentShare: 0.75,
    /** Fewest recent links, and links to known and new pages among them, for a share to mean anything. */
    minRecentLinks: 60,
    minRecentKnown: 10,
    minRecentNew: 3,
    /** Fewest pages named twice in the sample for Chao1 to mean anything. */
    minTwice: 8,
    /** The two estimates agree when the larger is at most this much above the smaller. */
    agreement: 1.35,
    /** Stable: every candidate over the last stretch within this much of the latest one. */
    stability: 0.1,
    /** That stretch: candidates seen since this share of the handled count... */
    stableSince: 0.85,
    /** ...and at least this many of them. */
    minStableCandidates: 4,
};

export type ProjectionSettings = typeof PROJECTION_SETTINGS;

interface Observation {
    handled: number;
    newLinks: number;
    knownLinks: number;
    /** The candidate this observation gave, undefined when the evidence disagreed. */
    candidate: number | undefined;
}

/**
 * Projects where a crawl that is still finding pages will end, from two signals that fail in different
 * places, and says nothing unless they agree and have held for a while:
 *
 * - capture-recapture: when a share `p` of the links found lately name pages already known, about
 *   `known / p` pages exist. Template links (every page linking home) inflate `p`, so it errs low on
 *   shops, and on a tree (every link from a page names a new child) it errs high, growing with the crawl.
 * - frequency (iChao1): among sampled pages, those named by exactly one link (`f1`), two (`f2`), three
 *   and four tell how many exist that no link named yet, about `f1² / 2 f2` and a correction for pages
 *   far easier to find than others. Template links do not bother it, but a tree, a listing or URLs
 *   multiplied by query strings name most pages once, and it errs very high there.
 *
 * A candidate (the frequency estimate, clamped between the known total and the cap) exists only when
 * both agree within `agreement` and the recent links found something new; it is shown once every candidate
 * over the last stretch of the crawl stayed within `stability` of it (within twice that while shown).
 * Pure: the caller passes every reading in, no clock; memory is bounded (readings of the last half of
 * the crawl, one per percent of it).
 */
export class Projection {
    readonly #observations: Observation[] = [];
    readonly #settings: ProjectionSettings;
    /** A projection was shown at the last reading: it stays while it holds within a wider band (no flicker). */
    #showing = false;

    /** `settings` override the tuning, for the benchmark's experiments; users never pass any. */
    constructor(settings: Partial<ProjectionSettings> = {}) {
        this.#settings = { ...PROJECTION_SETTINGS, ...settings };
    }

    /** Starts over, e.g. for a new phase or after a restart: the signals of the old crawl say nothing. */
    reset(): void {
        this.#observations.length = 0;
        this.#showing = false;
    }

    observe(input: ProjectionInput): ProjectionVerdict {
        const { handled, known, discovery } = input;
        const recent = this.#recentBase(handled);
        const settings = this.#settings;
        const byRecapture = recaptureEstimate(known, discovery, recent, settings);
        const byFrequency = frequencyEstimate(known, discovery, settings);
        const candidate = agreedCandidate(byRecapture, byFrequency, known, input.cap, settings);
        this.#remember({ handled, newLinks: discovery.newLinks, knownLinks: discovery.knownLinks, candidate });
        // To appear, a projection must have held within `stability`; once shown, within twice that: a
        // figure that comes and goes with every reading would say less than one that stays.
        const band = this.#showing ? settings.stability * 2 : settings.stability;
        const projected =
            handled >= settings.minHandled && candidate !== undefined && this.#stable(candidate, handled, band)
                ? candidate
                : undefined;
        this.#showing = projected !== undefined;
        return { projected, byRecapture, byFrequency };
    }

    /** The oldest observation at or after the start of the recent stretch. */
    #recentBase(handled: number): Observation | undefined {
        const since = handled * this.#settings.recentShare;
        let base: Observation | undefined;
        for (const observation of this.#observations) {
            if (observation.handled > since) break;
            base = observation;
        }
        return base;
    }

    #remember(observation: Observation): void {
        const list = this.#observations;
        const last = list[list.length - 1];
        // The same count seen again (several readers of one snapshot): the latest reading stands for it.
        if (last && last.handled === observation.handled) list[list.length - 1] = observation;
        else list.push(observation);
        // Only the last half of the crawl is ever looked at, and a reading per percent of it is plenty.
        while (list.length > 2 && (list[1]?.handled ?? 0) <= observation.handled / 2) list.shift();
        thin(list, observation.handled / 100);
    }

    #stable(candidate: number, handled: number, band: number): boolean {
        const settings = this.#settings;
        const since = handled * settings.stableSince;
        const start = this.#observations.findIndex((observation) => observation.handled >= since);
        // The readings must reach back past the start of the stretch: readings that began only lately say little.
        if (start < 1) return false;
        const stretch = this.#observations.slice(start);
        if (stretch.length < settings.minStableCandidates) return false;
        return stretch.every(
            (observation) =>
                observation.candidate !== undefined && Math.abs(observation.candidate / candidate - 1) <= band,
        );
    }
}

/** Keeps observations at least `gap` apart, walking from the oldest; the newest is always kept. */
function thin(list: Observation[], gap: number): void {
    if (list.length <= 2) return;
    const newest = list[list.length - 1] as Observation;
    let kept = 0;
    for (let i = 1; i < list.length - 1; i++) {
        const current = list[i] as Observation;
        if (current.handled - (list[kept] as Observation).handled >= gap) list[++kept] = current;
    }
    list[++kept] = newest;
    list.length = kept + 1;
}

function recaptureEstimate(
    known: number,
    discovery: DiscoveryReading,
    base: Observation | undefined,
    settings: ProjectionSettings,
): number | undefined {
    if (!base) return undefined;
    const knownLinks = discovery.knownLinks - base.knownLinks;
    const links = knownLinks + discovery.newLinks - base.newLinks;
    if (links < settings.minRecentLinks || knownLinks < settings.minRecentKnown) return undefined;
    // Nothing new found lately: the crawl is at its end, or between finds; either way no evidence of more.
    if (links - knownLinks < settings.minRecentNew) return undefined;
    return known / (knownLinks / links);
}

function frequencyEstimate(
    known: number,
    discovery: DiscoveryReading,
    settings: ProjectionSettings,
): number | undefined {
    const { sampled } = discovery;
    const [f1, f2, f3, f4] = discovery.namedTimes;
    if (sampled === 0 || f2 < settings.minTwice) return undefined;
    // Chao1 in its bias-corrected form, then the improved Chao1 (iChao1, Chiu et al. 2014), which reads
    // the pages named three and four times too: less low when some pages are far easier to find.
    let unseen = (f1 * (f1 - 1)) / (2 * (f2 + 1));
    if (f4 > 0) unseen += (f3 / (4 * f4)) * Math.max(f1 - (f2 * f3) / (2 * f4), 0);
    return known * ((sampled + unseen) / sampled);
}

function agreedCandidate(
    byRecapture: number | undefined,
    byFrequency: number | undefined,
    known: number,
    cap: number | undefined,
    settings: ProjectionSettings,
): number | undefined {
    if (byRecapture === undefined || byFrequency === undefined) return undefined;
    const low = Math.min(byRecapture, byFrequency);
    const high = Math.max(byRecapture, byFrequency);
    if (high > low * settings.agreement) return undefined;
    // The frequency estimate is the figure, the recapture one its check: late in a crawl the few links
    // that still find a page make the recapture estimate run a little high, when the frequencies are right.
    return Math.max(known, Math.min(byFrequency, cap ?? Number.POSITIVE_INFINITY));
}
