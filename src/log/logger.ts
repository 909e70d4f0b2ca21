/** The few logging methods the reporter needs; Apify's and Crawlee's `log` fit, so does a test spy. */
export interface ProgressLogger {
    info(message: string): void;
    warning(message: string): void;
}
