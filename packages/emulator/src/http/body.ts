import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';
import { ApiError, invalidInput } from '../errors.js';

const decoders = {
    br: promisify(brotliDecompress),
    gzip: promisify(gunzip),
    deflate: promisify(inflate),
} as const;

/** A request body after decoding: the bytes as sent before any compression, and their JSON on demand. */
export interface RequestBody {
    /** Whether any bytes arrived. */
    readonly present: boolean;
    /** The decompressed bytes (empty when nothing arrived or `error` is set). */
    readonly raw: Buffer;
    /** `Content-Type` as sent, without parameters, lower case; `undefined` when absent. */
    readonly mediaType: string | undefined;
    /** The full `Content-Type` header as sent. */
    readonly contentType: string | undefined;
    /** A transport-level error to answer with (too large, unknown encoding, broken compression). */
    readonly error?: ApiError;
    /** The body parsed as JSON, or `undefined` when it is empty or not JSON: what the timeline records. */
    readonly json: unknown;
    /** The body parsed as JSON; throws 400 `invalid-input` when it is not JSON. `undefined` when empty. */
    parseJson(): unknown;
}

const NOT_JSON = Symbol('not JSON');

function parsed(raw: Buffer): unknown {
    if (raw.length === 0) return undefined;
    try {
        return JSON.parse(raw.toString('utf8'));
    } catch {
        return NOT_JSON;
    }
}

function makeBody(raw: Buffer, present: boolean, contentType: string | undefined, error?: ApiError): RequestBody {
    const value = error ? undefined : parsed(raw);
    const body: RequestBody = {
        present,
        raw,
        contentType,
        mediaType: contentType?.split(';')[0]?.trim().toLowerCase() || undefined,
        json: value === NOT_JSON ? undefined : value,
        parseJson() {
            if (value === NOT_JSON) throw invalidInput('Request body is not valid JSON');
            return value;
        },
    };
    return error ? { ...body, error } : body;
}

/**
 * Reads the whole body and decompresses it (apify-client brotli-compresses bodies of 1 KiB or more).
 * The body is always read to its end, even past the limit, so the client gets a clean 413 instead of a
 * reset connection while it is still writing.
 */
export async function readBody(req: IncomingMessage, maxBodyBytes: number): Promise<RequestBody> {
    const contentType = req.headers['content-type'];
    const chunks: Buffer[] = [];
    let received = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
        received += chunk.length;
        if (received <= maxBodyBytes) chunks.push(chunk);
    }
    const empty = Buffer.alloc(0);
    if (received > maxBodyBytes) return makeBody(empty, true, contentType, tooLarge(maxBodyBytes));
    if (received === 0) return makeBody(empty, false, contentType);

    const decoded = await decode(Buffer.concat(chunks), req.headers['content-encoding'], maxBodyBytes);
    if (decoded instanceof ApiError) return makeBody(empty, true, contentType, decoded);
    return makeBody(decoded, true, contentType);
}

async function decode(raw: Buffer, header: string | undefined, maxBodyBytes: number): Promise<Buffer | ApiError> {
    // Encodings apply in the order listed, so they are undone from the last one.
    const encodings = (header ?? '')
        .split(',')
        .map((encoding) => encoding.trim().toLowerCase())
        .filter((encoding) => encoding !== '' && encoding !== 'identity')
        .reverse();
    let data = raw;
    for (const encoding of encodings) {
        if (!(encoding in decoders)) {
            return new ApiError(
                415,
                'unsupported-content-encoding',
                `Content-Encoding "${encoding}" is not supported; use br, gzip or deflate`,
            );
        }
        try {
            // The output cap stops a small compressed body from inflating past the limit.
            data = await decoders[encoding as keyof typeof decoders](data, { maxOutputLength: maxBodyBytes });
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return tooLarge(maxBodyBytes);
            return new ApiError(400, 'invalid-input', `Request body could not be decoded as ${encoding}`);
        }
    }
    return data;
}

function tooLarge(maxBodyBytes: number): ApiError {
    return new ApiError(413, 'request-too-large', `Request body is larger than the limit of ${maxBodyBytes} bytes`);
}
