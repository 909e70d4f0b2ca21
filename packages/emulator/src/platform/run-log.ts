/** Past this size the log keeps its start and says that the rest was cut. */
const MAX_LOG_CHARS = 2 * 1024 * 1024;

type Listener = { onText: (text: string) => void; onEnd: () => void };

/**
 * A run's log as the platform serves it (`GET /v2/actor-runs/:runId/log`): every line of the process
 * output, prefixed with its ISO time, which is how apify-client's streamed log splits messages.
 */
export class RunLog {
    #text = '';
    #truncated = false;
    #ended = false;
    readonly #listeners = new Set<Listener>();

    get ended(): boolean {
        return this.#ended;
    }

    text(): string {
        return this.#text;
    }

    /** Appends one line (a platform line, or one of the process output). */
    line(line: string): void {
        if (this.#ended) return;
        this.#write(`${new Date().toISOString()} ${line}\n`);
    }

    /** Copies a stream of process output into the log, line by line. */
    capture(stream: NodeJS.ReadableStream | null | undefined): void {
        if (!stream) return;
        let partial = '';
        stream.on('data', (chunk: Buffer | string) => {
            const lines = (partial + String(chunk)).split('\n');
            partial = lines.pop() ?? '';
            for (const line of lines) this.line(line.replace(/\r$/, ''));
        });
        stream.on('end', () => {
            if (partial !== '') this.line(partial);
            partial = '';
        });
    }

    /** Follows the log: `onText` gets what is written from now on, `onEnd` when the run has ended. */
    follow(onText: (text: string) => void, onEnd: () => void): () => void {
        if (this.#ended) {
            onEnd();
            return () => {};
        }
        const listener = { onText, onEnd };
        this.#listeners.add(listener);
        return () => this.#listeners.delete(listener);
    }

    /** The first line matching `pattern`, once it is written; `undefined` if the log ends (or the time is up) first. */
    firstLine(pattern: RegExp | string, timeoutMs: number): Promise<string | undefined> {
        const find = (text: string) =>
            text
                .split('\n')
                .find((line) => (typeof pattern === 'string' ? line.includes(pattern) : pattern.test(line)));
        const found = find(this.#text);
        if (found !== undefined || this.#ended) return Promise.resolve(found);
        return new Promise((resolve) => {
            let done = false;
            const finish = (line: string | undefined) => {
                if (done) return;
                done = true;
                clearTimeout(timer);
                stop();
                resolve(line);
            };
            const timer = setTimeout(() => finish(undefined), timeoutMs);
            const stop = this.follow(
                (text) => {
                    const line = find(text);
                    if (line !== undefined) finish(line);
                },
                () => finish(find(this.#text)),
            );
        });
    }

    /** The run ended: followers are told, and nothing more is written. */
    end(): void {
        if (this.#ended) return;
        this.#ended = true;
        for (const listener of this.#listeners) listener.onEnd();
        this.#listeners.clear();
    }

    #write(text: string): void {
        if (this.#truncated) return;
        let chunk = text;
        if (this.#text.length + chunk.length > MAX_LOG_CHARS) {
            chunk = `${new Date().toISOString()} [the emulator cut the log here: it keeps at most ${MAX_LOG_CHARS} characters]\n`;
            this.#truncated = true;
        }
        this.#text += chunk;
        for (const listener of this.#listeners) listener.onText(chunk);
    }
}
