import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';
import { ApiError } from './errors.js';

const decoders = {
    br: promisify(brotliDecompress),
    gzip: promisify(gunzip),
    deflate: promisify(inflate),
} as const;

/** A request body after decoding: parsed JSON, or the error the API would answer with. */
export interface DecodedBody {
    /** Parsed JSON; `undefined` for an empty body or when `error` is set. */
    json: unknown;
    /** Whether any bytes arrived. */
    present: boolean;
    error?: ApiError;
}

/**
 * Reads the whole body, decompresses it (apify-client brotli-compresses bodies of 1 KiB or more) and parses it.
 * The body is always read to its end, even past the limit, so the client gets a clean 413 instead of a
 * reset connection while it is still writing.
 */
export async function readBody(req: IncomingMessage, maxBodyBytes: number): Promise<DecodedBody> {
    const chunks: Buffer[] = [];
    let received = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
        received += chunk.length;
        if (received <= maxBodyBytes) chunks.push(chunk);
    }
    if (received > maxBodyBytes) return { json: undefined, present: true, error: tooLarge(maxBodyBytes) };
    if (received === 0) return { json: undefined, present: false };

    const raw = Buffer.concat(chunks);
    const decoded = await decode(raw, req.headers['content-encoding'], maxBodyBytes);
    if (decoded instanceof ApiError) return { json: undefined, present: true, error: decoded };
    try {
        return { json: JSON.parse(decoded.toString('utf8')), present: true };
    } catch {
        return {
            json: undefined,
            present: true,
            error: new ApiError(400, 'invalid-input', 'Request body is not valid JSON'),
        };
    }
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
