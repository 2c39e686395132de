<?php

/**
 * CIERS for Roundcube: each message's CIERS trust value (the X-CIERS-TrustValue stamp the
 * receiving James wrote), "Report spam" and "Not spam" buttons that move the message into or out
 * of Spam (the mail server turns the move into a CIERS report or refutation), and the reader's own
 * trust threshold, written as a Sieve rule through ManageSieve and run by the mail server at
 * delivery. See docs/client.md of the CIERS project.
 */
class ciers_trust extends rcube_plugin
{
    public $task = 'mail|settings';

    /** The stamp: arriving X-CIERS-* headers are removed by the receiving server before it stamps. */
    const TRUST_HEADER = 'X-CIERS-TrustValue';
    /** The stamp's grammar (spec: 0 to 20, at most two decimals); anything else is shown as no stamp. */
    const TRUST_PATTERN = '/^(20(\.0{1,2})?|1?[0-9](\.[0-9]{1,2})?)$/';
    const HIGHEST = 20;

    private $rcmail;

    public function init()
    {
        $this->rcmail = rcmail::get_instance();
        $this->load_config();
        $this->add_texts('localization/', true);
        $this->add_hook('storage_init', [$this, 'fetch_stamp']);

        if ($this->rcmail->task == 'mail') {
            $this->add_hook('messages_list', [$this, 'list_stamps']);
            $this->add_hook('message_load', [$this, 'message_stamp']);
            $this->add_hook('message_headers_output', [$this, 'header_row']);
            $this->include_script('ciers_trust.js');
            $this->include_stylesheet($this->local_skin_path() . '/ciers_trust.css');
            $this->rcmail->output->set_env('ciers_spam_mailbox', $this->spam_mailbox());
            if ($this->rcmail->action == '' || $this->rcmail->action == 'show') {
                foreach (['report_spam' => 'reportspam', 'not_spam' => 'notspam'] as $command => $label) {
                    $this->add_button([
                        'command'    => 'plugin.ciers_trust.' . $command,
                        'type'       => 'link',
                        'class'      => 'button ciers-' . $label . ' disabled',
                        'classact'   => 'button ciers-' . $label,
                        'title'      => 'ciers_trust.' . $label . 'title',
                        'label'      => 'ciers_trust.' . $label,
                        'innerclass' => 'inner',
                    ], 'toolbar');
                }
            }
        }

        if ($this->rcmail->task == 'settings') {
            $this->add_hook('preferences_sections_list', [$this, 'preferences_section']);
            $this->add_hook('preferences_list', [$this, 'preferences_list']);
            $this->add_hook('preferences_save', [$this, 'preferences_save']);
        }
    }

    /** Asks the IMAP server for the stamp with the other list headers. */
    public function fetch_stamp($args)
    {
        $args['fetch_headers'] = trim(($args['fetch_headers'] ?? '') . ' ' . strtoupper(self::TRUST_HEADER));
        return $args;
    }

    /** The trust value of a message, or null where it has no (valid) stamp. */
    public static function trust_of($headers)
    {
        $value = is_object($headers) ? $headers->get(self::TRUST_HEADER, false) : null;
        if (is_array($value)) {
            $value = $value[0] ?? null;
        }
        $value = is_string($value) ? trim($value) : null;
        return $value !== null && preg_match(self::TRUST_PATTERN, $value) ? $value : null;
    }

    public function list_stamps($args)
    {
        foreach ((array) ($args['messages'] ?? []) as $message) {
            if (is_object($message)) {
                $trust = self::trust_of($message);
                $message->list_flags['extra_flags']['ciers_trust'] = $trust === null ? '' : $trust;
            }
        }
        return $args;
    }

    public function message_stamp($args)
    {
        if (!empty($args['object']) && !empty($args['object']->headers)) {
            $trust = self::trust_of($args['object']->headers);
            $this->rcmail->output->set_env('ciers_trust', $trust === null ? '' : $trust);
        }
        return $args;
    }

    public function header_row($args)
    {
        $trust = self::trust_of($args['headers'] ?? null);
        $args['output']['ciers_trust'] = [
            'title' => $this->gettext('trust'),
            'value' => $trust === null ? $this->gettext('notvalidated') : $trust . ' / ' . self::HIGHEST,
            'raw'   => $trust,
            'html'  => false,
        ];
        return $args;
    }

    public function preferences_section($args)
    {
        $args['list']['ciers_trust'] = ['id' => 'ciers_trust', 'section' => $this->gettext('section')];
        return $args;
    }

    public function preferences_list($args)
    {
        if ($args['section'] != 'ciers_trust') {
            return $args;
        }
        $threshold = new html_select(['name' => '_ciers_threshold', 'id' => 'ciers_threshold']);
        $threshold->add(str_replace('$floor', (string) $this->server_threshold(), $this->gettext('serverthreshold')), '0');
        for ($value = $this->server_threshold() + 1; $value <= self::HIGHEST; $value++) {
            $threshold->add((string) $value, (string) $value);
        }
        $unstamped = new html_checkbox(['name' => '_ciers_unstamped', 'id' => 'ciers_unstamped', 'value' => '1']);
        $args['blocks']['threshold'] = [
            'name'    => $this->gettext('thresholdblock'),
            'options' => [
                'threshold' => [
                    'title'   => html::label('ciers_threshold', rcube::Q($this->gettext('threshold'))),
                    'content' => $threshold->show((string) (int) $this->rcmail->config->get('ciers_threshold', 0)),
                ],
                'unstamped' => [
                    'title'   => html::label('ciers_unstamped', rcube::Q($this->gettext('unstamped'))),
                    'content' => $unstamped->show($this->rcmail->config->get('ciers_unstamped', false) ? '1' : ''),
                ],
            ],
        ];
        return $args;
    }

