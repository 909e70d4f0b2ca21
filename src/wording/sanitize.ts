import { oneLine } from '../counting/names.js';

const ELLIPSIS = '…';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Cuts `text` to at most `maxLength` characters (Unicode code points), ending in an ellipsis when it
 * was cut. The cut falls between graphemes, what a reader sees as one character: an emoji sequence
 * (a family, a flag, a skin tone) or a letter with its accents is kept whole or left out whole.
 */
export function truncate(text: string, maxLength: number): string {
    // Code points are never more than UTF-16 units: most texts need no counting at all.
    if (text.length <= maxLength || Array.from(text).length <= maxLength) return text;
    const room = Math.max(0, maxLength - 1);
    let kept = '';
    let used = 0;
    for (const { segment } of graphemes.segment(text)) {
        const size = Array.from(segment).length;
        if (used + size > room) break;
        kept += segment;
        used += size;
    }
    return kept.trimEnd() + ELLIPSIS;
}

/**
 * What the Console can show: one line, no control characters, no runs of blanks, at most
 * `maxLength` characters. Line breaks and tabs become single spaces.
 */
export function toStatusLine(text: string, maxLength: number): string {
    return truncate(oneLine(text), maxLength);
}
