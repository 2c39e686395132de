// Charts of the CIERS pages (the organization portal, the operator's analytics page): small SVG
// drawings made with DOM calls, from the analytics routes' JSON. Nothing is loaded from elsewhere.
(function () {
    'use strict';
    const SVG = 'http://www.w3.org/2000/svg';
    const WIDTH = 640;
    const HEIGHT = 220;
    const MARGIN = {top: 16, right: 16, bottom: 36, left: 48};
    const COLOURS = ['#245', '#c60', '#080'];

    function node(parent, name, attributes, text) {
        const element = document.createElementNS(SVG, name);
        Object.keys(attributes).forEach(function (key) { element.setAttribute(key, attributes[key]); });
        if (text !== undefined) {
            element.textContent = text;
        }
        parent.appendChild(element);
        return element;
    }

    function canvas(container, label) {
        container.replaceChildren();
        const svg = node(container, 'svg', {viewBox: '0 0 ' + WIDTH + ' ' + HEIGHT, width: WIDTH, height: HEIGHT, role: 'img',
            'aria-label': label, 'class': 'chart'});
        node(svg, 'title', {}, label);
        return svg;
    }

    function niceMax(value) {
        if (value <= 0) {
            return 1;
        }
        const power = Math.pow(10, Math.floor(Math.log10(value)));
        const steps = [1, 2, 5, 10];
        for (let i = 0; i < steps.length; i++) {
            if (value <= steps[i] * power) {
                return steps[i] * power;
            }
        }
        return 10 * power;
    }

    function yAxis(svg, max, ticks) {
        const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
        for (let i = 0; i <= ticks; i++) {
            const value = max * i / ticks;
            const y = MARGIN.top + plotHeight - plotHeight * i / ticks;
            node(svg, 'line', {x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y, y2: y, stroke: '#ddd'});
            node(svg, 'text', {x: MARGIN.left - 6, y: y + 4, 'text-anchor': 'end', 'font-size': 11}, String(Math.round(value * 100) / 100));
        }
    }

    function xLabels(svg, labels, xOf) {
        const every = Math.max(1, Math.ceil(labels.length / 8));
        labels.forEach(function (label, i) {
            if (i % every === 0 || i === labels.length - 1) {
                node(svg, 'text', {x: xOf(i), y: HEIGHT - MARGIN.bottom + 16, 'text-anchor': 'middle', 'font-size': 11}, label);
            }
        });
    }

    function legend(svg, names) {
        names.forEach(function (name, i) {
            const x = MARGIN.left + 8 + i * 150;
            node(svg, 'rect', {x: x, y: HEIGHT - 14, width: 10, height: 10, fill: COLOURS[i]});
            node(svg, 'text', {x: x + 14, y: HEIGHT - 5, 'font-size': 11}, name);
        });
    }

    function shortDay(day) {
        return new Date(day + 'T00:00:00Z').toLocaleDateString(undefined, {day: 'numeric', month: 'short', timeZone: 'UTC'});
    }

    /** A line of values per day, e.g. the trust value (fixed scale 0–max). */
    function line(container, days, field, label, fixedMax) {
        const svg = canvas(container, label);
        if (days.length === 0) {
            node(svg, 'text', {x: WIDTH / 2, y: HEIGHT / 2, 'text-anchor': 'middle'}, 'No figures yet');
            return svg;
        }
        const max = fixedMax || niceMax(Math.max.apply(null, days.map(function (d) { return d[field]; })));
        const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
        const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
        const xOf = function (i) { return MARGIN.left + (days.length === 1 ? plotWidth / 2 : plotWidth * i / (days.length - 1)); };
        const yOf = function (v) { return MARGIN.top + plotHeight - plotHeight * v / max; };
        yAxis(svg, max, 4);
        xLabels(svg, days.map(function (d) { return shortDay(d.day); }), xOf);
        node(svg, 'polyline', {points: days.map(function (d, i) { return xOf(i) + ',' + yOf(d[field]); }).join(' '), fill: 'none',
            stroke: COLOURS[0], 'stroke-width': 2, 'class': 'series'});
        days.forEach(function (d, i) {
            const point = node(svg, 'circle', {cx: xOf(i), cy: yOf(d[field]), r: 3.5, fill: COLOURS[0], 'class': 'point'});
            node(point, 'title', {}, d.day + ': ' + d[field]);
        });
        legend(svg, [label]);
        return svg;
    }

    /** Bars per day for several fields side by side, e.g. transmissions and reports. */
    function bars(container, days, fields, names, label) {
        const svg = canvas(container, label);
        if (days.length === 0) {
            node(svg, 'text', {x: WIDTH / 2, y: HEIGHT / 2, 'text-anchor': 'middle'}, 'No figures yet');
            return svg;
        }
        const max = niceMax(Math.max.apply(null, days.map(function (d) {
            return Math.max.apply(null, fields.map(function (f) { return d[f]; }));
        })));
        const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
        const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
        const slot = plotWidth / days.length;
        const barWidth = Math.max(2, Math.min(24, slot * 0.8 / fields.length));
        const xOf = function (i) { return MARGIN.left + slot * (i + 0.5); };
        yAxis(svg, max, 4);
        xLabels(svg, days.map(function (d) { return shortDay(d.day); }), xOf);
        days.forEach(function (d, i) {
            fields.forEach(function (f, j) {
                const h = plotHeight * d[f] / max;
                const bar = node(svg, 'rect', {x: xOf(i) - barWidth * fields.length / 2 + j * barWidth, y: MARGIN.top + plotHeight - h,
                    width: barWidth - 1, height: h, fill: COLOURS[j], 'class': 'bar'});
                node(bar, 'title', {}, d.day + ': ' + d[f] + ' ' + names[j]);
            });
        });
        legend(svg, names);
        return svg;
    }

    /** Horizontal bars, one per item, e.g. the top offenders' spam rates. */
    function ranking(container, items, labelOf, valueOf, textOf, label) {
        container.replaceChildren();
        const rowHeight = 22;
        const height = Math.max(40, items.length * rowHeight + 20);
        const svg = node(container, 'svg', {viewBox: '0 0 ' + WIDTH + ' ' + height, width: WIDTH, height: height, role: 'img',
            'aria-label': label, 'class': 'chart'});
        node(svg, 'title', {}, label);
        if (items.length === 0) {
            node(svg, 'text', {x: WIDTH / 2, y: 24, 'text-anchor': 'middle'}, 'No domain in this window');
            return svg;
        }
        const labelWidth = 200;
        const max = Math.max.apply(null, items.map(valueOf)) || 1;
        items.forEach(function (item, i) {
            const y = 10 + i * rowHeight;
            node(svg, 'text', {x: labelWidth - 8, y: y + 14, 'text-anchor': 'end', 'font-size': 12}, labelOf(item));
            const width = (WIDTH - labelWidth - 90) * valueOf(item) / max;
            const bar = node(svg, 'rect', {x: labelWidth, y: y, width: Math.max(1, width), height: rowHeight - 6, fill: COLOURS[1], 'class': 'bar'});
            node(bar, 'title', {}, labelOf(item) + ': ' + textOf(item));
            node(svg, 'text', {x: labelWidth + width + 6, y: y + 14, 'font-size': 12}, textOf(item));
        });
        return svg;
    }

    /** A time as a person reads it, in the reader's own time zone (e.g. "3 Dec 2026, 14:05"). */
    function when(iso) {
        if (!iso) {
            return '';
        }
        const date = new Date(iso);
        return isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, {dateStyle: 'medium', timeStyle: 'short'});
    }

    /** A trust trend over days: the change from the first day's trust to the last's. */
    function trend(days) {
        if (days.length < 2) {
            return 'not enough days yet';
        }
        const change = Math.round((days[days.length - 1].trust - days[0].trust) * 100) / 100;
        if (change === 0) {
            return 'steady over ' + days.length + ' days';
        }
        return (change > 0 ? '▲ +' : '▼ ') + change + ' over ' + days.length + ' days';
    }

    window.CiersCharts = {line: line, bars: bars, ranking: ranking, when: when, trend: trend};
}());