    /** Saves the threshold as the user's Sieve rule first: a preference the server does not apply would mislead. */
    public function preferences_save($args)
    {
        if ($args['section'] != 'ciers_trust') {
            return $args;
        }
        $threshold = (int) rcube_utils::get_input_string('_ciers_threshold', rcube_utils::INPUT_POST);
        $threshold = max(0, min(self::HIGHEST, $threshold));
        $unstamped = !empty(rcube_utils::get_input_string('_ciers_unstamped', rcube_utils::INPUT_POST));
        $error = $this->write_rule(self::sieve_rule($threshold, $unstamped, $this->spam_mailbox(), $this->server_threshold()));
        if ($error !== null) {
            rcube::raise_error(['code' => 500, 'message' => 'ciers_trust: ' . $error], true, false);
            $args['abort'] = true;
            $args['result'] = false;
            $args['message'] = $this->gettext('sievefailed');
            return $args;
        }
        $args['prefs']['ciers_threshold'] = $threshold;
        $args['prefs']['ciers_unstamped'] = $unstamped;
        return $args;
    }

    /**
     * The Sieve rule for a threshold: standard RFC 5228 only. The stamp is a decimal from 0 to 20,
     * so "below T" is its whole part being 0 to T-1: each as "N" and "N.*" with :matches, which
     * every Sieve engine has (James's has no RFC 5231 relational test). Never below the server's
     * own threshold ($floor): a message the script does not file is kept in the inbox by Sieve's
     * implicit keep, which would undo the server's filing of mail below it.
     */
    public static function sieve_rule($threshold, $unstamped, $mailbox, $floor)
    {
        $effective = max((int) $threshold, (int) $floor);
        $folder = '"' . addcslashes($mailbox, "\"\\") . '"';
        $script = "# CIERS trust threshold, written by the CIERS webmail add-in (ciers_trust)\n"
            . "# threshold: " . $effective . " (the server's: " . (int) $floor . "); mail without a stamp: "
            . ($unstamped ? 'filed' : 'kept') . "\n"
            . "require [\"fileinto\"];\n";
        if ($effective > 0) {
            $below = [];
            for ($whole = 0; $whole < $effective; $whole++) {
                $below[] = '"' . $whole . '"';
                $below[] = '"' . $whole . '.*"';
            }
            $script .= "if header :matches \"" . self::TRUST_HEADER . "\" [" . implode(', ', $below) . "] {\n"
                . "    fileinto " . $folder . ";\n    stop;\n}\n";
        }
        if ($unstamped) {
            $script .= "if not exists \"" . self::TRUST_HEADER . "\" {\n    fileinto " . $folder . ";\n    stop;\n}\n";
        }
        return $script;
    }

    /** Writes and activates the user's CIERS script over ManageSieve, with STARTTLS required; null when done. */
    private function write_rule($script)
    {
        require_once 'Net/Sieve.php';
        // tls://host: TLS from the first byte (James 3.8.1's ManageSieve cannot do STARTTLS); a bare host: STARTTLS
        $host = $this->rcmail->config->get('ciers_managesieve_host', 'tls://127.0.0.1');
        $port = (int) $this->rcmail->config->get('ciers_managesieve_port', 4190);
        $name = $this->rcmail->config->get('ciers_managesieve_script', 'ciers');
        $sieve = new Net_Sieve();
        // with TLS from the first byte, no STARTTLS on top (James advertises it there too)
        $starttls = !preg_match('#^(tls|ssl)://#i', $host);
        $connected = $sieve->connect($host, $port, ['ssl' => (array) $this->rcmail->config->get('ciers_managesieve_tls', [])], $starttls);
        if (is_a($connected, 'PEAR_Error')) {
            return 'ManageSieve at ' . $host . ':' . $port . ': ' . $connected->getMessage();
        }
        $meta = is_resource($sieve->_sock->fp) ? stream_get_meta_data($sieve->_sock->fp) : [];
        if (empty($meta['crypto'])) {
            $sieve->disconnect();
            return 'ManageSieve at ' . $host . ':' . $port . ' is not TLS (no tls:// and no STARTTLS): the password is not sent in clear';
        }
        $steps = [
            fn() => $sieve->login($this->rcmail->get_user_name(), $this->rcmail->get_user_password(), 'PLAIN'),
            fn() => $sieve->installScript($name, $script, true),
        ];
        foreach ($steps as $step) {
            $result = $step();
            if (is_a($result, 'PEAR_Error')) {
                $sieve->disconnect();
                return 'ManageSieve: ' . $result->getMessage();
            }
        }
        $sieve->disconnect();
        return null;
    }

    /** The mail server's own threshold (mailetcontainer.xml, TrustValueBelow=10): mail below it is filed whatever the reader sets. */
    private function server_threshold()
    {
        return max(0, min(self::HIGHEST, (int) $this->rcmail->config->get('ciers_server_threshold', 10)));
    }

    private function spam_mailbox()
    {
        return $this->rcmail->config->get('ciers_spam_mailbox', 'Spam');
    }
}
