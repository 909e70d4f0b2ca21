/** The knobs of the bundled site. Every default gives the site the demo crawls. */
export interface SiteOptions {
    /**
     * Pages that answer 200 or 500, numbered from 0.
     * @default 300
     */
    pages?: number;
    /**
     * Share of pages that answer only after `slowDelayMs`.
     * @default 0.1
     */
    slowFraction?: number;
    /**
     * How long a slow page takes, in ms.
     * @default 300
     */
    slowDelayMs?: number;
    /**
     * Share of pages that always answer 500, so they fail for good after the crawler's retries.
     * At most 0.5: no two failing pages are next to each other, so every other page stays reachable.
     * @default 0.01
     */
    failingFraction?: number;
    /**
     * Share of pages that never answer (until the site closes), so a crawler gives up on them with a
     * timeout. Like failing pages they yield no links, so the two together stay at most 0.5.
     * @default 0
     */
    hangingFraction?: number;
    /**
     * Share of the working pages whose structured data (`<script type="application/ld+json">`) is cut
     * short, so a handler that parses it throws a SyntaxError. The page itself answers 200 with links.
     * @default 0
     */
    brokenFraction?: number;
    /**
     * How many distinct links point at pages that do not exist (they answer 404 with an HTML body,
     * which Crawlee's HTTP crawlers hand to the request handler like any page).
     * @default 2
     */
    missingLinks?: number;
}

export type Route =
    | { kind: 'page'; index: number; delayMs: number; links: readonly string[]; broken: boolean }
    | { kind: 'failing'; index: number }
    | { kind: 'hanging'; index: number }
    | { kind: 'missing' };

/** What a full crawl of the site finds, for tests and the demo to check against. */
export interface SitePlan {
    readonly pages: number;
    readonly startPath: string;
    /** Indexes of the pages that always answer 500. */
    readonly failingPages: readonly number[];
    /** Indexes of the slow pages. */
    readonly slowPages: readonly number[];
    /** Indexes of the pages that never answer. */
    readonly hangingPages: readonly number[];
    /** Indexes of the pages whose structured data is cut short. */
    readonly brokenPages: readonly number[];
    /** Paths of the linked pages that answer 404. */
    readonly missingPaths: readonly string[];
    /** Requests a full crawl handles: every page and every 404 link. */
    readonly reachable: number;
    /** Requests a full crawl ends with as failed with a 500 (the failing pages). */
    readonly failing: number;
    /** Requests a full crawl ends with as failed with a timeout (the hanging pages). */
    readonly hanging: number;
    /** Requests a full crawl ends with as succeeded (200 and 404 pages) when its handler does not parse the structured data. */
    readonly succeeding: number;
    route(path: string): Route;
}

/** A link off the site, which a same-host crawl must not follow. */
export const EXTERNAL_LINK = 'http://example.invalid/elsewhere';

function checkFraction(name: string, value: number, max: number): number {
    if (!(value >= 0 && value <= max))
        throw new RangeError(`startSite: \`${name}\` must be between 0 and ${max}, got ${value}.`);
    return value;
}

/** Indexes spread evenly over 1..pages-1 (page 0 is where crawls start, so it never fails). */
function spread(count: number, pages: number): number[] {
    const picked: number[] = [];
    for (let k = 0; k < count; k++) picked.push(1 + Math.floor(((k + 0.5) * (pages - 1)) / count));
    return picked;
}

/** A fixed pseudo-random choice per page (Knuth's multiplicative hash), the same on every run. */
function hashFraction(index: number): number {
    return (Math.imul(index + 1, 2654435761) >>> 0) / 2 ** 32;
}

/**
 * Lays the site out. Page i links to i+1, i+2, 2i+1 and 2i+2: a crawl from page 0 reaches every
 * page even though a failing page yields no links, because failing pages are never adjacent.
 */
