import { describe, expect, it } from 'vitest';
import { toStatusLine, truncate } from '../../src/wording/sanitize.js';

describe('toStatusLine', () => {
    it('makes one line of several, without control characters', () => {
        expect(toStatusLine('Failed:\n  Error: boom\r\n\tat main.js:1', 100)).toBe('Failed: Error: boom at main.js:1');
        expect(toStatusLine('bell\u0007 escape \u001b[31mred\u001b[0m del\u007f end', 100)).toBe(
            'bell escape red del end',
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

    it('drops terminal colour codes whole, not only their ESC (a Playwright "Call log:" is dimmed with them)', () => {
        // Before: the ESC became a space and "[2m" ... "[22m" stayed in the Console.
        const playwright =
            'TimeoutError: page.goto: Timeout 30000ms exceeded.\nCall log:\n\u001b[2m  - navigating to "http://127.0.0.1:8080/", waiting until "load"\u001b[22m\n';
        expect(toStatusLine(playwright, 500)).toBe(
            'TimeoutError: page.goto: Timeout 30000ms exceeded. Call log: - navigating to "http://127.0.0.1:8080/", waiting until "load"',
        );
        expect(
            toStatusLine(
                '\u001b[1;38;5;196mred bold\u001b[0m \u009b31mC1\u009b0m \u001b]8;;http://x\u0007link\u001b]8;;\u0007',
                100,
            ),
        ).toBe('red bold C1 link');
    });

    it('removes bidi overrides, embeddings and isolates: nothing a part holds can reverse the rest', () => {
        // Before: a unit "\u202Eslebal" showed everything after it right to left.
        expect(toStatusLine('40 of 60 \u202eslebal\u202c done · 3 failed', 100)).toBe(
            '40 of 60 slebal done · 3 failed',
        );
        expect(toStatusLine('a\u202ab\u202bc\u202dd\u2066e\u2067f\u2068g\u2069h', 100)).toBe('abcdefgh');
        // Right-to-left text itself, and emoji joined by zero-width joiners, are left as they are.
        expect(toStatusLine('12 of 20 עמודים done', 100)).toBe('12 of 20 עמודים done');
        expect(toStatusLine('Done 👨‍👩‍👧', 100)).toBe('Done 👨‍👩‍👧');
    });

    it('is empty for text made only of invisible characters (zero-width, bidi marks), so it is never sent', () => {
        for (const invisible of [
            '\u200b',
            '\u200b\u200c\u200d',
            '\u200e\u200f\u061c',
            '\u2060\ufeff',
            '\u202e\u2066',
            ' \u200b \u3164 ',
        ]) {
            expect(toStatusLine(invisible, 100), JSON.stringify(invisible)).toBe('');
        }
        expect(toStatusLine('\u200bx', 100)).toBe('\u200bx');
    });

    it('leaves short clean text alone', () => {
        expect(toStatusLine('1 of 3 pages done (33%)', 500)).toBe('1 of 3 pages done (33%)');
        expect(truncate('short', 10)).toBe('short');
    });
});
