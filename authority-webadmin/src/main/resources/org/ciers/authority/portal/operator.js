// The operator's analytics page: plain JavaScript over /ciers/operator/analytics. The page itself is
// public and holds no data; every figure comes from the operator routes, with the WebAdmin token
// the operator types, kept in this tab only (sessionStorage).
(function () {
    'use strict';
    const base = '/ciers/operator/analytics';
    const status = document.getElementById('status');
    const PAGE_SIZE = 25;
    let searchPage = 0;

    function say(text, isError) {
        status.textContent = text;
        status.className = isError ? 'error' : '';
    }

    async function call(path, parameters) {
        const query = new URLSearchParams();
        Object.keys(parameters || {}).forEach(function (key) {
            if (parameters[key] !== '' && parameters[key] !== undefined) {
                query.set(key, parameters[key]);
            }
        });
        const headers = {};
        const token = sessionStorage.getItem('ciersOperatorToken');
        if (token) {
            headers.Authorization = token.startsWith('Bearer ') ? token : 'Bearer ' + token;
        }
        const response = await fetch(base + path + (query.toString() ? '?' + query : ''), {headers: headers});
        const text = await response.text();
        const json = text ? JSON.parse(text) : {};
        if (!response.ok) {
            throw new Error(response.status === 401 ? 'the token was refused (401)' : (json.message || ('HTTP ' + response.status)));
        }
        return json;
    }

    function formObject(form) {
        const data = {};
        new FormData(form).forEach(function (value, key) { data[key] = value; });
        return data;
    }

    function row(body, texts) {
        const tr = document.createElement('tr');
        texts.forEach(function (text) {
            const td = document.createElement('td');
            td.textContent = text;
            tr.appendChild(td);
        });
        body.appendChild(tr);
    }

    function percent(rate) {
        return (Math.round(rate * 10000) / 100) + ' %';
    }

    async function showState() {
        const state = await call('');
        document.getElementById('copy-state').textContent = state.enabled
            ? 'Analytics on ' + state.kind + ': ' + state.pending + ' record(s) waiting' + (state.failure ? '; the index does not answer: ' + state.failure : '')
            : 'Analytics is off on this authority (authority.analytics=none).';
    }

    async function rank(parameters) {
        const answer = await call('/top-offenders', parameters);
        CiersCharts.ranking(document.getElementById('offenders-chart'), answer.offenders, function (o) { return o.domain; },
            function (o) { return o.spamRate; }, function (o) { return percent(o.spamRate); },
            'Top offenders from ' + answer.from + ' to ' + answer.to + ' (at least ' + answer.minTransmissions + ' transmissions)');
        const body = document.querySelector('#offenders tbody');
        body.replaceChildren();
        answer.offenders.forEach(function (o) {
            row(body, [o.domain, percent(o.spamRate), String(o.standingReports), String(o.transmissions)]);
        });
        return answer;
    }

    async function history(parameters) {
        const answer = await call('/domains/' + encodeURIComponent(parameters.domain) + '/histogram', {from: parameters.from, to: parameters.to});
        document.getElementById('history-chart-title').textContent = answer.domain + ', ' + answer.from + ' to ' + answer.to
            + ' (' + CiersCharts.trend(answer.days) + ')';
        CiersCharts.line(document.getElementById('history-trust-chart'), answer.days, 'trust', 'Trust value at the end of each day', 20);
        CiersCharts.bars(document.getElementById('history-volume-chart'), answer.days, ['transmissions', 'reports', 'refuted'],
            ['validated transmissions', 'reports', 'refuted'], 'Transmissions and reports per day');
    }

    async function search() {
        const parameters = formObject(document.getElementById('search-form'));
        parameters.page = searchPage;
        parameters.size = PAGE_SIZE;
        const answer = await call('/reports', parameters);
        document.getElementById('search-total').textContent = answer.total + ' report(s); page ' + (answer.page + 1)
            + ' of ' + Math.max(1, Math.ceil(answer.total / PAGE_SIZE));
        const body = document.querySelector('#search-results tbody');
        body.replaceChildren();
        answer.reports.forEach(function (r) {
            row(body, [CiersCharts.when(r.reportedAt), r.senderDomain, r.recipientDomain, r.state, r.messageId, CiersCharts.when(r.sentAt)]);
        });
        document.getElementById('search-previous').disabled = answer.page === 0;
        document.getElementById('search-next').disabled = (answer.page + 1) * PAGE_SIZE >= answer.total;
    }

    function guarded(action) {
        return async function (event) {
            if (event) {
                event.preventDefault();
            }
            try {
                await action(event);
            } catch (e) {
                say(e.message, true);
            }
        };
    }

    document.getElementById('operator-token-form').addEventListener('submit', guarded(async function (event) {
        sessionStorage.setItem('ciersOperatorToken', formObject(event.target).token.trim());
        await showState();
        const ranked = await rank({});
        say('Ranked ' + ranked.offenders.length + ' domain(s)');
    }));
    document.getElementById('offenders-form').addEventListener('submit', guarded(async function (event) {
        const ranked = await rank(formObject(event.target));
        say('Ranked ' + ranked.offenders.length + ' domain(s)');
    }));
    document.getElementById('history-form').addEventListener('submit', guarded(async function (event) {
        await history(formObject(event.target));
        say('History shown');
    }));
    document.getElementById('search-form').addEventListener('submit', guarded(async function () {
        searchPage = 0;
        await search();
        say('Searched');
    }));
    document.getElementById('search-previous').addEventListener('click', guarded(async function () {
        searchPage = Math.max(0, searchPage - 1);
        await search();
    }));
    document.getElementById('search-next').addEventListener('click', guarded(async function () {
        searchPage += 1;
        await search();
    }));
}());