export function describeSite(options: SiteOptions = {}): SitePlan {
    const pages = options.pages ?? 300;
    if (!Number.isInteger(pages) || pages < 1)
        throw new RangeError(`startSite: \`pages\` must be an integer >= 1, got ${pages}.`);
    const slowFraction = checkFraction('slowFraction', options.slowFraction ?? 0.1, 1);
    const failingFraction = checkFraction('failingFraction', options.failingFraction ?? 0.01, 0.5);
    const hangingFraction = checkFraction('hangingFraction', options.hangingFraction ?? 0, 0.5);
    const brokenFraction = checkFraction('brokenFraction', options.brokenFraction ?? 0, 1);
    if (failingFraction + hangingFraction > 0.5) {
        throw new RangeError('startSite: `failingFraction` and `hangingFraction` together must be at most 0.5.');
    }
    const slowDelayMs = options.slowDelayMs ?? 300;
    const missingCount = options.missingLinks ?? 2;

    // Pages without links (failing or hanging) are spread evenly and never adjacent.
    const deadMax = Math.floor((pages - 1) / 2);
    const failingCount = pages > 1 ? Math.min(Math.round(pages * failingFraction), deadMax) : 0;
    const hangingCount = pages > 1 ? Math.min(Math.round(pages * hangingFraction), deadMax - failingCount) : 0;
    const dead = spread(failingCount + hangingCount, pages);
    // Every so many of them hangs, in proportion: both kinds spread over the whole site.
    const n = dead.length;
    const hangingPages = dead.filter(
        (_, k) => Math.floor(((k + 1) * hangingCount) / n) > Math.floor((k * hangingCount) / n),
    );
    const hanging = new Set(hangingPages);
    const failingPages = dead.filter((index) => !hanging.has(index));
    const failing = new Set([...failingPages, ...hangingPages]); // no links from either
    const slowPages: number[] = [];
    const brokenPages: number[] = [];
    for (let i = 0; i < pages; i++) {
        if (failing.has(i)) continue;
        if (hashFraction(i) < slowFraction) slowPages.push(i);
        // A second hash, so broken pages do not line up with slow ones.
        if (i !== 0 && hashFraction(i + 7919) < brokenFraction) brokenPages.push(i);
    }
    const slow = new Set(slowPages);
    const broken = new Set(brokenPages);
    const missingPaths = Array.from({ length: missingCount }, (_, k) => `/missing/${k}`);
    // Each 404 link hangs off a working page, spread over the site.
    const missingFrom = new Map<number, string>();
    spread(missingCount, pages).forEach((index, k) => {
        let from = Math.min(index, pages - 1);
        while (failing.has(from)) from = (from + 1) % pages;
        const path = missingPaths[k];
        if (path) missingFrom.set(from, path);
    });

    const linksOf = (i: number): string[] => {
        const links = [i + 1, i + 2, 2 * i + 1, 2 * i + 2].filter((j) => j < pages).map((j) => `/page/${j}`);
        const missing = missingFrom.get(i);
        if (missing) links.push(missing);
        if (i === 0) links.push(EXTERNAL_LINK);
        return links;
    };

    return {
        pages,
        startPath: '/page/0',
        failingPages,
        slowPages,
        hangingPages,
        brokenPages,
        missingPaths,
        reachable: pages + missingCount,
        failing: failingPages.length,
        hanging: hangingPages.length,
        succeeding: pages - failingPages.length - hangingPages.length + missingCount,
        route(path) {
            const match = /^\/page\/(\d+)$/.exec(path);
            const index = match?.[1] === undefined ? Number.NaN : Number(match[1]);
            if (!Number.isInteger(index) || index >= pages) return { kind: 'missing' };
            if (hanging.has(index)) return { kind: 'hanging', index };
            if (failing.has(index)) return { kind: 'failing', index };
            return {
                kind: 'page',
                index,
                delayMs: slow.has(index) ? slowDelayMs : 0,
                links: linksOf(index),
                broken: broken.has(index),
            };
        },
    };
}
