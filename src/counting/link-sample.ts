/** The most pages the sample keeps, whatever the size of the crawl. */
const MAX_SAMPLED = 2_048;

/** What a crawl's links said so far: plain data, read when a snapshot is made. */
export interface DiscoveryReading {
    /** Links that named a page not seen before (each one became a request). */
    newLinks: number;
    /** Links that named a page already known (found before, or already crawled). */
    knownLinks: number;
    /** Pages in the sample (a random share of the pages links named). */
    sampled: number;
    /** How many sampled pages links named exactly once, twice, three and four times: `[f1, f2, f3, f4]`. */
    namedTimes: readonly [number, number, number, number];
}

/** 32-bit FNV-1a of a string: cheap, and spreads URLs evenly enough for sampling. */
function hashOf(text: string): number {
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
        hash ^= text.charCodeAt(i);
        hash = Math.imul(hash, 0x01000193);
    }
    return hash >>> 0;
}

/**
 * Counts the links a crawl reports to its request queue, and how often each page of a fixed-size
 * random sample of pages was named by a link. The sample is chosen by a hash of the page's unique key
 * (a page is in it or not, whatever order it is seen in) and halved whenever it outgrows
 * `MAX_SAMPLED`, so memory stays flat however many pages the crawl finds: nothing is kept per request.
 *
 * How often pages are named is what species-richness estimators read (Chao1: pages named once and
 * twice tell how many were never named yet); the share of links to known pages is capture-recapture.
 * See `Projection` for how they are used.
 */
export class LinkSample {
    #newLinks = 0;
    #knownLinks = 0;
    /** Pages whose hash is below this are in the sample. */
    #threshold = 2 ** 32;
    /** Sampled pages (by hash) and how many links named each. */
    readonly #named = new Map<number, number>();
    /** `#frequencies[i]`: sampled pages named exactly i + 1 times, for i < 4. */
    readonly #frequencies: [number, number, number, number] = [0, 0, 0, 0];

    /** One link, as the queue answered it: `uniqueKey` of the page it names, and whether it was known. */
    add(uniqueKey: string, wasAlreadyPresent: boolean): void {
        if (wasAlreadyPresent) this.#knownLinks++;
        else this.#newLinks++;
        const hash = hashOf(uniqueKey);
        if (hash >= this.#threshold) return;
        const times = (this.#named.get(hash) ?? 0) + 1;
        this.#named.set(hash, times);
        this.#count(times - 1, -1);
        this.#count(times, 1);
        if (this.#named.size > MAX_SAMPLED) this.#halve();
    }

    /** Changes the number of pages named exactly `times` times by `by`, for the frequencies kept. */
    #count(times: number, by: number): void {
        const i = times - 1;
        if (i >= 0 && i < this.#frequencies.length) this.#frequencies[i] = (this.#frequencies[i] ?? 0) + by;
    }

    /** Keeps the half of the sample with the lower hashes: still a random sample, half the size. */
    #halve(): void {
        this.#threshold /= 2;
        for (const [hash, times] of this.#named) {
            if (hash < this.#threshold) continue;
            this.#named.delete(hash);
            this.#count(times, -1);
        }
    }

    read(): DiscoveryReading {
        return {
            newLinks: this.#newLinks,
            knownLinks: this.#knownLinks,
            sampled: this.#named.size,
            namedTimes: [...this.#frequencies],
        };
    }
}
