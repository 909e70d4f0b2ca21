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
    let plot;

    const data = () => {
        const columns = [[], [], [], [], []];
        for (const point of points) {
            columns[0].push(point[0] / 1000);
            for (let i = 1; i < 5; i++) columns[i].push(point[i]);
        }
        return columns;
    };

    const size = () => ({
        width: Math.max(200, container.clientWidth),
        height: Math.max(120, Math.min(220, Math.round(window.innerHeight * 0.3))),
    });

    const build = () => {
        const text = cssVar('--muted');
        const grid = cssVar('--grid');
        const countValue = (_, value) => (value === null || value === undefined ? '–' : format().count(value));
        const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
        plot = new window.uPlot(
            {
                ...size(),
                cursor: { drag: { x: false, y: false } },
                scales: {
                    x: { time: true },
                    count: { range: (_, __, max) => [0, Math.max(1, max ?? 1)] },
                    rate: { range: (_, __, max) => [0, Math.max(1, (max ?? 1) * 1.1)] },
                },
                series: [
                    {},
                    { label: 'Done', scale: 'count', stroke: cssVar('--done'), width: 2, value: countValue },
                    { label: 'Failed', scale: 'count', stroke: cssVar('--failed'), width: 1.5, value: countValue },
                    { label: 'Total', scale: 'count', stroke: text, width: 1, dash: [4, 4], value: countValue },
                    {
                        label: 'Rate',
                        scale: 'rate',
                        stroke: cssVar('--rate'),
                        width: 1.5,
                        value: (_, value) => (value === null || value === undefined ? '–' : format().rate(value)),
                    },
                ],
                axes: [
                    axis,
                    { ...axis, scale: 'count', values: (_, ticks) => ticks.map((tick) => format().count(tick)) },
                    {
                        ...axis,
                        scale: 'rate',
                        side: 1,
                        grid: { show: false },
                        values: (_, ticks) => ticks.map((tick) => `${format().count(tick)}/min`),
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
        reset(history) {
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
