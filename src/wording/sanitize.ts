const ELLIPSIS = '…';

// C0 and C1 control characters, DEL, and the Unicode line and paragraph separators.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** Cuts `text` to at most `maxLength` characters, ending in an ellipsis when it was cut. */
export function truncate(text: string, maxLength: number): string {
    const chars = Array.from(text); // by code point, so no surrogate pair is split in two
    if (chars.length <= maxLength) return text;
    return (
        chars
            .slice(0, Math.max(0, maxLength - 1))
            .join('')
            .trimEnd() + ELLIPSIS
    );
}

/**
 * What the Console can show: one line, no control characters, no runs of blanks, at most
 * `maxLength` characters. Line breaks and tabs become single spaces.
 */
export function toStatusLine(text: string, maxLength: number): string {
    const oneLine = text.replace(CONTROL_CHARACTERS, ' ').replace(/\s+/g, ' ').trim();
    return truncate(oneLine, maxLength);
}
