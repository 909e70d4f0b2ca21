/**
 * The site shapes of the projection benchmark: link graphs built to be hard for a projection of where a
 * crawl ends. Pure and seeded: every run crawls the same sites. Each page links to the home page (a
 * site's navigation), so "links to pages already known" are never only the random ones, as on real sites.
 */
import { sectionBehindOneLink } from './hidden-section.js';

/** A site as a graph: page `i` is served at `paths[i]` and links to `links[i]` (indices). */
export interface SiteShape {
    name: string;
    /** One line for the benchmark's table. */
    description: string;
    /** Whether the site's end can show in its links before the crawl reaches it (dense, web-like, shops). */
    endShowsInLinks: boolean;
    paths: string[];
    links: number[][];
    /** Where the crawl starts: the start URLs given to `crawler.run()` (a sitemap's entries, or the home page). */
    start: number[];
    /** `maxRequestsPerCrawl`, when the crawl is capped. */
    cap?: number;
    /** The first page of a section behind one link: pages from here on are found only through it. */
    hiddenSectionFrom?: number;
}

/** A small, fast, seeded generator (mulberry32): the same seed, the same site. */
export function seededRandom(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    };
}

const pick = (random: () => number, n: number) => Math.floor(random() * n);

/** Paths `/`, `/p/1`, `/p/2`, ...: page 0 is the home page. */
const numberedPaths = (n: number) => Array.from({ length: n }, (_, i) => (i === 0 ? '/' : `/p/${i}`));

/** Each page links home, to its parent and to its children; `branchings[d]` children per page at depth d. */
function tree(name: string, branchings: readonly number[], description: string): SiteShape {
    const links: number[][] = [[]];
    const parent: number[] = [-1];
    let level = [0];
    for (const branching of branchings) {
        const next: number[] = [];
        for (const node of level) {
            for (let c = 0; c < branching; c++) {
                const child = links.length;
                links.push([]);
                parent.push(node);
                links[node]?.push(child);
                next.push(child);
            }
        }
        level = next;
    }
    for (let i = 1; i < links.length; i++) {
        const up = parent[i] ?? 0;
        links[i] = [0, ...(up === 0 ? [] : [up]), ...(links[i] ?? [])];
    }
    return { name, description, endShowsInLinks: false, paths: numberedPaths(links.length), links, start: [0] };
}

/** Every page links home and to `3..10` pages chosen at random: a site whose pages all link across it. */
export function dense(pages: number, seed: number): SiteShape {
    const random = seededRandom(seed);
    const links = Array.from({ length: pages }, (_, i) => {
        const out = new Set<number>(i === 0 ? [] : [0]);
        const count = 3 + pick(random, 8);
        while (out.size < count + (i === 0 ? 0 : 1)) {
            const to = pick(random, pages);
            if (to !== i) out.add(to);
        }
        return [...out];
    });
    return {
        name: 'dense',
        description: `${pages} pages, each linking home and to 3-10 random pages`,
        endShowsInLinks: true,
        paths: numberedPaths(pages),
        links,
        start: [0],
    };
}

/**
 * Web-like: sections of `sectionSize` pages, most links staying in the page's section, some long links
 * across the site, a few of them to popular pages. The home page links to a handful of sections only.
 */
