
use builtin;
use str;

set edit:completion:arg-completer[cs] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'cs'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'cs'= {
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand onboard 'Onboarding plans for core and digital accounts (MT-CS-002, MT-CS-020)'
            cand escalate 'Escalation cases from creation to resolution (MT-CS-005)'
            cand transition 'Account transitions, one or a batch of any size (Account Transition SOP)'
            cand offboard 'Offboard customers: the three scenarios of MT-CS-012'
            cand due 'The SOP duties that are late, due today or coming, per CSM, read from the org'
            cand submit 'Apply plans to Salesforce and Slack, exactly once (a dry run unless --yes)'
            cand org 'Read the Salesforce org: check it against the playbooks, or snapshot accounts for offline planning'
            cand churn-code 'Look up churn codes (the E2 taxonomy)'
            cand note 'Check, fix and write notes in the MM/DD/YY_Initials:Action form (N1)'
            cand playbook 'List, show, lint playbooks; print their JSON Schema'
            cand drafts 'List, show and remove the answers kept when an interactive run stopped'
            cand plan 'The plan format: print its JSON Schema'
            cand completions 'Print a shell completion script'
            cand man 'Print or write the manual pages (man -l)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cs;onboard'= {
            cand --answers 'Answers file: a YAML or JSON map of field key -> value (`-` reads stdin)'
            cand --set 'One answer as key=value; a list is key=[a, b]. Repeatable; wins over --answers'
            cand --account 'Read the account''s answers from Salesforce (its Id or link), its Recurly facts when RECURLY_API_KEY is set, and the admin''s Outreach sequences and replies when Outreach credentials are set: they become the defaults'
            cand --org 'Read --account from a snapshot (cs org snapshot) instead of the org'
            cand --escalation 'Answers for the escalation case of a cancellation request (O9): a YAML or JSON map of `cs escalate` keys. The account, products, MRR and FMC come from the onboarding answers'
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --allow-phi 'Let patient identifiers found in free text go to Slack and customer drafts (only where a BAA covers them); otherwise the plan stops'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand roster 'Check a user roster (O5) and write its clean rows'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cs;onboard;roster'= {
            cand --out 'Where to write the clean rows as CSV (`-` for stdout)'
            cand --locations 'The account''s number of locations; above 1, every user needs a State'
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cs;onboard;help'= {
            cand roster 'Check a user roster (O5) and write its clean rows'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cs;onboard;help;roster'= {
        }
        &'cs;onboard;help;help'= {
        }
        &'cs;escalate'= {
            cand --answers 'Answers file: a YAML or JSON map of field key -> value (`-` reads stdin)'
            cand --set 'One answer as key=value; a list is key=[a, b]. Repeatable; wins over --answers'
            cand --account 'Read the account''s answers from Salesforce (its Id or link), its Recurly facts when RECURLY_API_KEY is set, and the admin''s Outreach sequences and replies when Outreach credentials are set: they become the defaults'
            cand --org 'Read --account from a snapshot (cs org snapshot) instead of the org'
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --allow-phi 'Let patient identifiers found in free text go to Slack and customer drafts (only where a BAA covers them); otherwise the plan stops'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand advance 'Move a case to its next status (New, Call Scheduled, Call Completed, Waiting Approval, Approved, Denied, Can''t Reach Client)'
            cand note 'Append today''s note to the case''s Escalation Notes (N3)'
            cand cadence 'The 10-business-day follow-up plan for an unresponsive account, as CSV or ICS (E10, N4)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cs;escalate;advance'= {
            cand --answers 'Answers file: a YAML or JSON map of field key -> value (`-` reads stdin)'
            cand --set 'One answer as key=value; a list is key=[a, b]. Repeatable; wins over --answers'
            cand --account 'Read the account''s answers from Salesforce (its Id or link), its Recurly facts when RECURLY_API_KEY is set, and the admin''s Outreach sequences and replies when Outreach credentials are set: they become the defaults'
            cand --org 'Read --account from a snapshot (cs org snapshot) instead of the org'
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --allow-phi 'Let patient identifiers found in free text go to Slack and customer drafts (only where a BAA covers them); otherwise the plan stops'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cs;escalate;note'= {
            cand --existing 'The case''s Escalation Notes so far, one note a line (`-` reads stdin); the new note is appended to them'
            cand --answers 'Answers file: a YAML or JSON map of field key -> value (`-` reads stdin)'
            cand --set 'One answer as key=value; a list is key=[a, b]. Repeatable; wins over --answers'
            cand --account 'Read the account''s answers from Salesforce (its Id or link), its Recurly facts when RECURLY_API_KEY is set, and the admin''s Outreach sequences and replies when Outreach credentials are set: they become the defaults'
            cand --org 'Read --account from a snapshot (cs org snapshot) instead of the org'
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --first 'The case has no Escalation Notes yet: this note starts them'
            cand --from-org 'Read the case''s Escalation Notes from Salesforce (the credentials of cs submit) and append to them'
            cand --force 'Add the note even if the notes already have one for its day'
            cand --allow-phi 'Let patient identifiers found in free text go to Slack and customer drafts (only where a BAA covers them); otherwise the plan stops'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cs;escalate;cadence'= {
            cand --answers 'Answers file: a YAML or JSON map of field key -> value (`-` reads stdin)'
            cand --set 'One answer as key=value; a list is key=[a, b]. Repeatable; wins over --answers'
            cand --account 'Read the account''s answers from Salesforce (its Id or link), its Recurly facts when RECURLY_API_KEY is set, and the admin''s Outreach sequences and replies when Outreach credentials are set: they become the defaults'
            cand --org 'Read --account from a snapshot (cs org snapshot) instead of the org'
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --allow-phi 'Let patient identifiers found in free text go to Slack and customer drafts (only where a BAA covers them); otherwise the plan stops'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cs;escalate;help'= {
            cand advance 'Move a case to its next status (New, Call Scheduled, Call Completed, Waiting Approval, Approved, Denied, Can''t Reach Client)'
            cand note 'Append today''s note to the case''s Escalation Notes (N3)'
            cand cadence 'The 10-business-day follow-up plan for an unresponsive account, as CSV or ICS (E10, N4)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cs;escalate;help;advance'= {
        }
        &'cs;escalate;help;note'= {
        }
        &'cs;escalate;help;cadence'= {
        }
        &'cs;escalate;help;help'= {
        }
        &'cs;transition'= {
            cand --answers 'Answers file: a YAML or JSON map of field key -> value (`-` reads stdin)'
            cand --set 'One answer as key=value; a list is key=[a, b]. Repeatable; wins over --answers'
            cand --account 'Read the account''s answers from Salesforce (its Id or link), its Recurly facts when RECURLY_API_KEY is set, and the admin''s Outreach sequences and replies when Outreach credentials are set: they become the defaults'
            cand --org 'Read --account from a snapshot (cs org snapshot) instead of the org'
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --allow-phi 'Let patient identifiers found in free text go to Slack and customer drafts (only where a BAA covers them); otherwise the plan stops'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand batch 'Transition every account of a CSV; writes cs-ops.csv, owner-updates.csv, opportunity-updates.csv, outreach.csv and errors.csv into DIR. Exit 1 when any row was rejected'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cs;transition;batch'= {
            cand --out 'The directory for the output files (created if needed)'
            cand --org 'Fill each row from Salesforce (credentials as for cs submit), or from a snapshot FILE (cs org snapshot): the CSV needs only account_id, to_csm and reason; to_csm becomes a User Id'
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --allow-extra 'Ignore columns that are not answer keys instead of refusing the file'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cs;transition;help'= {
            cand batch 'Transition every account of a CSV; writes cs-ops.csv, owner-updates.csv, opportunity-updates.csv, outreach.csv and errors.csv into DIR. Exit 1 when any row was rejected'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cs;transition;help;batch'= {
        }
        &'cs;transition;help;help'= {
        }
        &'cs;offboard'= {
            cand --answers 'Answers file: a YAML or JSON map of field key -> value (`-` reads stdin)'
            cand --set 'One answer as key=value; a list is key=[a, b]. Repeatable; wins over --answers'
            cand --account 'Read the account''s answers from Salesforce (its Id or link), its Recurly facts when RECURLY_API_KEY is set, and the admin''s Outreach sequences and replies when Outreach credentials are set: they become the defaults'
            cand --org 'Read --account from a snapshot (cs org snapshot) instead of the org'
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --allow-phi 'Let patient identifiers found in free text go to Slack and customer drafts (only where a BAA covers them); otherwise the plan stops'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand batch 'Report each account''s scenario, readiness and open conditions; writes report.csv, errors.csv, plans.jsonl and batch.json into DIR. Exit 1 when any row was rejected'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cs;offboard;batch'= {
            cand --out 'The directory for report.csv, errors.csv, plans.jsonl and batch.json (created if needed)'
            cand --org 'Fill each row from Salesforce (credentials as for cs submit) and, with RECURLY_API_KEY set, Recurly; or from a snapshot FILE (cs org snapshot): the CSV needs account_id and what only people know'
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --allow-extra 'Ignore columns that are not answer keys instead of refusing the file'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cs;offboard;help'= {
            cand batch 'Report each account''s scenario, readiness and open conditions; writes report.csv, errors.csv, plans.jsonl and batch.json into DIR. Exit 1 when any row was rejected'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cs;offboard;help;batch'= {
        }
        &'cs;offboard;help;help'= {
        }
        &'cs;due'= {
            cand --csm 'Only this CSM''s duties: their name or email, or `me` (the Salesforce user cs logs in as)'
            cand --on 'The day to evaluate, YYYY-MM-DD (default: today)'
            cand --within 'Also list what is due within this many business days after that day'
            cand --fail-on 'Exit 1 when any duty is late (after printing them)'
            cand --org 'Read a snapshot taken with `cs org snapshot --due` instead of the org'
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --team 'Every CSM''s duties, grouped by CSM (the default)'
            cand --slack 'Post the team''s digest to the channel of SLACK_WEBHOOK_URL, once a day: a second run the same day posts nothing'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cs;submit'= {
            cand --resume 'Continue the run this journal records: what it confirms is skipped, the rest sent; the journal is appended to'
            cand --verify 'Check that JOURNAL is as cs wrote it (its lines'' hash chain) and print its last hash; sends nothing'
            cand --undo 'Undo the run JOURNAL records: set each record it updated back to its values before (refused where the org changed it since); records it created are listed'
            cand --journal 'Where to write the journal [default: the state directory, journals/submit-TIMESTAMP.jsonl]'
            cand --target-org 'A Salesforce CLI org (alias or username), used when no token or client secret is set'
            cand --api-version 'Salesforce REST API version'
            cand --bulk-threshold 'Above this many updates, use a Bulk API 2.0 job instead of sObject Collections'
            cand --bulk-wait 'Seconds to wait for a Bulk API job before stopping (a resume reads its results back)'
            cand --timeout 'Seconds to wait for each answer before treating its outcome as unknown'
            cand --retries 'Retries of a call that failed for a reason worth retrying (503, connection lost, ...)'
            cand --mode 'upsert: write every record; update-only: refuse the run if a record would be created (an upsert whose External ID matches nothing, a create)'
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand -y 'Send for real. Without it cs prints what it would send (and asks at a terminal)'
            cand --yes 'Send for real. Without it cs prints what it would send (and asks at a terminal)'
            cand --delete-created 'With --undo: delete the records that run created'
            cand --new 'Create a record even where an open one with the same values exists (a second open escalation for an account and reason)'
            cand --resend 'Send again what this machine already posted to Slack or created without an External ID (or sent with no answer)'
            cand --allow-phi 'Send a plan whose Slack messages hold patient data (a plan is a file anyone may have edited, so cs scans it again before anything leaves); only for a channel a BAA covers'
            cand --detailed-exitcode 'Exit 0 when there is nothing to change, 2 when there are changes (sent, or pending in a dry run); 1 and 3 as always'
            cand -v 'Print each call (method, path, status, time) to stderr; never a token or the webhook URL'
            cand --verbose 'Print each call (method, path, status, time) to stderr; never a token or the webhook URL'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cs;org'= {
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand check 'Check the org against the playbooks: objects, fields, External IDs, record types, picklist values'
            cand snapshot 'Save what the playbooks read of these accounts (their `org:` fields, and their `recurly:` facts with RECURLY_API_KEY set) and the active users to a JSON file'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cs;org;check'= {
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cs;org;snapshot'= {
            cand --out 'Where to write the snapshot'
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --due 'Also save what the playbooks'' duties read (the whole book), for cs due --org FILE'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cs;org;help'= {
            cand check 'Check the org against the playbooks: objects, fields, External IDs, record types, picklist values'
            cand snapshot 'Save what the playbooks read of these accounts (their `org:` fields, and their `recurly:` facts with RECURLY_API_KEY set) and the active users to a JSON file'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cs;org;help;check'= {
        }
        &'cs;org;help;snapshot'= {
        }
        &'cs;org;help;help'= {
        }
        &'cs;churn-code'= {
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List every churn reason with its category, description and secondary reasons'
            cand show 'Find churn codes by category, reason or secondary reason (case-insensitive, best first)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cs;churn-code;list'= {
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cs;churn-code;show'= {
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cs;churn-code;help'= {
            cand list 'List every churn reason with its category, description and secondary reasons'
            cand show 'Find churn codes by category, reason or secondary reason (case-insensitive, best first)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cs;churn-code;help;list'= {
        }
        &'cs;churn-code;help;show'= {
        }
        &'cs;churn-code;help;help'= {
        }
        &'cs;note'= {
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand check 'Validate notes (arguments, or one note a line on stdin); exit 1 if any is invalid'
            cand fix 'Print the canonical form of each note; a note cs cannot fix is kept as it is and reported'
            cand new 'Print a note dated today'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cs;note;check'= {
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cs;note;fix'= {
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cs;note;new'= {
            cand -i 'Your initials, 2 to 4 letters'
            cand --initials 'Your initials, 2 to 4 letters'
            cand --date 'The note''s date (YYYY-MM-DD) [default: today]'
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cs;note;help'= {
            cand check 'Validate notes (arguments, or one note a line on stdin); exit 1 if any is invalid'
            cand fix 'Print the canonical form of each note; a note cs cannot fix is kept as it is and reported'
            cand new 'Print a note dated today'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cs;note;help;check'= {
        }
        &'cs;note;help;fix'= {
        }
        &'cs;note;help;new'= {
        }
        &'cs;note;help;help'= {
        }
        &'cs;playbook'= {
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the playbooks in effect (built in, or overridden by --playbooks DIR)'
            cand show 'Print a playbook''s fields as a table (--format yaml: the file as written; json: as cs reads it)'
            cand lint 'Check playbooks for structure and meaning; exit 1 on any error'
            cand test 'Run answer fixtures and compare the plans they give with the expected ones; exit 1 on any difference'
            cand schema 'Print the JSON Schema of the playbook format'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cs;playbook;list'= {
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cs;playbook;show'= {
            cand --form 'A form of the playbook run by a subcommand (advance, note, cadence for escalation): its fields'
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cs;playbook;lint'= {
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cs;playbook;test'= {
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --bless 'Write the plans the answers give now as the expected ones'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cs;playbook;schema'= {
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cs;playbook;help'= {
            cand list 'List the playbooks in effect (built in, or overridden by --playbooks DIR)'
            cand show 'Print a playbook''s fields as a table (--format yaml: the file as written; json: as cs reads it)'
            cand lint 'Check playbooks for structure and meaning; exit 1 on any error'
            cand test 'Run answer fixtures and compare the plans they give with the expected ones; exit 1 on any difference'
            cand schema 'Print the JSON Schema of the playbook format'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cs;playbook;help;list'= {
        }
        &'cs;playbook;help;show'= {
        }
        &'cs;playbook;help;lint'= {
        }
        &'cs;playbook;help;test'= {
        }
        &'cs;playbook;help;schema'= {
        }
        &'cs;playbook;help;help'= {
        }
        &'cs;drafts'= {
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the drafts, newest first: file, playbook, answers, when saved'
            cand show 'Print a draft''s answers (a JSON answers file)'
            cand remove 'Remove drafts: the ones named, or every one with --all'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cs;drafts;list'= {
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cs;drafts;show'= {
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cs;drafts;remove'= {
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --all 'Every draft'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cs;drafts;help'= {
            cand list 'List the drafts, newest first: file, playbook, answers, when saved'
            cand show 'Print a draft''s answers (a JSON answers file)'
            cand remove 'Remove drafts: the ones named, or every one with --all'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cs;drafts;help;list'= {
        }
        &'cs;drafts;help;show'= {
        }
        &'cs;drafts;help;remove'= {
        }
        &'cs;drafts;help;help'= {
        }
        &'cs;plan'= {
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand schema 'Print the JSON Schema of the plan format (format 1), as committed in schemas/plan.schema.json'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cs;plan;schema'= {
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cs;plan;help'= {
            cand schema 'Print the JSON Schema of the plan format (format 1), as committed in schemas/plan.schema.json'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cs;plan;help;schema'= {
        }
        &'cs;plan;help;help'= {
        }
        &'cs;completions'= {
            cand bash 'a bash completion script'
            cand elvish 'a elvish completion script'
            cand fish 'a fish completion script'
            cand powershell 'a powershell completion script'
            cand zsh 'a zsh completion script'
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cs;man'= {
            cand --out 'Write every page into this directory (cs.1, cs-submit.1, ...); without it, print the page of cs itself'
            cand --playbooks 'Directory of playbooks that override the built-in ones (same file name wins)'
            cand --format 'Output format [default: text on a terminal, json otherwise]'
            cand --today 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset'
            cand --no-input 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
            cand --bom 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cs;help'= {
            cand onboard 'Onboarding plans for core and digital accounts (MT-CS-002, MT-CS-020)'
            cand escalate 'Escalation cases from creation to resolution (MT-CS-005)'
            cand transition 'Account transitions, one or a batch of any size (Account Transition SOP)'
            cand offboard 'Offboard customers: the three scenarios of MT-CS-012'
            cand due 'The SOP duties that are late, due today or coming, per CSM, read from the org'
            cand submit 'Apply plans to Salesforce and Slack, exactly once (a dry run unless --yes)'
            cand org 'Read the Salesforce org: check it against the playbooks, or snapshot accounts for offline planning'
            cand churn-code 'Look up churn codes (the E2 taxonomy)'
            cand note 'Check, fix and write notes in the MM/DD/YY_Initials:Action form (N1)'
            cand playbook 'List, show, lint playbooks; print their JSON Schema'
            cand drafts 'List, show and remove the answers kept when an interactive run stopped'
            cand plan 'The plan format: print its JSON Schema'
            cand completions 'Print a shell completion script'
            cand man 'Print or write the manual pages (man -l)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cs;help;onboard'= {
            cand roster 'Check a user roster (O5) and write its clean rows'
        }
        &'cs;help;onboard;roster'= {
        }
        &'cs;help;escalate'= {
            cand advance 'Move a case to its next status (New, Call Scheduled, Call Completed, Waiting Approval, Approved, Denied, Can''t Reach Client)'
            cand note 'Append today''s note to the case''s Escalation Notes (N3)'
            cand cadence 'The 10-business-day follow-up plan for an unresponsive account, as CSV or ICS (E10, N4)'
        }
        &'cs;help;escalate;advance'= {
        }
        &'cs;help;escalate;note'= {
        }
        &'cs;help;escalate;cadence'= {
        }
        &'cs;help;transition'= {
            cand batch 'Transition every account of a CSV; writes cs-ops.csv, owner-updates.csv, opportunity-updates.csv, outreach.csv and errors.csv into DIR. Exit 1 when any row was rejected'
        }
        &'cs;help;transition;batch'= {
        }
        &'cs;help;offboard'= {
            cand batch 'Report each account''s scenario, readiness and open conditions; writes report.csv, errors.csv, plans.jsonl and batch.json into DIR. Exit 1 when any row was rejected'
        }
        &'cs;help;offboard;batch'= {
        }
        &'cs;help;due'= {
        }
        &'cs;help;submit'= {
        }
        &'cs;help;org'= {
            cand check 'Check the org against the playbooks: objects, fields, External IDs, record types, picklist values'
            cand snapshot 'Save what the playbooks read of these accounts (their `org:` fields, and their `recurly:` facts with RECURLY_API_KEY set) and the active users to a JSON file'
        }
        &'cs;help;org;check'= {
        }
        &'cs;help;org;snapshot'= {
        }
        &'cs;help;churn-code'= {
            cand list 'List every churn reason with its category, description and secondary reasons'
            cand show 'Find churn codes by category, reason or secondary reason (case-insensitive, best first)'
        }
        &'cs;help;churn-code;list'= {
        }
        &'cs;help;churn-code;show'= {
        }
        &'cs;help;note'= {
            cand check 'Validate notes (arguments, or one note a line on stdin); exit 1 if any is invalid'
            cand fix 'Print the canonical form of each note; a note cs cannot fix is kept as it is and reported'
            cand new 'Print a note dated today'
        }
        &'cs;help;note;check'= {
        }
        &'cs;help;note;fix'= {
        }
        &'cs;help;note;new'= {
        }
        &'cs;help;playbook'= {
            cand list 'List the playbooks in effect (built in, or overridden by --playbooks DIR)'
            cand show 'Print a playbook''s fields as a table (--format yaml: the file as written; json: as cs reads it)'
            cand lint 'Check playbooks for structure and meaning; exit 1 on any error'
            cand test 'Run answer fixtures and compare the plans they give with the expected ones; exit 1 on any difference'
            cand schema 'Print the JSON Schema of the playbook format'
        }
        &'cs;help;playbook;list'= {
        }
        &'cs;help;playbook;show'= {
        }
        &'cs;help;playbook;lint'= {
        }
        &'cs;help;playbook;test'= {
        }
        &'cs;help;playbook;schema'= {
        }
        &'cs;help;drafts'= {
            cand list 'List the drafts, newest first: file, playbook, answers, when saved'
            cand show 'Print a draft''s answers (a JSON answers file)'
            cand remove 'Remove drafts: the ones named, or every one with --all'
        }
        &'cs;help;drafts;list'= {
        }
        &'cs;help;drafts;show'= {
        }
        &'cs;help;drafts;remove'= {
        }
        &'cs;help;plan'= {
            cand schema 'Print the JSON Schema of the plan format (format 1), as committed in schemas/plan.schema.json'
        }
        &'cs;help;plan;schema'= {
        }
        &'cs;help;completions'= {
        }
        &'cs;help;man'= {
        }
        &'cs;help;help'= {
        }
    ]
    # An option's values, after the option (cs --format <TAB>).
    var values = [&'--format'=[text json csv github ics yaml] &'--fail-on'=[late] &'--mode'=[upsert update-only]]
    if (and (> (count $words) 2) (has-key $values $words[-2])) {
        for v $values[$words[-2]] { cand $v '' }
    } else {
        $completions[$command]
    }
}
