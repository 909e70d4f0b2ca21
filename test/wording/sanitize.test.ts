import { describe, expect, it } from 'vitest';
import { toStatusLine, truncate } from '../../src/wording/sanitize.js';

describe('toStatusLine', () => {
    it('makes one line of several, without control characters', () => {
        expect(toStatusLine('Failed:\n  Error: boom\r\n\tat main.js:1', 100)).toBe('Failed: Error: boom at main.js:1');
        expect(toStatusLine('bell\u0007 escape\u001b[31mred\u001b[0m del\u007f end', 100)).toBe(
            'bell escape [31mred [0m del end',
        );
        expect(toStatusLine('a\u2028b\u2029c', 100)).toBe('a b c');
    });

    it('caps the length with an ellipsis, never splitting a character in two', () => {
        expect(toStatusLine('x'.repeat(600), 500)).toHaveLength(500);
        expect(toStatusLine('x'.repeat(600), 500).endsWith('…')).toBe(true);
        const emoji = '😀'.repeat(30);
        const cut = toStatusLine(emoji, 21);
        expect(Array.from(cut)).toHaveLength(21);
        expect(cut).toBe(`${'😀'.repeat(20)}…`);
    });

    it('never splits what a reader sees as one character: emoji sequences, flags, accents', () => {
        const family = '👨‍👩‍👧‍👦'; // 7 code points, one character on screen
        const cut = toStatusLine(`Done ${family}${family}${family}`, 14);
        expect(cut).toBe(`Done ${family}…`);
        expect(Array.from(cut).length).toBeLessThanOrEqual(14);
        expect(truncate('🇺🇸🇫🇷🇩🇪', 4)).toBe('🇺🇸…');
        expect(truncate('e\u0301e\u0301e\u0301', 4)).toBe('e\u0301…');
    });

    it('leaves short clean text alone', () => {
        expect(toStatusLine('1 of 3 pages done (33%)', 500)).toBe('1 of 3 pages done (33%)');
        expect(truncate('short', 10)).toBe('short');
    });
});