function webLike(name: string, pages: number, sectionSize: number, seed: number, cap?: number): SiteShape {
    const random = seededRandom(seed);
    const sections = Math.ceil(pages / sectionSize);
    const popular = Math.max(5, Math.floor(pages / 50));
    const sectionStart = (s: number) => s * sectionSize;
    const inSection = (s: number) => Math.min(sectionSize, pages - sectionStart(s));
    const links = Array.from({ length: pages }, (_, i) => {
        const section = Math.floor(i / sectionSize);
        const out = new Set<number>([0, sectionStart(section)]);
        const local = 3 + pick(random, 3);
        for (let k = 0; k < local; k++) out.add(sectionStart(section) + pick(random, inSection(section)));
        const long = pick(random, 3);
        for (let k = 0; k < long; k++) out.add(random() < 0.3 ? pick(random, popular) : pick(random, pages));
        out.delete(i);
        return [...out];
    });
    links[0] = Array.from({ length: Math.min(6, sections) }, (_, k) => sectionStart(k * Math.floor(sections / 6)));
    return {
        name,
        description: `${pages.toLocaleString('en-US')} pages in sections of ${sectionSize}: 3-5 links within the section, 0-2 across the site${cap === undefined ? '' : `, crawled with maxRequestsPerCrawl ${cap.toLocaleString('en-US')}`}`,
        endShowsInLinks: cap === undefined,
        paths: numberedPaths(pages),
        links,
        start: [0],
        ...(cap === undefined ? {} : { cap }),
    };
}

interface ShopOptions {
    categories: number;
    /** Listing pages per category: 1 .. maxListingPages, at random. */
    maxListingPages: number;
    perListing: number;
    seed: number;
    /** Product links from related products carry `?ref=related` / `?ref=also`: the same page under other URLs. */
    queryDuplicates?: boolean;
    /** Share of products no listing shows: found only through other products' links. */
    unlisted?: number;
}

/** The pages of a shop, as paths and links, before any shape-specific start. */
function shopGraph(options: ShopOptions): { paths: string[]; links: number[][]; listed: Set<number> } {
    const random = seededRandom(options.seed);
    const paths: string[] = ['/'];
    const links: number[][] = [[]];
    const index = new Map<string, number>([['/', 0]]);
    const add = (path: string) => {
        const known = index.get(path);
        if (known !== undefined) return known;
        index.set(path, paths.length);
        paths.push(path);
        links.push([]);
        return paths.length - 1;
    };
    const listings: number[][] = [];
    const productsOf: number[][] = [];
    const listed = new Set<number>();
    for (let c = 0; c < options.categories; c++) {
        const pages = 1 + pick(random, options.maxListingPages);
        listings.push(Array.from({ length: pages }, (_, p) => add(`/c/${c}${p === 0 ? '' : `?page=${p + 1}`}`)));
        productsOf.push([]);
    }
    const nav = [0, ...listings.map((pages) => pages[0] ?? 0)];
    links[0] = nav.slice(1);
    for (let c = 0; c < options.categories; c++) {
        const pages = listings[c] ?? [];
        pages.forEach((listing, p) => {
            const items = Array.from({ length: options.perListing }, (_, k) => add(`/item/${c}-${p}-${k}`));
            productsOf[c]?.push(...items);
            const shown = items.filter(() => random() >= (options.unlisted ?? 0));
            for (const item of shown) listed.add(item);
            // Pagination as shops show it: first, last, and two pages either side.
            const window = [0, pages.length - 1, p - 2, p - 1, p + 1, p + 2]
                .filter((q) => q >= 0 && q < pages.length && q !== p)
                .map((q) => pages[q] ?? 0);
            links[listing] = [...nav, ...window, ...shown];
        });
    }
    const products = productsOf.flat();
    const variant = (product: number, ref: string) =>
        options.queryDuplicates ? add(`${paths[product]}?ref=${ref}`) : product;
    productsOf.forEach((items, c) => {
        for (const product of items) {
            const related = Array.from({ length: 4 }, () => variant(items[pick(random, items.length)] ?? 0, 'related'));
            const also = Array.from({ length: 2 }, () => variant(products[pick(random, products.length)] ?? 0, 'also'));
            links[product] = [...nav, listings[c]?.[0] ?? 0, ...related, ...also];
        }
    });
    // A variant shows the same page as its product: the same links.
    for (let i = 0; i < paths.length; i++) {
        const base = paths[i]?.split('?ref=')[0];
        if (base !== paths[i] && base !== undefined) links[i] = links[index.get(base) ?? 0] ?? [];
    }
    return { paths, links: links.map((out, i) => [...new Set(out)].filter((to) => to !== i)), listed };
}

