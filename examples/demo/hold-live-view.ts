/**
 * Preloaded into the example Actor by `npm run demo -- --hold`: when the run ends and the SDK calls
 * `process.exit()`, the process stays up instead, and with it the live view showing the final
 * state, until Ctrl+C. A demo convenience only: on the platform a run's page ends with its process.
 */
const exit = process.exit.bind(process);
let holding = false;

process.exit = ((code?: number | string | null) => {
    if (holding) return undefined as never;
    holding = true;
    // The live view never keeps a process alive by itself: this timer does, until Ctrl+C.
    const keepAlive = setInterval(() => {}, 60_000);
    const stop = () => {
        clearInterval(keepAlive);
        exit(code ?? undefined);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    process.stdout.write('HOLDING\n');
    return undefined as never;
}) as typeof process.exit;
