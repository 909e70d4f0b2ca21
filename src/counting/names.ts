// C0 and C1 control characters, DEL, and the Unicode line and paragraph separators.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/**
 * Terminal colour and cursor codes (ANSI escape sequences), which error texts carry: a Playwright
 * timeout's "Call log:" is dimmed with ESC [2m ... ESC [22m. Made a space, the ESC alone would leave
 * "[2m" in the text. CSI sequences (ESC [ or the 8-bit CSI), OSC sequences (ESC ], up to BEL or
 * ESC \), and the other two-character escapes.
 */
const ANSI_ESCAPES =
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching escape sequences is the point
    /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-_]/g;

/**
 * The explicit bidirectional formatting characters: embeddings, overrides (U+202A-U+202E) and
 * isolates (U+2066-U+2069). A right-to-left override in a unit or a step name would show the rest
 * of the message reversed ("enod segap 04"); right-to-left text itself needs none of them.
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/** Anything a reader can see: not a blank, not an invisible character (zero-width, bidi marks, ...). */
const VISIBLE = /[^\s\p{Default_Ignorable_Code_Point}]/u;

/**
 * Text as a reader should get it from any source (an error's message, an author's words): without
 * terminal escape codes and without bidi controls. Line breaks stay. Never throws.
 */
export function plainText(text: string): string {
    return text.replace(ANSI_ESCAPES, '').replace(BIDI_CONTROLS, '');
}

/**
 * One line: escape codes and bidi controls removed (see `plainText`), control characters and line
 * breaks made spaces, runs of blanks one space, trimmed. Empty when nothing visible is left: text made
 * only of zero-width characters or bidi marks would be an invisible message.
 */
export function oneLine(text: string): string {
    const line = plainText(text).replace(CONTROL_CHARACTERS, ' ').replace(/\s+/g, ' ').trim();
    return VISIBLE.test(line) ? line : '';
}

/**
 * A name that goes into messages (a step, a unit), cleaned where it enters: a name ending in a
 * control character would otherwise read "Step two :" once the message is made one line, and a
 * step declared in `phases` must match the same step started with `phase()`.
 */
export const cleanName = oneLine;
