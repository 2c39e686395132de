/**
 * CIERS trust for Roundcube: badges in the message list and the message view, and the two
 * buttons. The buttons only move messages: the mail server turns a move into Spam into a CIERS
 * report, and a move out of Spam into a refutation.
 */
(function () {
    var HIGH = 15, LOW = 10;

    function badge(trust) {
        var span = document.createElement('span');
        span.className = 'ciers-badge';
        if (trust === '' || trust === undefined || trust === null) {
            span.className += ' ciers-none';
            span.textContent = rcmail.get_label('ciers_trust.notvalidated');
            span.title = rcmail.get_label('ciers_trust.notvalidatedtitle');
        } else {
            var value = parseFloat(trust);
            span.className += value >= HIGH ? ' ciers-high' : value >= LOW ? ' ciers-medium' : ' ciers-low';
            span.textContent = rcmail.get_label('ciers_trust.trustshort') + ' ' + trust;
            span.title = rcmail.get_label('ciers_trust.trusttitle').replace('$trust', trust);
            span.setAttribute('data-trust', trust);
        }
        return span;
    }

    function move(toSpam) {
        var target = toSpam ? rcmail.env.ciers_spam_mailbox : 'INBOX';
        if (rcmail.env.mailbox === target) {
            return;
        }
        rcmail.move_messages(target);
    }

    /** Report spam outside Spam, Not spam in it, for a message shown or selected. */
    function enableButtons(forAMessage) {
        var inSpam = rcmail.env.mailbox === rcmail.env.ciers_spam_mailbox;
        rcmail.enable_command('plugin.ciers_trust.report_spam', forAMessage && !inSpam);
        rcmail.enable_command('plugin.ciers_trust.not_spam', forAMessage && inSpam);
    }

    rcmail.addEventListener('init', function () {
        rcmail.register_command('plugin.ciers_trust.report_spam', function () { move(true); }, false);
        rcmail.register_command('plugin.ciers_trust.not_spam', function () { move(false); }, false);

        if (rcmail.message_list) {
            rcmail.message_list.addEventListener('select', function (list) {
                enableButtons(list.get_selection().length > 0);
            });
        }
        if (rcmail.env.action === 'show' || rcmail.env.action === 'preview') {
            enableButtons(true);
            var subject = document.querySelector('#message-header .subject') || document.querySelector('.subject');
            if (subject && rcmail.env.ciers_trust !== undefined) {
                var shown = badge(rcmail.env.ciers_trust);
                shown.id = 'ciers-message-badge';
                subject.appendChild(shown);
            }
        }
    });

    rcmail.addEventListener('insertrow', function (event) {
        var message = rcmail.env.messages[event.uid || event.cid];
        var flags = message && message.flags;
        var row = event.row && event.row.obj;
        if (!row || !flags || flags.ciers_trust === undefined) {
            return;
        }
        var cell = row.querySelector('td.subject span.subject') || row.querySelector('td.subject');
        if (cell && !cell.querySelector('.ciers-badge')) {
            var shown = badge(flags.ciers_trust);
            shown.className += ' ciers-list';
            cell.insertBefore(shown, cell.firstChild);
        }
    });
})();
