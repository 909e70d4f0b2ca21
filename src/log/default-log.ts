import { log as apifyLog } from 'apify';
import type { ProgressLogger } from './logger.js';

/** Apify's log (Crawlee's), so that the reporter's lines look like the rest of the Actor's. */
export const defaultLog: ProgressLogger = apifyLog.child({ prefix: 'Progress' });
