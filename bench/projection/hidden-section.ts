import type { SiteShape } from './shapes.js';

/** The pages of `site` in the order a breadth-first crawl handles them (Crawlee's queue: first found, first crawled). */
function crawlOrder(site: SiteShape): number[] {
    const order = [...site.start];
    const known = new Set(order);
    for (let i = 0; i < order.length; i++) {
        for (const to of site.links[order[i] ?? 0] ?? []) {
            if (known.has(to)) continue;
            known.add(to);
            order.push(to);
        }
    }
    return order;
}

/**
 * A site with a section behind one link, as a blog with a forum that one post links to: `main`'s pages,
 * then `section`'s (served under `/forum`), each section page linking the site's home too; the page of
 * the main site a breadth-first crawl reaches at `at` of its main part links the section's first page,
 * and nothing else does. Until the crawl handles that first page, nothing in the links it has seen
 * says the section exists: every link-based estimate sees the main site alone. A breadth-first crawl
 * reaches the section's first page only once it has handled what it knew when it found the link,
 * which on a site whose pages link across it is most of the main site, wherever the link is.
 */
export function sectionBehindOneLink(options: {
    name: string;
    description: string;
    main: SiteShape;
    section: SiteShape;
    at: number;
}): SiteShape {
    const { main, section } = options;
    const first = main.paths.length;
    const links = [
        ...main.links.map((out) => [...out]),
        ...section.links.map((out, j) =>
            [...new Set([0, ...out.map((to) => to + first)])].filter((to) => to !== j + first),
        ),
    ];
    const order = crawlOrder(main);
    const bridge = order[Math.floor(order.length * options.at)] ?? 0;
    links[bridge]?.push(first);
    return {
        name: options.name,
        description: options.description,
        endShowsInLinks: false,
        paths: [...main.paths, ...section.paths.map((path) => `/forum${path === '/' ? '' : path}`)],
        links,
        start: main.start,
        hiddenSectionFrom: first,
    };
}
