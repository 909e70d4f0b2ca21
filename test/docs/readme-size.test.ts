import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The project's bar: the README is for deciding and starting; reference goes to docs/. */
const MAX_README_BYTES = 20_000;

describe('the README', () => {
    it(`stays under ${MAX_README_BYTES.toLocaleString('en-US')} bytes`, () => {
        const bytes = statSync(new URL('../../README.md', import.meta.url)).size;
        expect(bytes, 'README.md: move detail to docs/').toBeLessThan(MAX_README_BYTES);
    });
});
