// The CIERS organization portal: plain JavaScript over the authority's portal routes.
// The session token lives in this tab only (sessionStorage), never in a cookie.
(function () {
    'use strict';
    const base = '/ciers/portal';
    const status = document.getElementById('status');

    function say(text, isError) {
        status.textContent = text;
        status.className = isError ? 'error' : '';
    }

    function token() {
        return sessionStorage.getItem('ciersToken');
    }

    async function call(method, path, body) {
        const headers = {'Content-Type': 'application/json'};
        if (token()) {
            headers.Authorization = 'Bearer ' + token();
        }
        const response = await fetch(base + path, {method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body)});
        const text = await response.text();
        const json = text ? JSON.parse(text) : {};
        if (!response.ok) {
            throw new Error(json.message || ('HTTP ' + response.status));
        }
        return json;
    }

    function formObject(form) {
        const data = {};
        new FormData(form).forEach(function (value, key) { data[key] = value; });
        return data;
    }

    function cell(row, text) {
        const td = document.createElement('td');
        td.textContent = text;
        row.appendChild(td);
        return td;
    }

    function item(list, text) {
        const li = document.createElement('li');
        li.textContent = text;
        list.appendChild(li);
        return li;
    }

    function button(parent, label, action) {
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = label;
        b.addEventListener('click', action);
        parent.appendChild(b);
    }

    async function showAccount() {
        const me = await call('GET', '/api/me');
        document.getElementById('account-section').hidden = false;
        document.getElementById('login-section').hidden = true;
        document.getElementById('signup-section').hidden = true;
        document.getElementById('confirm-section').hidden = true;
        document.getElementById('account-summary').textContent =
            me.organization.name + ' (' + me.organization.email + '), logged in as ' + me.account.username;
        await showDomains();
        const requests = document.getElementById('requests');
        requests.replaceChildren();
        me.requests.forEach(function (request) {
            const li = item(requests, request.domain + ': ' + request.state + ' (' + request.proof + ')'
                + (request.dnsRecord ? ' — publish ' + request.dnsRecord : ''));
            if (request.state === 'pending' && request.proof === 'dns') {
                button(li, 'Check DNS for ' + request.domain, async function () {
                    try { await call('POST', '/api/domains/' + request.id + '/dns-check'); say(request.domain + ' approved'); showAccount(); }
                    catch (e) { say(e.message, true); }
                });
            }
            if (request.state === 'approved' && me.domains.indexOf(request.domain) < 0) {
                button(li, 'Take the credentials of ' + request.domain, async function () {
                    try {
                        const c = await call('POST', '/api/domains/' + request.id + '/credentials');
                        document.getElementById('credentials').textContent = c.domain + ': server ID ' + c.serverId
                            + ', passphrase ' + c.passphrase + ' (shown once: put them in the mail server\'s ciers.properties now)';
                        showAccount();
                    } catch (e) { say(e.message, true); }
                });
            }
        });
        const reports = await call('GET', '/api/reports');
        const body = document.querySelector('#reports tbody');
        body.replaceChildren();
        reports.forEach(function (report) {
            const row = document.createElement('tr');
            [report.messageId, CiersCharts.when(report.sentAt), report.senderServerId, report.recipientDomain,
                CiersCharts.when(report.reportedAt), report.state]
                .forEach(function (text) { cell(row, text); });
            const action = cell(row, '');
            if (report.state === 'standing') {
                button(action, 'Ask ' + report.recipientDomain + ' to look again', async function () {
                    try { await call('POST', '/api/reports/' + encodeURIComponent(report.messageId) + '/refutation-request'); say('Asked'); }
                    catch (e) { say(e.message, true); }
                });
            }
            body.appendChild(row);
        });
    }

    // each domain's standing now (from the store) and, when the authority keeps analytics, its days
    async function showDomains() {
        const domains = await call('GET', '/api/domains');
        const body = document.querySelector('#domains tbody');
        body.replaceChildren();
        let charted = false;
        for (const domain of domains) {
            const row = document.createElement('tr');
            row.dataset.domain = domain.domain;
            cell(row, domain.domain);
            cell(row, String(domain.trustValue));
            cell(row, String(domain.counters.transmissions));
            cell(row, String(domain.counters.standingReports));
            cell(row, String(domain.counters.refutedReports));
            const trend = cell(row, '…');
            cell(row, CiersCharts.when(domain.registeredAt));
            const charts = cell(row, '');
            body.appendChild(row);
            try {
                const history = await call('GET', '/api/domains/' + encodeURIComponent(domain.domain) + '/histogram');
                trend.textContent = CiersCharts.trend(history.days);
                button(charts, 'Show ' + domain.domain, function () { showCharts(history); });
                if (!charted || domain.counters.standingReports + domain.counters.refutedReports > 0) {
                    showCharts(history);
                    charted = true;
                }
            } catch (e) {
                trend.textContent = 'not kept by this authority';
            }
        }
    }

    function showCharts(history) {
        document.getElementById('domain-charts').hidden = false;
        document.getElementById('chart-title').textContent = history.domain + ', ' + history.from + ' to ' + history.to;
        CiersCharts.line(document.getElementById('trust-chart'), history.days, 'trust', 'Trust value at the end of each day', 20);
        CiersCharts.bars(document.getElementById('volume-chart'), history.days, ['transmissions', 'reports', 'refuted'],
            ['validated transmissions', 'reports', 'refuted'], 'Transmissions and reports per day');
    }

    document.getElementById('signup-form').addEventListener('submit', async function (event) {
        event.preventDefault();
        try {
            const account = await call('POST', '/signup', formObject(event.target));
            document.getElementById('phone-username').value = account.username;
            document.getElementById('login-username').value = account.username;
            say('Signed up as ' + account.username + '. Open the link mailed to you, then confirm your phone.');
        } catch (e) { say(e.message, true); }
    });

    document.getElementById('phone-form').addEventListener('submit', async function (event) {
        event.preventDefault();
        try {
            const account = await call('POST', '/confirm-phone', formObject(event.target));
            say(account.status === 'active' ? 'Your account is active: log in.' : 'Phone confirmed; now open the link mailed to you.');
        } catch (e) { say(e.message, true); }
    });

    document.getElementById('login-form').addEventListener('submit', async function (event) {
        event.preventDefault();
        try {
            const session = await call('POST', '/login', formObject(event.target));
            sessionStorage.setItem('ciersToken', session.token);
            say('Logged in as ' + session.username);
            await showAccount();
        } catch (e) { say(e.message, true); }
    });

    document.getElementById('logout').addEventListener('click', async function () {
        try { await call('POST', '/logout'); } catch (e) { /* gone anyway */ }
        sessionStorage.removeItem('ciersToken');
        location.reload();
    });

    document.getElementById('domain-form').addEventListener('submit', async function (event) {
        event.preventDefault();
        const data = formObject(event.target);
        data.mxHosts = data.mxHosts.split(',').map(function (host) { return host.trim(); }).filter(Boolean);
        try {
            const request = await call('POST', '/api/domains', data);
            say('Requested ' + request.domain + (request.dnsRecord ? ': publish ' + request.dnsRecord : ': its contact was mailed'));
            await showAccount();
        } catch (e) { say(e.message, true); }
    });

    document.getElementById('certificate-form').addEventListener('submit', async function (event) {
        event.preventDefault();
        try {
            const issued = await call('POST', '/api/certificates', formObject(event.target));
            document.getElementById('certificate-output').textContent = issued.pem ? issued.pem
                : 'PKCS#12 (base64, shown once), password ' + issued.password + ':\n' + issued.pkcs12 + '\n\n' + issued.certificate.pem;
            say('Certificate issued');
        } catch (e) { say(e.message, true); }
    });

    if (token()) {
        showAccount().catch(function () { sessionStorage.removeItem('ciersToken'); });
    }
}());
