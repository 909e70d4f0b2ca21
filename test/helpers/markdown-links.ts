import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** A link that leads nowhere: in which file, the link as written, and what is wrong with it. */
export interface BrokenLink {
    file: string;
    link: string;
    problem: string;
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;

/** The lines of `markdown` outside fenced code blocks: links and headings in code are just text. */
function proseLines(markdown: string): string[] {
    const lines: string[] = [];
    let fence: string | undefined;
    for (const line of markdown.split('\n')) {
        const marker = line.match(FENCE)?.[1];
        if (fence) {
            if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
            continue;
        }
        if (marker) {
            fence = marker;
            continue;
        }
        lines.push(line);
    }
    return lines;
}

/** Inline code is shown as written, so a `[text](target)` inside backticks is not a link. */
function withoutCodeSpans(text: string): string {
    return text.replace(/(`+)[\s\S]*?\1/g, 'code');
}

/**
 * The anchor GitHub gives a heading (github-slugger): the rendered text, lower-cased, with every
 * character that is not a letter, a digit, `-`, `_` or a space removed, then each space turned
 * into `-`. So "The interval: `intervalSecs` = 5" becomes "the-interval-intervalsecs--5".
 */
export function githubSlug(heading: string): string {
    const rendered = heading
        .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // a link shows its text
        .replace(/<[^>]+>/g, ''); // HTML tags show nothing
    return rendered
        .toLowerCase()
        .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
        .replace(/ /g, '-');
}

/** Every anchor the headings of `markdown` get, repeats numbered as GitHub does (`x`, `x-1`, `x-2`). */
export function headingAnchors(markdown: string): Set<string> {
    const anchors = new Set<string>();
    const seen = new Map<string, number>();
    for (const line of proseLines(markdown)) {
        const heading = line.match(/^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/)?.[1];
        if (heading === undefined) continue;
        const slug = githubSlug(heading);
        const count = seen.get(slug) ?? 0;
        seen.set(slug, count + 1);
        anchors.add(count === 0 ? slug : `${slug}-${count}`);
    }
    return anchors;
}

/** The targets of the links and images in `markdown`: inline, reference definitions, and HTML href/src. */
export function linkTargets(markdown: string): string[] {
    const prose = withoutCodeSpans(proseLines(markdown).join('\n'));
    const targets: string[] = [];
    for (const match of prose.matchAll(/!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+["'(][^)]*)?\)/g)) {
        if (match[1]) targets.push(match[1]);
    }
    for (const match of prose.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)) {
        if (match[1]) targets.push(match[1]);
    }
    for (const match of prose.matchAll(/<(?:a|img|source)\b[^>]*?\s(?:href|src|srcset)\s*=\s*["']([^"']+)["']/gi)) {
        if (match[1]) targets.push(match[1]);
    }
    return targets;
}

/** A URL with a scheme (https:, mailto:) or protocol-relative: not a file of this repository. */
export function isExternal(target: string): boolean {
    return /^[a-z][a-z\d+.-]*:/i.test(target) || target.startsWith('//');
}

/**
 * Where the repository is on the web, for READMEs published to npm: there a relative link leads
 * nowhere (docs/ is not in the package), so they link into the repository by absolute URL.
 * `web` is the repository's page (`https://github.com/owner/name`), `branch` the one links point at.
 */
export interface RepositoryOnTheWeb {
    web: string;
    branch: string;
}

/** `git+https://github.com/owner/name.git` (package.json's `repository.url`) -> `https://github.com/owner/name`. */
export function repositoryPage(url: string): string {
    return url.replace(/^git\+/, '').replace(/\.git$/, '');
}

/**
 * A link into `repository` as the path it names in the repository (with its `#anchor`): a file or
 * folder on `branch` (`/blob/`, `/tree/`, or raw.githubusercontent.com), or the repository itself.
 * Undefined for any other link. A file on another branch is reported, so that none is left behind.
 */
export function repositoryPath(
    link: string,
    repository: RepositoryOnTheWeb,
): string | { wrongBranch: true } | undefined {
    const { web, branch } = repository;
    const raw = web.replace('https://github.com/', 'https://raw.githubusercontent.com/');
    if (link === web || link.startsWith(`${web}#`)) return '';
    for (const prefix of [`${web}/blob/${branch}/`, `${web}/tree/${branch}/`, `${raw}/${branch}/`]) {
        if (link.startsWith(prefix)) return link.slice(prefix.length);
    }
    if (link.startsWith(`${web}/blob/`) || link.startsWith(`${web}/tree/`) || link.startsWith(`${raw}/`)) {
        return { wrongBranch: true };
    }
    return undefined;
}

/**
 * Checks every relative link in `files` (paths relative to `root`): the file or folder it names
 * must exist inside `root`, and an `#anchor` into a Markdown file must be one of its headings.
 * With `repository`, absolute links into it are checked the same way, as paths from `root`.
 */
export function brokenLinks(root: string, files: readonly string[], repository?: RepositoryOnTheWeb): BrokenLink[] {
    const broken: BrokenLink[] = [];
    const anchorsOf = new Map<string, Set<string>>();
    const anchorsIn = (path: string): Set<string> => {
        let anchors = anchorsOf.get(path);
        if (!anchors) {
            anchors = headingAnchors(readFileSync(path, 'utf8'));
            anchorsOf.set(path, anchors);
        }
        return anchors;
    };

    for (const file of files) {
        const source = resolve(root, file);
        for (const link of linkTargets(readFileSync(source, 'utf8'))) {
            const inRepository = repository && repositoryPath(link, repository);
            if (typeof inRepository === 'object') {
                broken.push({ file, link, problem: `not on the branch ${repository?.branch}` });
                continue;
            }
            if (inRepository === undefined && isExternal(link)) continue;
            // A link into the repository on the web names a path from its root, as a leading `/` does.
            const local = inRepository === undefined ? link : `/${inRepository}`;
            const hashAt = local.indexOf('#');
            const pathPart = decodeURIComponent(hashAt === -1 ? local : local.slice(0, hashAt));
            const anchor = hashAt === -1 ? undefined : decodeURIComponent(local.slice(hashAt + 1));
            // A leading `/` is the repository's root, as GitHub reads it.
            const base = pathPart.startsWith('/') ? root : dirname(source);
            const target = pathPart === '' ? source : resolve(base, pathPart.replace(/^\/+/, ''));

            const inside = relative(root, target);
            if (inside.startsWith('..')) {
                broken.push({ file, link, problem: 'points outside the repository' });
                continue;
            }
            if (!existsSync(target)) {
                broken.push({ file, link, problem: `no such file: ${inside}` });
                continue;
            }
            if (anchor === undefined || anchor === '' || !target.endsWith('.md') || statSync(target).isDirectory()) {
                continue;
            }
            if (!anchorsIn(target).has(anchor)) {
                broken.push({ file, link, problem: `no heading with the anchor #${anchor} in ${inside}` });
            }
        }
    }
    return broken;
}

/** The Markdown files under `folder` (relative to `root`), sorted, sub-folders included. */
export function markdownFilesUnder(root: string, folder: string): string[] {
    const directory = join(root, folder);
    if (!existsSync(directory)) return [];
    return readdirSync(directory, { recursive: true, encoding: 'utf8' })
        .filter((name) => name.endsWith('.md'))
        .map((name) => join(folder, name).split(sep).join('/'))
        .sort();
}
