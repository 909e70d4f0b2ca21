import { errorText } from '../counting/error-text.js';
import type { ProgressSnapshot } from '../counting/snapshot.js';
import { describeValue } from '../shared/value-description.js';
import { formatProgress } from './format.js';
import { toStatusLine } from './sanitize.js';

interface FallbackSettings {
    format: ((snapshot: ProgressSnapshot) => string) | undefined;
    locale: string;
    maxLength: number;
    /** See `FormatSettings.progressSaved`. */
    progressSaved?: boolean;
    /** See `FormatSettings.showCharges`. */
    showCharges?: boolean;
    /** Told when the author's `format` misbehaves; `kind` is stable, so the caller can say it once. */
    onProblem: (kind: string, message: string) => void;
}

/**
 * The author's `format` when given, else the built-in wording; also the built-in wording when the
 * author's function throws, returns something else than a string, or returns blank text, since a bug in a message must
 * not cost the run its status.
 */
export function formatWithFallback(snapshot: ProgressSnapshot, settings: FallbackSettings): string {
    const { format, locale, maxLength, onProblem } = settings;
    const builtIn = {
        locale,
        maxLength,
        ...(settings.progressSaved === undefined ? {} : { progressSaved: settings.progressSaved }),
        ...(settings.showCharges === undefined ? {} : { showCharges: settings.showCharges }),
    };
    if (format) {
        try {
            const text = format(snapshot);
            if (typeof text === 'string') {
                // Blank once made one line: sent as is, a terminal message would leave the Console empty.
                if (toStatusLine(text, Number.MAX_SAFE_INTEGER) !== '') return text;
                onProblem('format-blank', 'The `format` option returned blank text; using the built-in wording.');
                return formatProgress(snapshot, builtIn);
            }
            onProblem(
                'format-type',
                `The \`format\` option returned ${describeValue(text)}, not a string; using the built-in wording.`,
            );
        } catch (error) {
            onProblem('format-threw', `The \`format\` option threw (${errorText(error)}); using the built-in wording.`);
        }
    }
    return formatProgress(snapshot, builtIn);
}
