// The chart of progress and rate over the whole run, drawn with uPlot (loaded before this module).

/** The most points drawn; past it every other one goes, as on the server (history.ts). */
const MAX_POINTS = 1200;

function cssVar(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/** A point from an update: [at ms, done, failed, total, rate], as the server's history keeps them. */
export function pointOf(doc) {
    const rate = doc.ratePerMinute === null ? null : Math.round(doc.ratePerMinute * 10) / 10;
    return [Date.parse(doc.updatedAt), doc.done, doc.failed, doc.total, rate];
}

/** `format()` gives the number format in force (the run's locale arrives with the first event). */
export function createChart(container, format) {
    let points = [];
    let startedAt = 0;
    let plot;

    // The x axis is the time since the run started, worded as the messages word it: "+2 min".
    const data = () => {
        const columns = [[], [], [], [], []];
        for (const point of points) {
            columns[0].push((point[0] - startedAt) / 1000);
            for (let i = 1; i < 5; i++) columns[i].push(point[i]);
        }
        return columns;
    };

    const size = () => ({
        width: Math.max(200, container.clientWidth),
        height: Math.max(140, Math.min(260, Math.round(window.innerHeight * 0.38))),
    });

    const build = () => {
        const text = cssVar('--muted');
        const grid = cssVar('--grid');
        const countValue = (_, value) => (value === null || value === undefined ? '–' : format().count(value));
        const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
        // Dots only while there are few points (the first seconds): a line of dots later is noise.
        const dots = { show: (_, __, first, last) => last - first < 24 };
        plot = new window.uPlot(
            {
                ...size(),
                cursor: { drag: { x: false, y: false } },
                // Labels only: the numbers of the moment are in the counts above.
                legend: { live: false },
                scales: {
                    x: { time: false },
                    count: { range: (_, __, max) => [0, Math.max(4, max ?? 0)] },
                    rate: { range: (_, __, max) => [0, Math.max(10, (max ?? 0) * 1.15)] },
                },
                series: [
                    {},
                    {
                        label: 'Done',
                        scale: 'count',
                        stroke: cssVar('--done'),
                        width: 2,
                        value: countValue,
                        points: dots,
                    },
                    {
                        label: 'Failed',
                        scale: 'count',
                        stroke: cssVar('--failed'),
                        width: 1.5,
                        value: countValue,
                        points: dots,
                    },
                    {
                        label: 'Total',
                        scale: 'count',
                        stroke: text,
                        width: 1,
                        dash: [4, 4],
                        value: countValue,
                        points: dots,
                    },
                    {
                        label: 'Rate',
                        scale: 'rate',
                        stroke: cssVar('--rate'),
                        width: 1.5,
                        points: dots,
                        value: (_, value) => (value === null || value === undefined ? '–' : format().rate(value)),
                    },
                ],
                axes: [
                    {
                        ...axis,
                        // Steps a clock has: 5 s, 1 min, 15 min, 1 h...
                        incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 21600, 43200],
                        values: (_, ticks) => ticks.map((tick) => `+${format().duration(tick * 1000)}`),
                    },
                    {
                        ...axis,
                        scale: 'count',
                        size: 56,
                        values: (_, ticks) => ticks.map((tick) => format().count(tick)),
                    },
                    {
                        ...axis,
                        scale: 'rate',
                        side: 1,
                        size: 72,
                        grid: { show: false },
                        values: (_, ticks) => ticks.map((tick) => format().rate(tick)),
                    },
                ],
            },
            data(),
            container,
        );
    };

    new ResizeObserver(() => plot?.setSize(size())).observe(container);

    return {
        /** Replaces the points (a page that connects or reconnects gets the whole history). */
        reset(history, runStartedAt) {
            startedAt = runStartedAt;
            points = history.slice();
            this.draw();
        },
        /** Adds the latest point; the chart covers the whole run in bounded memory. */
        add(point) {
            const last = points.at(-1);
            if (last && point[0] <= last[0]) return;
            points.push(point);
            if (points.length > MAX_POINTS) points = points.filter((_, index) => index % 2 === 0);
            this.draw();
        },
        draw() {
            if (!window.uPlot) return;
            if (plot) plot.setData(data());
            else build();
        },
    };
}
