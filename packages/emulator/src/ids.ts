import { randomBytes } from 'node:crypto';

// The alphabet of platform ids: letters and digits without look-alikes.
const ID_ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random id shaped like the platform's (17 characters). */
export function randomId(length = 17): string {
    const bytes = randomBytes(length);
    let id = '';
    for (const byte of bytes) {
        id += ID_ALPHABET[byte % ID_ALPHABET.length];
    }
    return id;
}

/** A random API token, shaped like the platform's `apify_api_...` tokens. */
export function randomToken(): string {
    return `apify_api_${randomBytes(18).toString('base64url')}`;
}
