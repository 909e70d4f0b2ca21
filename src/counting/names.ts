// C0 and C1 control characters, DEL, and the Unicode line and paragraph separators.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** One line: control characters and line breaks become spaces, runs of blanks one space, trimmed. */
export function oneLine(text: string): string {
    return text.replace(CONTROL_CHARACTERS, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * A name that goes into messages (a step, a unit), cleaned where it enters: a name ending in a
 * control character would otherwise read "Step two :" once the message is made one line, and a
 * step declared in `phases` must match the same step started with `phase()`.
 */
export const cleanName = oneLine;
