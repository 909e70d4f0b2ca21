// The chart of progress and rate over the whole run, drawn with uPlot (loaded before this module).
// Each step of a run in steps is drawn apart (its counts start again at 0), marked by a line with
// its name; a projection is a dashed line of its own; hovering shows the values in the legend.

import { chartData, projectionOf } from './chart-data.js';

/** The most points drawn; past it every other one goes, as on the server (history.ts). */
const MAX_POINTS = 1200;

function cssVar(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/** The axes' labels are measured in the font they are drawn in: a 2,000,000-page crawl needs room. */
const AXIS_FONT = `12px ${getComputedStyle(document.documentElement).fontFamily}`;
const measure = document.createElement('canvas').getContext('2d');
measure.font = AXIS_FONT;

function axisWidth(values) {
    const widest = Math.max(0, ...(values ?? []).map((value) => measure.measureText(value).width));
    return Math.ceil(widest) + 18;
}

/** `format()` gives the number format in force; `stepName(n)` the name of step n. */
export function createChart(container, format, stepName) {
    let points = [];
    let startedAt = 0;
    let projection;
    let plot;
    let built;

    const countValue = (_, value) => (value === null || value === undefined ? '–' : format().count(value));

    const size = () => {
        const width = Math.max(200, container.clientWidth);
        // Wide: the chart takes the height left in the window (the Console's frame is about 600 px
        // high), the legend below it included; on a phone the page scrolls, and the chart is fixed.
        const legend = plot?.root.querySelector('.u-legend')?.offsetHeight ?? 28;
        const left = window.innerHeight - container.getBoundingClientRect().top - window.scrollY - legend - 20;
        const height = window.innerWidth <= 760 ? 220 : Math.max(140, Math.min(340, left));
        return { width, height };
    };

    /** The step lines: a dashed rule where each step begins; its name beside it (`placeStepNames`). */
    const drawSteps = (u) => {
        const { ctx } = u;
        ctx.save();
        ctx.strokeStyle = cssVar('--muted');
        ctx.setLineDash([3, 3]);
        for (const { x } of built.steps) {
            const left = Math.round(u.valToPos(x, 'x', true));
            ctx.beginPath();
            ctx.moveTo(left, u.bbox.top);
            ctx.lineTo(left, u.bbox.top + u.bbox.height);
            ctx.stroke();
        }
        ctx.restore();
        placeStepNames(u);
    };

    /**
     * Each step's name, as text over the plot: from its line to the next step's (or the plot's right
     * edge) and cut with an ellipsis past that, the whole name in its title. Drawn on the canvas, a
     * long name ran on over the next step's and the rate axis.
     */
    const placeStepNames = (u) => {
        let names = u.over.querySelector('.step-names');
        if (!names) {
            names = document.createElement('div');
            names.className = 'step-names';
            u.over.append(names);
        }
        const lefts = built.steps.map(({ x }) => u.valToPos(x, 'x'));
        const labels = built.steps.map(({ step }, i) => {
            const label = document.createElement('span');
            label.className = 'step-name';
            label.textContent = stepName(step);
            label.title = label.textContent;
            const room = (lefts[i + 1] ?? u.over.clientWidth) - lefts[i] - 8;
            label.style.left = `${Math.round(lefts[i] + 4)}px`;
            label.style.maxWidth = `${Math.max(0, Math.floor(room))}px`;
            // Too narrow for a word: the title of nothing helps no one.
            label.hidden = room < 24;
            return label;
        });
        names.replaceChildren(...labels);
    };

    /** Away from the chart, the legend shows the latest values; hovering, those of the moment hovered. */
    const showLatest = (u) => {
        if (u.cursor.idx === null || u.cursor.idx === undefined) u.setLegend({ idx: built.latest });
    };

    const build = () => {
        const text = cssVar('--muted');
        const grid = cssVar('--grid');
        const axis = {
            stroke: text,
            font: AXIS_FONT,
            grid: { stroke: grid, width: 1 },
            ticks: { stroke: grid, width: 1 },
        };
        // Dots only while there are few points (the first seconds): a line of dots later is noise.
        const dots = { show: (_, __, first, last) => last - first < 24 };
        const count = (label, stroke, width, extra = {}) => ({
            label,
            scale: 'count',
            stroke,
            width,
            value: countValue,
            points: dots,
            ...extra,
        });
        plot = new window.uPlot(
            {
                ...size(),
                cursor: { drag: { x: false, y: false } },
                // Hovering shows the values at that moment in the legend; away from the chart, none.
                legend: { live: true },
                scales: {
                    // From the run's start, a minute at least: a run just begun is not one point in the middle.
                    x: { time: false, range: (_, min, max) => [Math.min(0, min ?? 0), Math.max(60, max ?? 0)] },
                    count: { range: (_, __, max) => [0, Math.max(4, max ?? 0)] },
                    rate: { range: (_, __, max) => [0, Math.max(10, (max ?? 0) * 1.15)] },
                },
                series: [
                    {
                        label: 'Time',
                        value: (_, value) =>
                            value === null || value === undefined ? '' : `+${format().duration(value * 1000)}`,
                    },
                    count('Done', cssVar('--done'), 2),
                    count('Failed', cssVar('--failed'), 1.5),
                    count('Total', text, 1, { dash: [4, 4] }),
                    {
                        label: 'Rate',
                        scale: 'rate',
                        stroke: cssVar('--rate'),
                        width: 1.5,
                        points: dots,
                        value: (_, value) => (value === null || value === undefined ? '–' : format().rate(value)),
                    },
                    count('Likely', cssVar('--accent'), 2, {
                        dash: [2, 5],
                        spanGaps: true,
                        points: { show: false },
                        // The line leads to the likely total: that is its value, wherever the cursor is.
                        value: () => (projection ? format().about(projection.total, 0) : '–'),
                    }),
                ],
                axes: [
                    {
                        ...axis,
                        // Room for "+1 min 30 s" between ticks, at steps a clock has: 5 s, 1 min, 15 min, 1 h...
                        space: 90,
                        incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 21600, 43200],
                        values: (_, ticks) => ticks.map((tick) => `+${format().duration(tick * 1000)}`),
                    },
                    {
                        ...axis,
                        scale: 'count',
                        values: (_, ticks) => ticks.map((tick) => format().axisCount(tick)),
                        size: (_, values) => {
                            const width = axisWidth(values);
                            // For scripts and tests, as the figures' data-value: what the axis had to fit.
                            container.dataset.countAxis = JSON.stringify({ values, width });
                            return width;
                        },
                    },
                    {
                        ...axis,
                        scale: 'rate',
                        side: 1,
                        grid: { show: false },
                        values: (_, ticks) => ticks.map((tick) => format().rate(tick)),
                        size: (_, values) => axisWidth(values),
                    },
                ],
                hooks: { draw: [drawSteps], setCursor: [showLatest] },
            },
            built.columns,
            container,
        );
        showProjection();
    };

    /** The projection's line and its place in the legend only when there is one. */
    const showProjection = () => {
        plot.setSeries(5, { show: projection !== undefined });
        container.classList.toggle('no-projection', projection === undefined);
    };

    new ResizeObserver(() => plot?.setSize(size())).observe(container);
    window.addEventListener('resize', () => plot?.setSize(size()));

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
            if (last && point[0] < last[0]) return;
            // The same moment again (a page that just connected): the newer counts.
            if (last && point[0] === last[0]) points.pop();
            points.push(point);
            if (points.length > MAX_POINTS) points = points.filter((_, index) => index % 2 === 0);
        },
        /** Where the run is likely heading, from the document (nothing when it has no projection). */
        project(doc) {
            projection = projectionOf(doc);
        },
        draw() {
            if (!window.uPlot) return;
            built = chartData(points, startedAt, projection);
            // For scripts and tests: where the steps begin on the chart.
            container.dataset.steps = JSON.stringify(built.steps);
            if (!plot) build();
            else {
                showProjection();
                plot.setData(built.columns);
            }
            showLatest(plot);
        },
        /** The size again: the layout above the chart changed (a longer message, a new row). */
        fit() {
            if (!plot) return;
            const next = size();
            if (next.width !== plot.width || next.height !== plot.height) plot.setSize(next);
        },
    };
}