function shop(): SiteShape {
    const { paths, links } = shopGraph({ categories: 10, maxListingPages: 10, perListing: 20, seed: 11 });
    return {
        name: 'shop',
        description: `a shop: 10 categories of 1-10 listing pages (first, last, ±2 pages), 20 products each, products linking 6 others`,
        endShowsInLinks: true,
        paths,
        links,
        start: [0],
    };
}

function queryDuplicates(): SiteShape {
    const { paths, links } = shopGraph({
        categories: 6,
        maxListingPages: 10,
        perListing: 15,
        seed: 23,
        queryDuplicates: true,
    });
    return {
        name: 'query-duplicates',
        description:
            'a shop whose related-product links carry `?ref=related` / `?ref=also`: each product crawled up to 3 times',
        endShowsInLinks: false,
        paths,
        links,
        start: [0],
    };
}

/**
 * A shop crawled from its sitemap, which lists what the listings show; a fifth of the products are on no
 * listing and in no sitemap, found only through other products' links.
 */
function sitemap(): SiteShape {
    const { paths, links, listed } = shopGraph({
        categories: 8,
        maxListingPages: 10,
        perListing: 20,
        seed: 37,
        unlisted: 0.2,
    });
    const start = paths.map((_, i) => i).filter((i) => !paths[i]?.startsWith('/item/') || listed.has(i));
    return {
        name: 'sitemap',
        description:
            'a shop crawled from its sitemap (every listing and listed product); a fifth of the products are on no listing, found by links',
        endShowsInLinks: false,
        paths,
        links,
        start,
    };
}

/** One long listing: each page links the next one and its items; items link home and back to page 1. */
export function pagination(pages: number, perPage: number): SiteShape {
    const paths = ['/'];
    const links: number[][] = [[]];
    const listing: number[] = [];
    for (let p = 0; p < pages; p++) {
        listing.push(paths.length);
        paths.push(`/list?page=${p + 1}`);
        links.push([]);
    }
    links[0] = [listing[0] ?? 0];
    listing.forEach((page, p) => {
        const items: number[] = [];
        for (let k = 0; k < perPage; k++) {
            items.push(paths.length);
            paths.push(`/item/${p}-${k}`);
            links.push([0, listing[0] ?? 0]);
        }
        links[page] = [
            0,
            ...(p > 0 ? [listing[p - 1] ?? 0] : []),
            ...(p + 1 < pages ? [listing[p + 1] ?? 0] : []),
            ...items,
        ];
    });
    return {
        name: 'pagination',
        description: `one listing of ${pages} pages (prev and next only), ${perPage} items each`,
        endShowsInLinks: false,
        paths,
        links,
        start: [0],
    };
}

/** The corpus, in the order of the benchmark's table. */
export function projectionCorpus(): SiteShape[] {
    return [
        tree('tree-3', [3, 3, 3, 3, 3, 3], '1,093 pages: a tree of 6 levels, 3 children per page'),
        tree('tree-5', [5, 5, 5, 5], '781 pages: a tree of 4 levels, 5 children per page'),
        tree('tree-falling', [10, 5, 3, 2, 1], '811 pages: a tree whose branching falls with depth (10, 5, 3, 2, 1)'),
        dense(1_000, 5),
        webLike('web-like', 1_500, 50, 7),
        shop(),
        pagination(60, 15),
        sitemap(),
        queryDuplicates(),
        webLike('capped', 4_000, 50, 13, 800),
        sectionBehindOneLink({
            name: 'behind-one-link',
            description:
                'a blog of 600 pages linking across it, and a forum of 1,200 (pages linking across it) that one post half way through the blog links to, and nothing else',
            main: dense(600, 17),
            section: dense(1_200, 19),
            at: 0.5,
        }),
    ];
}
