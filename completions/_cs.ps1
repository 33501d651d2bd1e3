
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'cs' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'cs'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'cs' {
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('onboard', 'onboard', [CompletionResultType]::ParameterValue, 'Onboarding plans for core and digital accounts (MT-CS-002, MT-CS-020)')
            [CompletionResult]::new('escalate', 'escalate', [CompletionResultType]::ParameterValue, 'Escalation cases from creation to resolution (MT-CS-005)')
            [CompletionResult]::new('transition', 'transition', [CompletionResultType]::ParameterValue, 'Account transitions, one or a batch of any size (Account Transition SOP)')
            [CompletionResult]::new('offboard', 'offboard', [CompletionResultType]::ParameterValue, 'Offboard customers: the three scenarios of MT-CS-012')
            [CompletionResult]::new('due', 'due', [CompletionResultType]::ParameterValue, 'The SOP duties that are late, due today or coming, per CSM, read from the org')
            [CompletionResult]::new('submit', 'submit', [CompletionResultType]::ParameterValue, 'Apply plans to Salesforce and Slack, exactly once (a dry run unless --yes)')
            [CompletionResult]::new('org', 'org', [CompletionResultType]::ParameterValue, 'Read the Salesforce org: check it against the playbooks, or snapshot accounts for offline planning')
            [CompletionResult]::new('churn-code', 'churn-code', [CompletionResultType]::ParameterValue, 'Look up churn codes (the E2 taxonomy)')
            [CompletionResult]::new('note', 'note', [CompletionResultType]::ParameterValue, 'Check, fix and write notes in the MM/DD/YY_Initials:Action form (N1)')
            [CompletionResult]::new('playbook', 'playbook', [CompletionResultType]::ParameterValue, 'List, show, lint playbooks; print their JSON Schema')
            [CompletionResult]::new('drafts', 'drafts', [CompletionResultType]::ParameterValue, 'List, show and remove the answers kept when an interactive run stopped')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'The plan format: print its JSON Schema')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print or write the manual pages (man -l)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cs;onboard' {
            [CompletionResult]::new('--answers', '--answers', [CompletionResultType]::ParameterName, 'Answers file: a YAML or JSON map of field key -> value (`-` reads stdin)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'One answer as key=value; a list is key=[a, b]. Repeatable; wins over --answers')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Read the account''s answers from Salesforce (its Id or link), its Recurly facts when RECURLY_API_KEY is set, and the admin''s Outreach sequences and replies when Outreach credentials are set: they become the defaults')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Read --account from a snapshot (cs org snapshot) instead of the org')
            [CompletionResult]::new('--escalation', '--escalation', [CompletionResultType]::ParameterName, 'Answers for the escalation case of a cancellation request (O9): a YAML or JSON map of `cs escalate` keys. The account, products, MRR and FMC come from the onboarding answers')
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--allow-phi', '--allow-phi', [CompletionResultType]::ParameterName, 'Let patient identifiers found in free text go to Slack and customer drafts (only where a BAA covers them); otherwise the plan stops')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('roster', 'roster', [CompletionResultType]::ParameterValue, 'Check a user roster (O5) and write its clean rows')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cs;onboard;roster' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Where to write the clean rows as CSV (`-` for stdout)')
            [CompletionResult]::new('--locations', '--locations', [CompletionResultType]::ParameterName, 'The account''s number of locations; above 1, every user needs a State')
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cs;onboard;help' {
            [CompletionResult]::new('roster', 'roster', [CompletionResultType]::ParameterValue, 'Check a user roster (O5) and write its clean rows')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cs;onboard;help;roster' {
            break
        }
        'cs;onboard;help;help' {
            break
        }
        'cs;escalate' {
            [CompletionResult]::new('--answers', '--answers', [CompletionResultType]::ParameterName, 'Answers file: a YAML or JSON map of field key -> value (`-` reads stdin)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'One answer as key=value; a list is key=[a, b]. Repeatable; wins over --answers')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Read the account''s answers from Salesforce (its Id or link), its Recurly facts when RECURLY_API_KEY is set, and the admin''s Outreach sequences and replies when Outreach credentials are set: they become the defaults')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Read --account from a snapshot (cs org snapshot) instead of the org')
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--allow-phi', '--allow-phi', [CompletionResultType]::ParameterName, 'Let patient identifiers found in free text go to Slack and customer drafts (only where a BAA covers them); otherwise the plan stops')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('advance', 'advance', [CompletionResultType]::ParameterValue, 'Move a case to its next status (New, Call Scheduled, Call Completed, Waiting Approval, Approved, Denied, Can''t Reach Client)')
            [CompletionResult]::new('note', 'note', [CompletionResultType]::ParameterValue, 'Append today''s note to the case''s Escalation Notes (N3)')
            [CompletionResult]::new('cadence', 'cadence', [CompletionResultType]::ParameterValue, 'The 10-business-day follow-up plan for an unresponsive account, as CSV or ICS (E10, N4)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cs;escalate;advance' {
            [CompletionResult]::new('--answers', '--answers', [CompletionResultType]::ParameterName, 'Answers file: a YAML or JSON map of field key -> value (`-` reads stdin)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'One answer as key=value; a list is key=[a, b]. Repeatable; wins over --answers')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Read the account''s answers from Salesforce (its Id or link), its Recurly facts when RECURLY_API_KEY is set, and the admin''s Outreach sequences and replies when Outreach credentials are set: they become the defaults')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Read --account from a snapshot (cs org snapshot) instead of the org')
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--allow-phi', '--allow-phi', [CompletionResultType]::ParameterName, 'Let patient identifiers found in free text go to Slack and customer drafts (only where a BAA covers them); otherwise the plan stops')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cs;escalate;note' {
            [CompletionResult]::new('--existing', '--existing', [CompletionResultType]::ParameterName, 'The case''s Escalation Notes so far, one note a line (`-` reads stdin); the new note is appended to them')
            [CompletionResult]::new('--answers', '--answers', [CompletionResultType]::ParameterName, 'Answers file: a YAML or JSON map of field key -> value (`-` reads stdin)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'One answer as key=value; a list is key=[a, b]. Repeatable; wins over --answers')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Read the account''s answers from Salesforce (its Id or link), its Recurly facts when RECURLY_API_KEY is set, and the admin''s Outreach sequences and replies when Outreach credentials are set: they become the defaults')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Read --account from a snapshot (cs org snapshot) instead of the org')
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--first', '--first', [CompletionResultType]::ParameterName, 'The case has no Escalation Notes yet: this note starts them')
            [CompletionResult]::new('--from-org', '--from-org', [CompletionResultType]::ParameterName, 'Read the case''s Escalation Notes from Salesforce (the credentials of cs submit) and append to them')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Add the note even if the notes already have one for its day')
            [CompletionResult]::new('--allow-phi', '--allow-phi', [CompletionResultType]::ParameterName, 'Let patient identifiers found in free text go to Slack and customer drafts (only where a BAA covers them); otherwise the plan stops')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cs;escalate;cadence' {
            [CompletionResult]::new('--answers', '--answers', [CompletionResultType]::ParameterName, 'Answers file: a YAML or JSON map of field key -> value (`-` reads stdin)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'One answer as key=value; a list is key=[a, b]. Repeatable; wins over --answers')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Read the account''s answers from Salesforce (its Id or link), its Recurly facts when RECURLY_API_KEY is set, and the admin''s Outreach sequences and replies when Outreach credentials are set: they become the defaults')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Read --account from a snapshot (cs org snapshot) instead of the org')
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--allow-phi', '--allow-phi', [CompletionResultType]::ParameterName, 'Let patient identifiers found in free text go to Slack and customer drafts (only where a BAA covers them); otherwise the plan stops')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cs;escalate;help' {
            [CompletionResult]::new('advance', 'advance', [CompletionResultType]::ParameterValue, 'Move a case to its next status (New, Call Scheduled, Call Completed, Waiting Approval, Approved, Denied, Can''t Reach Client)')
            [CompletionResult]::new('note', 'note', [CompletionResultType]::ParameterValue, 'Append today''s note to the case''s Escalation Notes (N3)')
            [CompletionResult]::new('cadence', 'cadence', [CompletionResultType]::ParameterValue, 'The 10-business-day follow-up plan for an unresponsive account, as CSV or ICS (E10, N4)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cs;escalate;help;advance' {
            break
        }
        'cs;escalate;help;note' {
            break
        }
        'cs;escalate;help;cadence' {
            break
        }
        'cs;escalate;help;help' {
            break
        }
        'cs;transition' {
            [CompletionResult]::new('--answers', '--answers', [CompletionResultType]::ParameterName, 'Answers file: a YAML or JSON map of field key -> value (`-` reads stdin)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'One answer as key=value; a list is key=[a, b]. Repeatable; wins over --answers')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Read the account''s answers from Salesforce (its Id or link), its Recurly facts when RECURLY_API_KEY is set, and the admin''s Outreach sequences and replies when Outreach credentials are set: they become the defaults')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Read --account from a snapshot (cs org snapshot) instead of the org')
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--allow-phi', '--allow-phi', [CompletionResultType]::ParameterName, 'Let patient identifiers found in free text go to Slack and customer drafts (only where a BAA covers them); otherwise the plan stops')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('batch', 'batch', [CompletionResultType]::ParameterValue, 'Transition every account of a CSV; writes cs-ops.csv, owner-updates.csv, opportunity-updates.csv, outreach.csv and errors.csv into DIR. Exit 1 when any row was rejected')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cs;transition;batch' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'The directory for the output files (created if needed)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Fill each row from Salesforce (credentials as for cs submit), or from a snapshot FILE (cs org snapshot): the CSV needs only account_id, to_csm and reason; to_csm becomes a User Id')
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--allow-extra', '--allow-extra', [CompletionResultType]::ParameterName, 'Ignore columns that are not answer keys instead of refusing the file')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cs;transition;help' {
            [CompletionResult]::new('batch', 'batch', [CompletionResultType]::ParameterValue, 'Transition every account of a CSV; writes cs-ops.csv, owner-updates.csv, opportunity-updates.csv, outreach.csv and errors.csv into DIR. Exit 1 when any row was rejected')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cs;transition;help;batch' {
            break
        }
        'cs;transition;help;help' {
            break
        }
        'cs;offboard' {
            [CompletionResult]::new('--answers', '--answers', [CompletionResultType]::ParameterName, 'Answers file: a YAML or JSON map of field key -> value (`-` reads stdin)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'One answer as key=value; a list is key=[a, b]. Repeatable; wins over --answers')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Read the account''s answers from Salesforce (its Id or link), its Recurly facts when RECURLY_API_KEY is set, and the admin''s Outreach sequences and replies when Outreach credentials are set: they become the defaults')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Read --account from a snapshot (cs org snapshot) instead of the org')
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--allow-phi', '--allow-phi', [CompletionResultType]::ParameterName, 'Let patient identifiers found in free text go to Slack and customer drafts (only where a BAA covers them); otherwise the plan stops')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('batch', 'batch', [CompletionResultType]::ParameterValue, 'Report each account''s scenario, readiness and open conditions; writes report.csv, errors.csv, plans.jsonl and batch.json into DIR. Exit 1 when any row was rejected')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cs;offboard;batch' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'The directory for report.csv, errors.csv, plans.jsonl and batch.json (created if needed)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Fill each row from Salesforce (credentials as for cs submit) and, with RECURLY_API_KEY set, Recurly; or from a snapshot FILE (cs org snapshot): the CSV needs account_id and what only people know')
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--allow-extra', '--allow-extra', [CompletionResultType]::ParameterName, 'Ignore columns that are not answer keys instead of refusing the file')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cs;offboard;help' {
            [CompletionResult]::new('batch', 'batch', [CompletionResultType]::ParameterValue, 'Report each account''s scenario, readiness and open conditions; writes report.csv, errors.csv, plans.jsonl and batch.json into DIR. Exit 1 when any row was rejected')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cs;offboard;help;batch' {
            break
        }
        'cs;offboard;help;help' {
            break
        }
        'cs;due' {
            [CompletionResult]::new('--csm', '--csm', [CompletionResultType]::ParameterName, 'Only this CSM''s duties: their name or email, or `me` (the Salesforce user cs logs in as)')
            [CompletionResult]::new('--on', '--on', [CompletionResultType]::ParameterName, 'The day to evaluate, YYYY-MM-DD (default: today)')
            [CompletionResult]::new('--within', '--within', [CompletionResultType]::ParameterName, 'Also list what is due within this many business days after that day')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Exit 1 when any duty is late (after printing them)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Read a snapshot taken with `cs org snapshot --due` instead of the org')
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--team', '--team', [CompletionResultType]::ParameterName, 'Every CSM''s duties, grouped by CSM (the default)')
            [CompletionResult]::new('--slack', '--slack', [CompletionResultType]::ParameterName, 'Post the team''s digest to the channel of SLACK_WEBHOOK_URL, once a day: a second run the same day posts nothing')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cs;submit' {
            [CompletionResult]::new('--resume', '--resume', [CompletionResultType]::ParameterName, 'Continue the run this journal records: what it confirms is skipped, the rest sent; the journal is appended to')
            [CompletionResult]::new('--verify', '--verify', [CompletionResultType]::ParameterName, 'Check that JOURNAL is as cs wrote it (its lines'' hash chain) and print its last hash; sends nothing')
            [CompletionResult]::new('--undo', '--undo', [CompletionResultType]::ParameterName, 'Undo the run JOURNAL records: set each record it updated back to its values before (refused where the org changed it since); records it created are listed')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'Where to write the journal [default: the state directory, journals/submit-TIMESTAMP.jsonl]')
            [CompletionResult]::new('--target-org', '--target-org', [CompletionResultType]::ParameterName, 'A Salesforce CLI org (alias or username), used when no token or client secret is set')
            [CompletionResult]::new('--api-version', '--api-version', [CompletionResultType]::ParameterName, 'Salesforce REST API version')
            [CompletionResult]::new('--bulk-threshold', '--bulk-threshold', [CompletionResultType]::ParameterName, 'Above this many updates, use a Bulk API 2.0 job instead of sObject Collections')
            [CompletionResult]::new('--bulk-wait', '--bulk-wait', [CompletionResultType]::ParameterName, 'Seconds to wait for a Bulk API job before stopping (a resume reads its results back)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer before treating its outcome as unknown')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries of a call that failed for a reason worth retrying (503, connection lost, ...)')
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, 'upsert: write every record; update-only: refuse the run if a record would be created (an upsert whose External ID matches nothing, a create)')
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Send for real. Without it cs prints what it would send (and asks at a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Send for real. Without it cs prints what it would send (and asks at a terminal)')
            [CompletionResult]::new('--delete-created', '--delete-created', [CompletionResultType]::ParameterName, 'With --undo: delete the records that run created')
            [CompletionResult]::new('--new', '--new', [CompletionResultType]::ParameterName, 'Create a record even where an open one with the same values exists (a second open escalation for an account and reason)')
            [CompletionResult]::new('--resend', '--resend', [CompletionResultType]::ParameterName, 'Send again what this machine already posted to Slack or created without an External ID (or sent with no answer)')
            [CompletionResult]::new('--allow-phi', '--allow-phi', [CompletionResultType]::ParameterName, 'Send a plan whose Slack messages hold patient data (a plan is a file anyone may have edited, so cs scans it again before anything leaves); only for a channel a BAA covers')
            [CompletionResult]::new('--detailed-exitcode', '--detailed-exitcode', [CompletionResultType]::ParameterName, 'Exit 0 when there is nothing to change, 2 when there are changes (sent, or pending in a dry run); 1 and 3 as always')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print each call (method, path, status, time) to stderr; never a token or the webhook URL')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each call (method, path, status, time) to stderr; never a token or the webhook URL')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cs;org' {
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the org against the playbooks: objects, fields, External IDs, record types, picklist values')
            [CompletionResult]::new('snapshot', 'snapshot', [CompletionResultType]::ParameterValue, 'Save what the playbooks read of these accounts (their `org:` fields, and their `recurly:` facts with RECURLY_API_KEY set) and the active users to a JSON file')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cs;org;check' {
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cs;org;snapshot' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Where to write the snapshot')
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--due', '--due', [CompletionResultType]::ParameterName, 'Also save what the playbooks'' duties read (the whole book), for cs due --org FILE')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cs;org;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the org against the playbooks: objects, fields, External IDs, record types, picklist values')
            [CompletionResult]::new('snapshot', 'snapshot', [CompletionResultType]::ParameterValue, 'Save what the playbooks read of these accounts (their `org:` fields, and their `recurly:` facts with RECURLY_API_KEY set) and the active users to a JSON file')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cs;org;help;check' {
            break
        }
        'cs;org;help;snapshot' {
            break
        }
        'cs;org;help;help' {
            break
        }
        'cs;churn-code' {
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every churn reason with its category, description and secondary reasons')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Find churn codes by category, reason or secondary reason (case-insensitive, best first)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cs;churn-code;list' {
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cs;churn-code;show' {
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cs;churn-code;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every churn reason with its category, description and secondary reasons')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Find churn codes by category, reason or secondary reason (case-insensitive, best first)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cs;churn-code;help;list' {
            break
        }
        'cs;churn-code;help;show' {
            break
        }
        'cs;churn-code;help;help' {
            break
        }
        'cs;note' {
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate notes (arguments, or one note a line on stdin); exit 1 if any is invalid')
            [CompletionResult]::new('fix', 'fix', [CompletionResultType]::ParameterValue, 'Print the canonical form of each note; a note cs cannot fix is kept as it is and reported')
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Print a note dated today')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cs;note;check' {
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cs;note;fix' {
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cs;note;new' {
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Your initials, 2 to 4 letters')
            [CompletionResult]::new('--initials', '--initials', [CompletionResultType]::ParameterName, 'Your initials, 2 to 4 letters')
            [CompletionResult]::new('--date', '--date', [CompletionResultType]::ParameterName, 'The note''s date (YYYY-MM-DD) [default: today]')
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cs;note;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate notes (arguments, or one note a line on stdin); exit 1 if any is invalid')
            [CompletionResult]::new('fix', 'fix', [CompletionResultType]::ParameterValue, 'Print the canonical form of each note; a note cs cannot fix is kept as it is and reported')
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Print a note dated today')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cs;note;help;check' {
            break
        }
        'cs;note;help;fix' {
            break
        }
        'cs;note;help;new' {
            break
        }
        'cs;note;help;help' {
            break
        }
        'cs;playbook' {
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the playbooks in effect (built in, or overridden by --playbooks DIR)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print a playbook''s fields as a table (--format yaml: the file as written; json: as cs reads it)')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check playbooks for structure and meaning; exit 1 on any error')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Run answer fixtures and compare the plans they give with the expected ones; exit 1 on any difference')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema of the playbook format')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cs;playbook;list' {
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cs;playbook;show' {
            [CompletionResult]::new('--form', '--form', [CompletionResultType]::ParameterName, 'A form of the playbook run by a subcommand (advance, note, cadence for escalation): its fields')
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cs;playbook;lint' {
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cs;playbook;test' {
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--bless', '--bless', [CompletionResultType]::ParameterName, 'Write the plans the answers give now as the expected ones')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cs;playbook;schema' {
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cs;playbook;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the playbooks in effect (built in, or overridden by --playbooks DIR)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print a playbook''s fields as a table (--format yaml: the file as written; json: as cs reads it)')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check playbooks for structure and meaning; exit 1 on any error')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Run answer fixtures and compare the plans they give with the expected ones; exit 1 on any difference')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema of the playbook format')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cs;playbook;help;list' {
            break
        }
        'cs;playbook;help;show' {
            break
        }
        'cs;playbook;help;lint' {
            break
        }
        'cs;playbook;help;test' {
            break
        }
        'cs;playbook;help;schema' {
            break
        }
        'cs;playbook;help;help' {
            break
        }
        'cs;drafts' {
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the drafts, newest first: file, playbook, answers, when saved')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print a draft''s answers (a JSON answers file)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove drafts: the ones named, or every one with --all')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cs;drafts;list' {
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cs;drafts;show' {
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cs;drafts;remove' {
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every draft')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cs;drafts;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the drafts, newest first: file, playbook, answers, when saved')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print a draft''s answers (a JSON answers file)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove drafts: the ones named, or every one with --all')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cs;drafts;help;list' {
            break
        }
        'cs;drafts;help;show' {
            break
        }
        'cs;drafts;help;remove' {
            break
        }
        'cs;drafts;help;help' {
            break
        }
        'cs;plan' {
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema of the plan format (format 1), as committed in schemas/plan.schema.json')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cs;plan;schema' {
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cs;plan;help' {
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema of the plan format (format 1), as committed in schemas/plan.schema.json')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cs;plan;help;schema' {
            break
        }
        'cs;plan;help;help' {
            break
        }
        'cs;completions' {
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cs;man' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write every page into this directory (cs.1, cs-submit.1, ...); without it, print the page of cs itself')
            [CompletionResult]::new('--playbooks', '--playbooks', [CompletionResultType]::ParameterName, 'Directory of playbooks that override the built-in ones (same file name wins)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: text on a terminal, json otherwise]')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer''s date and time. CS_TODAY sets it for every command; empty, it is unset')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cs;help' {
            [CompletionResult]::new('onboard', 'onboard', [CompletionResultType]::ParameterValue, 'Onboarding plans for core and digital accounts (MT-CS-002, MT-CS-020)')
            [CompletionResult]::new('escalate', 'escalate', [CompletionResultType]::ParameterValue, 'Escalation cases from creation to resolution (MT-CS-005)')
            [CompletionResult]::new('transition', 'transition', [CompletionResultType]::ParameterValue, 'Account transitions, one or a batch of any size (Account Transition SOP)')
            [CompletionResult]::new('offboard', 'offboard', [CompletionResultType]::ParameterValue, 'Offboard customers: the three scenarios of MT-CS-012')
            [CompletionResult]::new('due', 'due', [CompletionResultType]::ParameterValue, 'The SOP duties that are late, due today or coming, per CSM, read from the org')
            [CompletionResult]::new('submit', 'submit', [CompletionResultType]::ParameterValue, 'Apply plans to Salesforce and Slack, exactly once (a dry run unless --yes)')
            [CompletionResult]::new('org', 'org', [CompletionResultType]::ParameterValue, 'Read the Salesforce org: check it against the playbooks, or snapshot accounts for offline planning')
            [CompletionResult]::new('churn-code', 'churn-code', [CompletionResultType]::ParameterValue, 'Look up churn codes (the E2 taxonomy)')
            [CompletionResult]::new('note', 'note', [CompletionResultType]::ParameterValue, 'Check, fix and write notes in the MM/DD/YY_Initials:Action form (N1)')
            [CompletionResult]::new('playbook', 'playbook', [CompletionResultType]::ParameterValue, 'List, show, lint playbooks; print their JSON Schema')
            [CompletionResult]::new('drafts', 'drafts', [CompletionResultType]::ParameterValue, 'List, show and remove the answers kept when an interactive run stopped')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'The plan format: print its JSON Schema')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print or write the manual pages (man -l)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cs;help;onboard' {
            [CompletionResult]::new('roster', 'roster', [CompletionResultType]::ParameterValue, 'Check a user roster (O5) and write its clean rows')
            break
        }
        'cs;help;onboard;roster' {
            break
        }
        'cs;help;escalate' {
            [CompletionResult]::new('advance', 'advance', [CompletionResultType]::ParameterValue, 'Move a case to its next status (New, Call Scheduled, Call Completed, Waiting Approval, Approved, Denied, Can''t Reach Client)')
            [CompletionResult]::new('note', 'note', [CompletionResultType]::ParameterValue, 'Append today''s note to the case''s Escalation Notes (N3)')
            [CompletionResult]::new('cadence', 'cadence', [CompletionResultType]::ParameterValue, 'The 10-business-day follow-up plan for an unresponsive account, as CSV or ICS (E10, N4)')
            break
        }
        'cs;help;escalate;advance' {
            break
        }
        'cs;help;escalate;note' {
            break
        }
        'cs;help;escalate;cadence' {
            break
        }
        'cs;help;transition' {
            [CompletionResult]::new('batch', 'batch', [CompletionResultType]::ParameterValue, 'Transition every account of a CSV; writes cs-ops.csv, owner-updates.csv, opportunity-updates.csv, outreach.csv and errors.csv into DIR. Exit 1 when any row was rejected')
            break
        }
        'cs;help;transition;batch' {
            break
        }
        'cs;help;offboard' {
            [CompletionResult]::new('batch', 'batch', [CompletionResultType]::ParameterValue, 'Report each account''s scenario, readiness and open conditions; writes report.csv, errors.csv, plans.jsonl and batch.json into DIR. Exit 1 when any row was rejected')
            break
        }
        'cs;help;offboard;batch' {
            break
        }
        'cs;help;due' {
            break
        }
        'cs;help;submit' {
            break
        }
        'cs;help;org' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the org against the playbooks: objects, fields, External IDs, record types, picklist values')
            [CompletionResult]::new('snapshot', 'snapshot', [CompletionResultType]::ParameterValue, 'Save what the playbooks read of these accounts (their `org:` fields, and their `recurly:` facts with RECURLY_API_KEY set) and the active users to a JSON file')
            break
        }
        'cs;help;org;check' {
            break
        }
        'cs;help;org;snapshot' {
            break
        }
        'cs;help;churn-code' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every churn reason with its category, description and secondary reasons')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Find churn codes by category, reason or secondary reason (case-insensitive, best first)')
            break
        }
        'cs;help;churn-code;list' {
            break
        }
        'cs;help;churn-code;show' {
            break
        }
        'cs;help;note' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate notes (arguments, or one note a line on stdin); exit 1 if any is invalid')
            [CompletionResult]::new('fix', 'fix', [CompletionResultType]::ParameterValue, 'Print the canonical form of each note; a note cs cannot fix is kept as it is and reported')
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Print a note dated today')
            break
        }
        'cs;help;note;check' {
            break
        }
        'cs;help;note;fix' {
            break
        }
        'cs;help;note;new' {
            break
        }
        'cs;help;playbook' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the playbooks in effect (built in, or overridden by --playbooks DIR)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print a playbook''s fields as a table (--format yaml: the file as written; json: as cs reads it)')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check playbooks for structure and meaning; exit 1 on any error')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Run answer fixtures and compare the plans they give with the expected ones; exit 1 on any difference')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema of the playbook format')
            break
        }
        'cs;help;playbook;list' {
            break
        }
        'cs;help;playbook;show' {
            break
        }
        'cs;help;playbook;lint' {
            break
        }
        'cs;help;playbook;test' {
            break
        }
        'cs;help;playbook;schema' {
            break
        }
        'cs;help;drafts' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the drafts, newest first: file, playbook, answers, when saved')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print a draft''s answers (a JSON answers file)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove drafts: the ones named, or every one with --all')
            break
        }
        'cs;help;drafts;list' {
            break
        }
        'cs;help;drafts;show' {
            break
        }
        'cs;help;drafts;remove' {
            break
        }
        'cs;help;plan' {
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema of the plan format (format 1), as committed in schemas/plan.schema.json')
            break
        }
        'cs;help;plan;schema' {
            break
        }
        'cs;help;completions' {
            break
        }
        'cs;help;man' {
            break
        }
        'cs;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
