import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
    brokenLinks,
    githubSlug,
    headingAnchors,
    isExternal,
    linkTargets,
    markdownFilesUnder,
    type RepositoryOnTheWeb,
    repositoryPage,
    repositoryPath,
} from '../helpers/markdown-links.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const docs = markdownFilesUnder(root, 'docs');
const emulatorDocs = markdownFilesUnder(root, 'packages/emulator/docs');
/** The READMEs npm shows on the packages' pages, where only absolute links lead anywhere. */
const published = ['README.md', 'packages/emulator/README.md'];
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const repository: RepositoryOnTheWeb = { web: repositoryPage(manifest.repository.url), branch: 'main' };

describe('links in the READMEs and docs/', () => {
    it('lead to files that exist, and #anchors to headings that exist', () => {
        expect(docs.length).toBeGreaterThan(0);
        expect(emulatorDocs.length).toBeGreaterThan(0);
        expect(brokenLinks(root, [...published, ...docs, ...emulatorDocs], repository)).toEqual([]);
    });

    it('the READMEs npm shows link into the repository by absolute URL (docs/ is not in the package)', () => {
        for (const readme of published) {
            const relative = linkTargets(readFileSync(join(root, readme), 'utf8')).filter(
                (target) => !isExternal(target) && !target.startsWith('#'),
            );
            expect(relative, readme).toEqual([]);
        }
        expect(repository.web).toBe(repositoryPage(manifest.homepage.replace(/#readme$/, '.git')));
    });

    it('the README links every page in docs/', () => {
        const linked = new Set(
            linkTargets(readFileSync(join(root, 'README.md'), 'utf8')).map(
                (target) => String(repositoryPath(target, repository) ?? target).split('#')[0],
            ),
        );
        expect(docs.filter((page) => !linked.has(page))).toEqual([]);
    });

    it('every docs/ page links back to the README', () => {
        const withoutLinkBack = docs.filter(
            (page) => !linkTargets(readFileSync(join(root, page), 'utf8')).some((t) => t.startsWith('../README.md')),
        );
        expect(withoutLinkBack).toEqual([]);
    });
});

describe('the link checker', () => {
    let sandbox: string | undefined;
    afterEach(() => {
        if (sandbox) rmSync(sandbox, { recursive: true, force: true });
        sandbox = undefined;
    });

    it('gives headings the anchors GitHub gives them', () => {
        expect(githubSlug('The interval: `intervalSecs` = 5 (the default) is the recommendation')).toBe(
            'the-interval-intervalsecs--5-the-default-is-the-recommendation',
        );
        expect(githubSlug('`withProgress`')).toBe('withprogress');
        expect(githubSlug("Testing your Actor's status messages")).toBe('testing-your-actors-status-messages');
        expect(githubSlug('1b. The bar: API calls <= ceil(T / interval) + 2')).toBe(
            '1b-the-bar-api-calls--ceilt--interval--2',
        );
        expect(githubSlug('See [the docs](docs/api.md) now')).toBe('see-the-docs-now');
        expect([...headingAnchors('# API\n\n## API\n\n```\n# not a heading\n```\n\n### API\n')]).toEqual([
            'api',
            'api-1',
            'api-2',
        ]);
    });

    it('reports a link to a missing file and an anchor to a missing heading, and nothing else', () => {
        sandbox = mkdtempSync(join(tmpdir(), 'docs-links-'));
        mkdirSync(join(sandbox, 'docs'));
        writeFileSync(
            join(sandbox, 'docs', 'guide.md'),
            '# Guide\n\n## Real heading\n\nBack to [the README](../README.md#top).\n',
        );
        writeFileSync(
            join(sandbox, 'README.md'),
            [
                '# Top',
                '',
                'Fine: [guide](docs/guide.md), [section](docs/guide.md#real-heading), [here](#top), [site](https://apify.com),',
                '[folder](docs/), <img src="docs/guide.md" alt="">.',
                'Broken: [gone](docs/missing.md), [wrong anchor](docs/guide.md#no-such-heading), [own](#nowhere).',
                'Not links: `[code](docs/also-missing.md)`',
                '```md',
                '[in a block](docs/block-missing.md)',
                '```',
                '',
            ].join('\n'),
        );

        expect(brokenLinks(sandbox, ['README.md', 'docs/guide.md'])).toEqual([
            { file: 'README.md', link: 'docs/missing.md', problem: 'no such file: docs/missing.md' },
            {
                file: 'README.md',
                link: 'docs/guide.md#no-such-heading',
                problem: 'no heading with the anchor #no-such-heading in docs/guide.md',
            },
            { file: 'README.md', link: '#nowhere', problem: 'no heading with the anchor #nowhere in README.md' },
        ]);
    });

    it('checks absolute links into the repository as paths in it, on its branch', () => {
        sandbox = mkdtempSync(join(tmpdir(), 'docs-links-'));
        mkdirSync(join(sandbox, 'docs'));
        writeFileSync(join(sandbox, 'docs', 'guide.md'), '# Guide\n\n## Real heading\n');
        writeFileSync(join(sandbox, 'docs', 'shot.png'), '');
        const web = 'https://github.com/owner/name';
        const raw = 'https://raw.githubusercontent.com/owner/name';
        writeFileSync(
            join(sandbox, 'README.md'),
            [
                `Fine: [guide](${web}/blob/main/docs/guide.md#real-heading), [folder](${web}/tree/main/docs),`,
                `![shot](${raw}/main/docs/shot.png), [home](${web}#readme), [issues](${web}/issues), [other](https://apify.com/x.md).`,
                `Broken: [gone](${web}/blob/main/docs/missing.md), [anchor](${web}/blob/main/docs/guide.md#nope),`,
                `[branch](${web}/blob/dev/docs/guide.md), [image](${raw}/main/docs/gone.png).`,
                '',
            ].join('\n'),
        );
        expect(brokenLinks(sandbox, ['README.md'], { web, branch: 'main' })).toEqual([
            { file: 'README.md', link: `${web}/blob/main/docs/missing.md`, problem: 'no such file: docs/missing.md' },
            {
                file: 'README.md',
                link: `${web}/blob/main/docs/guide.md#nope`,
                problem: 'no heading with the anchor #nope in docs/guide.md',
            },
            { file: 'README.md', link: `${web}/blob/dev/docs/guide.md`, problem: 'not on the branch main' },
            { file: 'README.md', link: `${raw}/main/docs/gone.png`, problem: 'no such file: docs/gone.png' },
        ]);
        expect(repositoryPage('git+https://github.com/owner/name.git')).toBe(web);
    });
});
