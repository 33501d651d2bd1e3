# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_cs_global_optspecs
    string join \n playbooks= format= no-input today= bom h/help V/version
end

function __fish_cs_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_cs_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_cs_using_subcommand
    set -l cmd (__fish_cs_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c cs -n "__fish_cs_needs_command" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_needs_command" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_needs_command" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_needs_command" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_needs_command" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_needs_command" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_needs_command" -f -a "onboard" -d 'Onboarding plans for core and digital accounts (MT-CS-002, MT-CS-020)'
complete -c cs -n "__fish_cs_needs_command" -f -a "escalate" -d 'Escalation cases from creation to resolution (MT-CS-005)'
complete -c cs -n "__fish_cs_needs_command" -f -a "transition" -d 'Account transitions, one or a batch of any size (Account Transition SOP)'
complete -c cs -n "__fish_cs_needs_command" -f -a "offboard" -d 'Offboard customers: the three scenarios of MT-CS-012'
complete -c cs -n "__fish_cs_needs_command" -f -a "due" -d 'The SOP duties that are late, due today or coming, per CSM, read from the org'
complete -c cs -n "__fish_cs_needs_command" -f -a "submit" -d 'Apply plans to Salesforce and Slack, exactly once (a dry run unless --yes)'
complete -c cs -n "__fish_cs_needs_command" -f -a "org" -d 'Read the Salesforce org: check it against the playbooks, or snapshot accounts for offline planning'
complete -c cs -n "__fish_cs_needs_command" -f -a "churn-code" -d 'Look up churn codes (the E2 taxonomy)'
complete -c cs -n "__fish_cs_needs_command" -f -a "note" -d 'Check, fix and write notes in the MM/DD/YY_Initials:Action form (N1)'
complete -c cs -n "__fish_cs_needs_command" -f -a "playbook" -d 'List, show, lint playbooks; print their JSON Schema'
complete -c cs -n "__fish_cs_needs_command" -f -a "drafts" -d 'List, show and remove the answers kept when an interactive run stopped'
complete -c cs -n "__fish_cs_needs_command" -f -a "plan" -d 'The plan format: print its JSON Schema'
complete -c cs -n "__fish_cs_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c cs -n "__fish_cs_needs_command" -f -a "man" -d 'Print or write the manual pages (man -l)'
complete -c cs -n "__fish_cs_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cs -n "__fish_cs_using_subcommand onboard; and not __fish_seen_subcommand_from roster help" -l answers -d 'Answers file: a YAML or JSON map of field key -> value (`-` reads stdin)' -r -F
complete -c cs -n "__fish_cs_using_subcommand onboard; and not __fish_seen_subcommand_from roster help" -l set -d 'One answer as key=value; a list is key=[a, b]. Repeatable; wins over --answers' -r
complete -c cs -n "__fish_cs_using_subcommand onboard; and not __fish_seen_subcommand_from roster help" -l account -d 'Read the account\'s answers from Salesforce (its Id or link), its Recurly facts when RECURLY_API_KEY is set, and the admin\'s Outreach sequences and replies when Outreach credentials are set: they become the defaults' -r
complete -c cs -n "__fish_cs_using_subcommand onboard; and not __fish_seen_subcommand_from roster help" -l org -d 'Read --account from a snapshot (cs org snapshot) instead of the org' -r -F
complete -c cs -n "__fish_cs_using_subcommand onboard; and not __fish_seen_subcommand_from roster help" -l escalation -d 'Answers for the escalation case of a cancellation request (O9): a YAML or JSON map of `cs escalate` keys. The account, products, MRR and FMC come from the onboarding answers' -r -F
complete -c cs -n "__fish_cs_using_subcommand onboard; and not __fish_seen_subcommand_from roster help" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand onboard; and not __fish_seen_subcommand_from roster help" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand onboard; and not __fish_seen_subcommand_from roster help" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand onboard; and not __fish_seen_subcommand_from roster help" -l allow-phi -d 'Let patient identifiers found in free text go to Slack and customer drafts (only where a BAA covers them); otherwise the plan stops'
complete -c cs -n "__fish_cs_using_subcommand onboard; and not __fish_seen_subcommand_from roster help" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand onboard; and not __fish_seen_subcommand_from roster help" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand onboard; and not __fish_seen_subcommand_from roster help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand onboard; and not __fish_seen_subcommand_from roster help" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand onboard; and not __fish_seen_subcommand_from roster help" -f -a "roster" -d 'Check a user roster (O5) and write its clean rows'
complete -c cs -n "__fish_cs_using_subcommand onboard; and not __fish_seen_subcommand_from roster help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cs -n "__fish_cs_using_subcommand onboard; and __fish_seen_subcommand_from roster" -l out -d 'Where to write the clean rows as CSV (`-` for stdout)' -r -F
complete -c cs -n "__fish_cs_using_subcommand onboard; and __fish_seen_subcommand_from roster" -l locations -d 'The account\'s number of locations; above 1, every user needs a State' -r
complete -c cs -n "__fish_cs_using_subcommand onboard; and __fish_seen_subcommand_from roster" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand onboard; and __fish_seen_subcommand_from roster" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand onboard; and __fish_seen_subcommand_from roster" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand onboard; and __fish_seen_subcommand_from roster" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand onboard; and __fish_seen_subcommand_from roster" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand onboard; and __fish_seen_subcommand_from roster" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand onboard; and __fish_seen_subcommand_from roster" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand onboard; and __fish_seen_subcommand_from help" -f -a "roster" -d 'Check a user roster (O5) and write its clean rows'
complete -c cs -n "__fish_cs_using_subcommand onboard; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cs -n "__fish_cs_using_subcommand escalate; and not __fish_seen_subcommand_from advance note cadence help" -l answers -d 'Answers file: a YAML or JSON map of field key -> value (`-` reads stdin)' -r -F
complete -c cs -n "__fish_cs_using_subcommand escalate; and not __fish_seen_subcommand_from advance note cadence help" -l set -d 'One answer as key=value; a list is key=[a, b]. Repeatable; wins over --answers' -r
complete -c cs -n "__fish_cs_using_subcommand escalate; and not __fish_seen_subcommand_from advance note cadence help" -l account -d 'Read the account\'s answers from Salesforce (its Id or link), its Recurly facts when RECURLY_API_KEY is set, and the admin\'s Outreach sequences and replies when Outreach credentials are set: they become the defaults' -r
complete -c cs -n "__fish_cs_using_subcommand escalate; and not __fish_seen_subcommand_from advance note cadence help" -l org -d 'Read --account from a snapshot (cs org snapshot) instead of the org' -r -F
complete -c cs -n "__fish_cs_using_subcommand escalate; and not __fish_seen_subcommand_from advance note cadence help" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand escalate; and not __fish_seen_subcommand_from advance note cadence help" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand escalate; and not __fish_seen_subcommand_from advance note cadence help" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand escalate; and not __fish_seen_subcommand_from advance note cadence help" -l allow-phi -d 'Let patient identifiers found in free text go to Slack and customer drafts (only where a BAA covers them); otherwise the plan stops'
complete -c cs -n "__fish_cs_using_subcommand escalate; and not __fish_seen_subcommand_from advance note cadence help" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand escalate; and not __fish_seen_subcommand_from advance note cadence help" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand escalate; and not __fish_seen_subcommand_from advance note cadence help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand escalate; and not __fish_seen_subcommand_from advance note cadence help" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand escalate; and not __fish_seen_subcommand_from advance note cadence help" -f -a "advance" -d 'Move a case to its next status (New, Call Scheduled, Call Completed, Waiting Approval, Approved, Denied, Can\'t Reach Client)'
complete -c cs -n "__fish_cs_using_subcommand escalate; and not __fish_seen_subcommand_from advance note cadence help" -f -a "note" -d 'Append today\'s note to the case\'s Escalation Notes (N3)'
complete -c cs -n "__fish_cs_using_subcommand escalate; and not __fish_seen_subcommand_from advance note cadence help" -f -a "cadence" -d 'The 10-business-day follow-up plan for an unresponsive account, as CSV or ICS (E10, N4)'
complete -c cs -n "__fish_cs_using_subcommand escalate; and not __fish_seen_subcommand_from advance note cadence help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from advance" -l answers -d 'Answers file: a YAML or JSON map of field key -> value (`-` reads stdin)' -r -F
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from advance" -l set -d 'One answer as key=value; a list is key=[a, b]. Repeatable; wins over --answers' -r
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from advance" -l account -d 'Read the account\'s answers from Salesforce (its Id or link), its Recurly facts when RECURLY_API_KEY is set, and the admin\'s Outreach sequences and replies when Outreach credentials are set: they become the defaults' -r
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from advance" -l org -d 'Read --account from a snapshot (cs org snapshot) instead of the org' -r -F
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from advance" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from advance" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from advance" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from advance" -l allow-phi -d 'Let patient identifiers found in free text go to Slack and customer drafts (only where a BAA covers them); otherwise the plan stops'
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from advance" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from advance" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from advance" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from advance" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from note" -l existing -d 'The case\'s Escalation Notes so far, one note a line (`-` reads stdin); the new note is appended to them' -r -F
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from note" -l answers -d 'Answers file: a YAML or JSON map of field key -> value (`-` reads stdin)' -r -F
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from note" -l set -d 'One answer as key=value; a list is key=[a, b]. Repeatable; wins over --answers' -r
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from note" -l account -d 'Read the account\'s answers from Salesforce (its Id or link), its Recurly facts when RECURLY_API_KEY is set, and the admin\'s Outreach sequences and replies when Outreach credentials are set: they become the defaults' -r
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from note" -l org -d 'Read --account from a snapshot (cs org snapshot) instead of the org' -r -F
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from note" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from note" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from note" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from note" -l first -d 'The case has no Escalation Notes yet: this note starts them'
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from note" -l from-org -d 'Read the case\'s Escalation Notes from Salesforce (the credentials of cs submit) and append to them'
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from note" -l force -d 'Add the note even if the notes already have one for its day'
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from note" -l allow-phi -d 'Let patient identifiers found in free text go to Slack and customer drafts (only where a BAA covers them); otherwise the plan stops'
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from note" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from note" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from note" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from note" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from cadence" -l answers -d 'Answers file: a YAML or JSON map of field key -> value (`-` reads stdin)' -r -F
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from cadence" -l set -d 'One answer as key=value; a list is key=[a, b]. Repeatable; wins over --answers' -r
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from cadence" -l account -d 'Read the account\'s answers from Salesforce (its Id or link), its Recurly facts when RECURLY_API_KEY is set, and the admin\'s Outreach sequences and replies when Outreach credentials are set: they become the defaults' -r
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from cadence" -l org -d 'Read --account from a snapshot (cs org snapshot) instead of the org' -r -F
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from cadence" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from cadence" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from cadence" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from cadence" -l allow-phi -d 'Let patient identifiers found in free text go to Slack and customer drafts (only where a BAA covers them); otherwise the plan stops'
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from cadence" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from cadence" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from cadence" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from cadence" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from help" -f -a "advance" -d 'Move a case to its next status (New, Call Scheduled, Call Completed, Waiting Approval, Approved, Denied, Can\'t Reach Client)'
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from help" -f -a "note" -d 'Append today\'s note to the case\'s Escalation Notes (N3)'
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from help" -f -a "cadence" -d 'The 10-business-day follow-up plan for an unresponsive account, as CSV or ICS (E10, N4)'
complete -c cs -n "__fish_cs_using_subcommand escalate; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cs -n "__fish_cs_using_subcommand transition; and not __fish_seen_subcommand_from batch help" -l answers -d 'Answers file: a YAML or JSON map of field key -> value (`-` reads stdin)' -r -F
complete -c cs -n "__fish_cs_using_subcommand transition; and not __fish_seen_subcommand_from batch help" -l set -d 'One answer as key=value; a list is key=[a, b]. Repeatable; wins over --answers' -r
complete -c cs -n "__fish_cs_using_subcommand transition; and not __fish_seen_subcommand_from batch help" -l account -d 'Read the account\'s answers from Salesforce (its Id or link), its Recurly facts when RECURLY_API_KEY is set, and the admin\'s Outreach sequences and replies when Outreach credentials are set: they become the defaults' -r
complete -c cs -n "__fish_cs_using_subcommand transition; and not __fish_seen_subcommand_from batch help" -l org -d 'Read --account from a snapshot (cs org snapshot) instead of the org' -r -F
complete -c cs -n "__fish_cs_using_subcommand transition; and not __fish_seen_subcommand_from batch help" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand transition; and not __fish_seen_subcommand_from batch help" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand transition; and not __fish_seen_subcommand_from batch help" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand transition; and not __fish_seen_subcommand_from batch help" -l allow-phi -d 'Let patient identifiers found in free text go to Slack and customer drafts (only where a BAA covers them); otherwise the plan stops'
complete -c cs -n "__fish_cs_using_subcommand transition; and not __fish_seen_subcommand_from batch help" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand transition; and not __fish_seen_subcommand_from batch help" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand transition; and not __fish_seen_subcommand_from batch help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand transition; and not __fish_seen_subcommand_from batch help" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand transition; and not __fish_seen_subcommand_from batch help" -f -a "batch" -d 'Transition every account of a CSV; writes cs-ops.csv, owner-updates.csv, opportunity-updates.csv, outreach.csv and errors.csv into DIR. Exit 1 when any row was rejected'
complete -c cs -n "__fish_cs_using_subcommand transition; and not __fish_seen_subcommand_from batch help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cs -n "__fish_cs_using_subcommand transition; and __fish_seen_subcommand_from batch" -l out -d 'The directory for the output files (created if needed)' -r -F
complete -c cs -n "__fish_cs_using_subcommand transition; and __fish_seen_subcommand_from batch" -l org -d 'Fill each row from Salesforce (credentials as for cs submit), or from a snapshot FILE (cs org snapshot): the CSV needs only account_id, to_csm and reason; to_csm becomes a User Id' -r -F
complete -c cs -n "__fish_cs_using_subcommand transition; and __fish_seen_subcommand_from batch" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand transition; and __fish_seen_subcommand_from batch" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand transition; and __fish_seen_subcommand_from batch" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand transition; and __fish_seen_subcommand_from batch" -l allow-extra -d 'Ignore columns that are not answer keys instead of refusing the file'
complete -c cs -n "__fish_cs_using_subcommand transition; and __fish_seen_subcommand_from batch" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand transition; and __fish_seen_subcommand_from batch" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand transition; and __fish_seen_subcommand_from batch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand transition; and __fish_seen_subcommand_from batch" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand transition; and __fish_seen_subcommand_from help" -f -a "batch" -d 'Transition every account of a CSV; writes cs-ops.csv, owner-updates.csv, opportunity-updates.csv, outreach.csv and errors.csv into DIR. Exit 1 when any row was rejected'
complete -c cs -n "__fish_cs_using_subcommand transition; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cs -n "__fish_cs_using_subcommand offboard; and not __fish_seen_subcommand_from batch help" -l answers -d 'Answers file: a YAML or JSON map of field key -> value (`-` reads stdin)' -r -F
complete -c cs -n "__fish_cs_using_subcommand offboard; and not __fish_seen_subcommand_from batch help" -l set -d 'One answer as key=value; a list is key=[a, b]. Repeatable; wins over --answers' -r
complete -c cs -n "__fish_cs_using_subcommand offboard; and not __fish_seen_subcommand_from batch help" -l account -d 'Read the account\'s answers from Salesforce (its Id or link), its Recurly facts when RECURLY_API_KEY is set, and the admin\'s Outreach sequences and replies when Outreach credentials are set: they become the defaults' -r
complete -c cs -n "__fish_cs_using_subcommand offboard; and not __fish_seen_subcommand_from batch help" -l org -d 'Read --account from a snapshot (cs org snapshot) instead of the org' -r -F
complete -c cs -n "__fish_cs_using_subcommand offboard; and not __fish_seen_subcommand_from batch help" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand offboard; and not __fish_seen_subcommand_from batch help" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand offboard; and not __fish_seen_subcommand_from batch help" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand offboard; and not __fish_seen_subcommand_from batch help" -l allow-phi -d 'Let patient identifiers found in free text go to Slack and customer drafts (only where a BAA covers them); otherwise the plan stops'
complete -c cs -n "__fish_cs_using_subcommand offboard; and not __fish_seen_subcommand_from batch help" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand offboard; and not __fish_seen_subcommand_from batch help" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand offboard; and not __fish_seen_subcommand_from batch help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand offboard; and not __fish_seen_subcommand_from batch help" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand offboard; and not __fish_seen_subcommand_from batch help" -f -a "batch" -d 'Report each account\'s scenario, readiness and open conditions; writes report.csv, errors.csv, plans.jsonl and batch.json into DIR. Exit 1 when any row was rejected'
complete -c cs -n "__fish_cs_using_subcommand offboard; and not __fish_seen_subcommand_from batch help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cs -n "__fish_cs_using_subcommand offboard; and __fish_seen_subcommand_from batch" -l out -d 'The directory for report.csv, errors.csv, plans.jsonl and batch.json (created if needed)' -r -F
complete -c cs -n "__fish_cs_using_subcommand offboard; and __fish_seen_subcommand_from batch" -l org -d 'Fill each row from Salesforce (credentials as for cs submit) and, with RECURLY_API_KEY set, Recurly; or from a snapshot FILE (cs org snapshot): the CSV needs account_id and what only people know' -r -F
complete -c cs -n "__fish_cs_using_subcommand offboard; and __fish_seen_subcommand_from batch" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand offboard; and __fish_seen_subcommand_from batch" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand offboard; and __fish_seen_subcommand_from batch" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand offboard; and __fish_seen_subcommand_from batch" -l allow-extra -d 'Ignore columns that are not answer keys instead of refusing the file'
complete -c cs -n "__fish_cs_using_subcommand offboard; and __fish_seen_subcommand_from batch" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand offboard; and __fish_seen_subcommand_from batch" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand offboard; and __fish_seen_subcommand_from batch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand offboard; and __fish_seen_subcommand_from batch" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand offboard; and __fish_seen_subcommand_from help" -f -a "batch" -d 'Report each account\'s scenario, readiness and open conditions; writes report.csv, errors.csv, plans.jsonl and batch.json into DIR. Exit 1 when any row was rejected'
complete -c cs -n "__fish_cs_using_subcommand offboard; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cs -n "__fish_cs_using_subcommand due" -l csm -d 'Only this CSM\'s duties: their name or email, or `me` (the Salesforce user cs logs in as)' -r
complete -c cs -n "__fish_cs_using_subcommand due" -l on -d 'The day to evaluate, YYYY-MM-DD (default: today)' -r
complete -c cs -n "__fish_cs_using_subcommand due" -l within -d 'Also list what is due within this many business days after that day' -r
complete -c cs -n "__fish_cs_using_subcommand due" -l fail-on -d 'Exit 1 when any duty is late (after printing them)' -r -f -a "late\t''"
complete -c cs -n "__fish_cs_using_subcommand due" -l org -d 'Read a snapshot taken with `cs org snapshot --due` instead of the org' -r -F
complete -c cs -n "__fish_cs_using_subcommand due" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand due" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand due" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand due" -l team -d 'Every CSM\'s duties, grouped by CSM (the default)'
complete -c cs -n "__fish_cs_using_subcommand due" -l slack -d 'Post the team\'s digest to the channel of SLACK_WEBHOOK_URL, once a day: a second run the same day posts nothing'
complete -c cs -n "__fish_cs_using_subcommand due" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand due" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand due" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand due" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand submit" -l resume -d 'Continue the run this journal records: what it confirms is skipped, the rest sent; the journal is appended to' -r -F
complete -c cs -n "__fish_cs_using_subcommand submit" -l verify -d 'Check that JOURNAL is as cs wrote it (its lines\' hash chain) and print its last hash; sends nothing' -r -F
complete -c cs -n "__fish_cs_using_subcommand submit" -l undo -d 'Undo the run JOURNAL records: set each record it updated back to its values before (refused where the org changed it since); records it created are listed' -r -F
complete -c cs -n "__fish_cs_using_subcommand submit" -l journal -d 'Where to write the journal [default: the state directory, journals/submit-TIMESTAMP.jsonl]' -r -F
complete -c cs -n "__fish_cs_using_subcommand submit" -l target-org -d 'A Salesforce CLI org (alias or username), used when no token or client secret is set' -r
complete -c cs -n "__fish_cs_using_subcommand submit" -l api-version -d 'Salesforce REST API version' -r
complete -c cs -n "__fish_cs_using_subcommand submit" -l bulk-threshold -d 'Above this many updates, use a Bulk API 2.0 job instead of sObject Collections' -r
complete -c cs -n "__fish_cs_using_subcommand submit" -l bulk-wait -d 'Seconds to wait for a Bulk API job before stopping (a resume reads its results back)' -r
complete -c cs -n "__fish_cs_using_subcommand submit" -l timeout -d 'Seconds to wait for each answer before treating its outcome as unknown' -r
complete -c cs -n "__fish_cs_using_subcommand submit" -l retries -d 'Retries of a call that failed for a reason worth retrying (503, connection lost, ...)' -r
complete -c cs -n "__fish_cs_using_subcommand submit" -l mode -d 'upsert: write every record; update-only: refuse the run if a record would be created (an upsert whose External ID matches nothing, a create)' -r -f -a "upsert\t''
update-only\t''"
complete -c cs -n "__fish_cs_using_subcommand submit" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand submit" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand submit" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand submit" -s y -l yes -d 'Send for real. Without it cs prints what it would send (and asks at a terminal)'
complete -c cs -n "__fish_cs_using_subcommand submit" -l delete-created -d 'With --undo: delete the records that run created'
complete -c cs -n "__fish_cs_using_subcommand submit" -l new -d 'Create a record even where an open one with the same values exists (a second open escalation for an account and reason)'
complete -c cs -n "__fish_cs_using_subcommand submit" -l resend -d 'Send again what this machine already posted to Slack or created without an External ID (or sent with no answer)'
complete -c cs -n "__fish_cs_using_subcommand submit" -l allow-phi -d 'Send a plan whose Slack messages hold patient data (a plan is a file anyone may have edited, so cs scans it again before anything leaves); only for a channel a BAA covers'
complete -c cs -n "__fish_cs_using_subcommand submit" -l detailed-exitcode -d 'Exit 0 when there is nothing to change, 2 when there are changes (sent, or pending in a dry run); 1 and 3 as always'
complete -c cs -n "__fish_cs_using_subcommand submit" -s v -l verbose -d 'Print each call (method, path, status, time) to stderr; never a token or the webhook URL'
complete -c cs -n "__fish_cs_using_subcommand submit" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand submit" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand submit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand submit" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand org; and not __fish_seen_subcommand_from check snapshot help" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand org; and not __fish_seen_subcommand_from check snapshot help" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand org; and not __fish_seen_subcommand_from check snapshot help" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand org; and not __fish_seen_subcommand_from check snapshot help" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand org; and not __fish_seen_subcommand_from check snapshot help" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand org; and not __fish_seen_subcommand_from check snapshot help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand org; and not __fish_seen_subcommand_from check snapshot help" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand org; and not __fish_seen_subcommand_from check snapshot help" -f -a "check" -d 'Check the org against the playbooks: objects, fields, External IDs, record types, picklist values'
complete -c cs -n "__fish_cs_using_subcommand org; and not __fish_seen_subcommand_from check snapshot help" -f -a "snapshot" -d 'Save what the playbooks read of these accounts (their `org:` fields, and their `recurly:` facts with RECURLY_API_KEY set) and the active users to a JSON file'
complete -c cs -n "__fish_cs_using_subcommand org; and not __fish_seen_subcommand_from check snapshot help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cs -n "__fish_cs_using_subcommand org; and __fish_seen_subcommand_from check" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand org; and __fish_seen_subcommand_from check" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand org; and __fish_seen_subcommand_from check" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand org; and __fish_seen_subcommand_from check" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand org; and __fish_seen_subcommand_from check" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand org; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand org; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand org; and __fish_seen_subcommand_from snapshot" -l out -d 'Where to write the snapshot' -r -F
complete -c cs -n "__fish_cs_using_subcommand org; and __fish_seen_subcommand_from snapshot" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand org; and __fish_seen_subcommand_from snapshot" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand org; and __fish_seen_subcommand_from snapshot" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand org; and __fish_seen_subcommand_from snapshot" -l due -d 'Also save what the playbooks\' duties read (the whole book), for cs due --org FILE'
complete -c cs -n "__fish_cs_using_subcommand org; and __fish_seen_subcommand_from snapshot" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand org; and __fish_seen_subcommand_from snapshot" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand org; and __fish_seen_subcommand_from snapshot" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand org; and __fish_seen_subcommand_from snapshot" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand org; and __fish_seen_subcommand_from help" -f -a "check" -d 'Check the org against the playbooks: objects, fields, External IDs, record types, picklist values'
complete -c cs -n "__fish_cs_using_subcommand org; and __fish_seen_subcommand_from help" -f -a "snapshot" -d 'Save what the playbooks read of these accounts (their `org:` fields, and their `recurly:` facts with RECURLY_API_KEY set) and the active users to a JSON file'
complete -c cs -n "__fish_cs_using_subcommand org; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cs -n "__fish_cs_using_subcommand churn-code; and not __fish_seen_subcommand_from list show help" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand churn-code; and not __fish_seen_subcommand_from list show help" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand churn-code; and not __fish_seen_subcommand_from list show help" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand churn-code; and not __fish_seen_subcommand_from list show help" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand churn-code; and not __fish_seen_subcommand_from list show help" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand churn-code; and not __fish_seen_subcommand_from list show help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand churn-code; and not __fish_seen_subcommand_from list show help" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand churn-code; and not __fish_seen_subcommand_from list show help" -f -a "list" -d 'List every churn reason with its category, description and secondary reasons'
complete -c cs -n "__fish_cs_using_subcommand churn-code; and not __fish_seen_subcommand_from list show help" -f -a "show" -d 'Find churn codes by category, reason or secondary reason (case-insensitive, best first)'
complete -c cs -n "__fish_cs_using_subcommand churn-code; and not __fish_seen_subcommand_from list show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cs -n "__fish_cs_using_subcommand churn-code; and __fish_seen_subcommand_from list" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand churn-code; and __fish_seen_subcommand_from list" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand churn-code; and __fish_seen_subcommand_from list" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand churn-code; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand churn-code; and __fish_seen_subcommand_from list" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand churn-code; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand churn-code; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand churn-code; and __fish_seen_subcommand_from show" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand churn-code; and __fish_seen_subcommand_from show" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand churn-code; and __fish_seen_subcommand_from show" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand churn-code; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand churn-code; and __fish_seen_subcommand_from show" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand churn-code; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand churn-code; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand churn-code; and __fish_seen_subcommand_from help" -f -a "list" -d 'List every churn reason with its category, description and secondary reasons'
complete -c cs -n "__fish_cs_using_subcommand churn-code; and __fish_seen_subcommand_from help" -f -a "show" -d 'Find churn codes by category, reason or secondary reason (case-insensitive, best first)'
complete -c cs -n "__fish_cs_using_subcommand churn-code; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cs -n "__fish_cs_using_subcommand note; and not __fish_seen_subcommand_from check fix new help" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand note; and not __fish_seen_subcommand_from check fix new help" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand note; and not __fish_seen_subcommand_from check fix new help" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand note; and not __fish_seen_subcommand_from check fix new help" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand note; and not __fish_seen_subcommand_from check fix new help" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand note; and not __fish_seen_subcommand_from check fix new help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand note; and not __fish_seen_subcommand_from check fix new help" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand note; and not __fish_seen_subcommand_from check fix new help" -f -a "check" -d 'Validate notes (arguments, or one note a line on stdin); exit 1 if any is invalid'
complete -c cs -n "__fish_cs_using_subcommand note; and not __fish_seen_subcommand_from check fix new help" -f -a "fix" -d 'Print the canonical form of each note; a note cs cannot fix is kept as it is and reported'
complete -c cs -n "__fish_cs_using_subcommand note; and not __fish_seen_subcommand_from check fix new help" -f -a "new" -d 'Print a note dated today'
complete -c cs -n "__fish_cs_using_subcommand note; and not __fish_seen_subcommand_from check fix new help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cs -n "__fish_cs_using_subcommand note; and __fish_seen_subcommand_from check" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand note; and __fish_seen_subcommand_from check" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand note; and __fish_seen_subcommand_from check" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand note; and __fish_seen_subcommand_from check" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand note; and __fish_seen_subcommand_from check" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand note; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand note; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand note; and __fish_seen_subcommand_from fix" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand note; and __fish_seen_subcommand_from fix" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand note; and __fish_seen_subcommand_from fix" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand note; and __fish_seen_subcommand_from fix" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand note; and __fish_seen_subcommand_from fix" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand note; and __fish_seen_subcommand_from fix" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand note; and __fish_seen_subcommand_from fix" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand note; and __fish_seen_subcommand_from new" -s i -l initials -d 'Your initials, 2 to 4 letters' -r
complete -c cs -n "__fish_cs_using_subcommand note; and __fish_seen_subcommand_from new" -l date -d 'The note\'s date (YYYY-MM-DD) [default: today]' -r
complete -c cs -n "__fish_cs_using_subcommand note; and __fish_seen_subcommand_from new" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand note; and __fish_seen_subcommand_from new" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand note; and __fish_seen_subcommand_from new" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand note; and __fish_seen_subcommand_from new" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand note; and __fish_seen_subcommand_from new" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand note; and __fish_seen_subcommand_from new" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand note; and __fish_seen_subcommand_from new" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand note; and __fish_seen_subcommand_from help" -f -a "check" -d 'Validate notes (arguments, or one note a line on stdin); exit 1 if any is invalid'
complete -c cs -n "__fish_cs_using_subcommand note; and __fish_seen_subcommand_from help" -f -a "fix" -d 'Print the canonical form of each note; a note cs cannot fix is kept as it is and reported'
complete -c cs -n "__fish_cs_using_subcommand note; and __fish_seen_subcommand_from help" -f -a "new" -d 'Print a note dated today'
complete -c cs -n "__fish_cs_using_subcommand note; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cs -n "__fish_cs_using_subcommand playbook; and not __fish_seen_subcommand_from list show lint test schema help" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand playbook; and not __fish_seen_subcommand_from list show lint test schema help" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand playbook; and not __fish_seen_subcommand_from list show lint test schema help" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand playbook; and not __fish_seen_subcommand_from list show lint test schema help" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand playbook; and not __fish_seen_subcommand_from list show lint test schema help" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand playbook; and not __fish_seen_subcommand_from list show lint test schema help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand playbook; and not __fish_seen_subcommand_from list show lint test schema help" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand playbook; and not __fish_seen_subcommand_from list show lint test schema help" -f -a "list" -d 'List the playbooks in effect (built in, or overridden by --playbooks DIR)'
complete -c cs -n "__fish_cs_using_subcommand playbook; and not __fish_seen_subcommand_from list show lint test schema help" -f -a "show" -d 'Print a playbook\'s fields as a table (--format yaml: the file as written; json: as cs reads it)'
complete -c cs -n "__fish_cs_using_subcommand playbook; and not __fish_seen_subcommand_from list show lint test schema help" -f -a "lint" -d 'Check playbooks for structure and meaning; exit 1 on any error'
complete -c cs -n "__fish_cs_using_subcommand playbook; and not __fish_seen_subcommand_from list show lint test schema help" -f -a "test" -d 'Run answer fixtures and compare the plans they give with the expected ones; exit 1 on any difference'
complete -c cs -n "__fish_cs_using_subcommand playbook; and not __fish_seen_subcommand_from list show lint test schema help" -f -a "schema" -d 'Print the JSON Schema of the playbook format'
complete -c cs -n "__fish_cs_using_subcommand playbook; and not __fish_seen_subcommand_from list show lint test schema help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from list" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from list" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from list" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from list" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from show" -l form -d 'A form of the playbook run by a subcommand (advance, note, cadence for escalation): its fields' -r
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from show" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from show" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from show" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from show" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from lint" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from lint" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from lint" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from lint" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from lint" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from lint" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from lint" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from test" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from test" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from test" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from test" -l bless -d 'Write the plans the answers give now as the expected ones'
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from test" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from test" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from test" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from test" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from schema" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from schema" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from schema" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from schema" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from schema" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from schema" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from schema" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the playbooks in effect (built in, or overridden by --playbooks DIR)'
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print a playbook\'s fields as a table (--format yaml: the file as written; json: as cs reads it)'
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from help" -f -a "lint" -d 'Check playbooks for structure and meaning; exit 1 on any error'
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from help" -f -a "test" -d 'Run answer fixtures and compare the plans they give with the expected ones; exit 1 on any difference'
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from help" -f -a "schema" -d 'Print the JSON Schema of the playbook format'
complete -c cs -n "__fish_cs_using_subcommand playbook; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cs -n "__fish_cs_using_subcommand drafts; and not __fish_seen_subcommand_from list show remove help" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand drafts; and not __fish_seen_subcommand_from list show remove help" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand drafts; and not __fish_seen_subcommand_from list show remove help" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand drafts; and not __fish_seen_subcommand_from list show remove help" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand drafts; and not __fish_seen_subcommand_from list show remove help" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand drafts; and not __fish_seen_subcommand_from list show remove help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand drafts; and not __fish_seen_subcommand_from list show remove help" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand drafts; and not __fish_seen_subcommand_from list show remove help" -f -a "list" -d 'List the drafts, newest first: file, playbook, answers, when saved'
complete -c cs -n "__fish_cs_using_subcommand drafts; and not __fish_seen_subcommand_from list show remove help" -f -a "show" -d 'Print a draft\'s answers (a JSON answers file)'
complete -c cs -n "__fish_cs_using_subcommand drafts; and not __fish_seen_subcommand_from list show remove help" -f -a "remove" -d 'Remove drafts: the ones named, or every one with --all'
complete -c cs -n "__fish_cs_using_subcommand drafts; and not __fish_seen_subcommand_from list show remove help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cs -n "__fish_cs_using_subcommand drafts; and __fish_seen_subcommand_from list" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand drafts; and __fish_seen_subcommand_from list" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand drafts; and __fish_seen_subcommand_from list" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand drafts; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand drafts; and __fish_seen_subcommand_from list" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand drafts; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand drafts; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand drafts; and __fish_seen_subcommand_from show" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand drafts; and __fish_seen_subcommand_from show" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand drafts; and __fish_seen_subcommand_from show" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand drafts; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand drafts; and __fish_seen_subcommand_from show" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand drafts; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand drafts; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand drafts; and __fish_seen_subcommand_from remove" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand drafts; and __fish_seen_subcommand_from remove" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand drafts; and __fish_seen_subcommand_from remove" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand drafts; and __fish_seen_subcommand_from remove" -l all -d 'Every draft'
complete -c cs -n "__fish_cs_using_subcommand drafts; and __fish_seen_subcommand_from remove" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand drafts; and __fish_seen_subcommand_from remove" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand drafts; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand drafts; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand drafts; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the drafts, newest first: file, playbook, answers, when saved'
complete -c cs -n "__fish_cs_using_subcommand drafts; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print a draft\'s answers (a JSON answers file)'
complete -c cs -n "__fish_cs_using_subcommand drafts; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove drafts: the ones named, or every one with --all'
complete -c cs -n "__fish_cs_using_subcommand drafts; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cs -n "__fish_cs_using_subcommand plan; and not __fish_seen_subcommand_from schema help" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand plan; and not __fish_seen_subcommand_from schema help" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand plan; and not __fish_seen_subcommand_from schema help" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand plan; and not __fish_seen_subcommand_from schema help" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand plan; and not __fish_seen_subcommand_from schema help" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand plan; and not __fish_seen_subcommand_from schema help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand plan; and not __fish_seen_subcommand_from schema help" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand plan; and not __fish_seen_subcommand_from schema help" -f -a "schema" -d 'Print the JSON Schema of the plan format (format 1), as committed in schemas/plan.schema.json'
complete -c cs -n "__fish_cs_using_subcommand plan; and not __fish_seen_subcommand_from schema help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cs -n "__fish_cs_using_subcommand plan; and __fish_seen_subcommand_from schema" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand plan; and __fish_seen_subcommand_from schema" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand plan; and __fish_seen_subcommand_from schema" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand plan; and __fish_seen_subcommand_from schema" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand plan; and __fish_seen_subcommand_from schema" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand plan; and __fish_seen_subcommand_from schema" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand plan; and __fish_seen_subcommand_from schema" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand plan; and __fish_seen_subcommand_from help" -f -a "schema" -d 'Print the JSON Schema of the plan format (format 1), as committed in schemas/plan.schema.json'
complete -c cs -n "__fish_cs_using_subcommand plan; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cs -n "__fish_cs_using_subcommand completions" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand completions" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand completions" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand completions" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand completions" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand completions" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand man" -l out -d 'Write every page into this directory (cs.1, cs-submit.1, ...); without it, print the page of cs itself' -r -F
complete -c cs -n "__fish_cs_using_subcommand man" -l playbooks -d 'Directory of playbooks that override the built-in ones (same file name wins)' -r -F
complete -c cs -n "__fish_cs_using_subcommand man" -l format -d 'Output format [default: text on a terminal, json otherwise]' -r -f -a "text\t'Tables and lines for people'
json\t'One JSON document, for scripts'
csv\t'CSV rows, for spreadsheets'
github\t'GitHub Actions annotations (cs playbook lint)'
ics\t'iCalendar (RFC 5545), for calendars (cs escalate cadence)'
yaml\t'The playbook file as written (cs playbook show)'"
complete -c cs -n "__fish_cs_using_subcommand man" -l today -d 'The date to use as today for every computation (YYYY-MM-DD), and optionally the time of day (YYYY-MM-DDTHH:MM): an escalation that comes in after business hours gets its call the next business day. Without it: the computer\'s date and time. CS_TODAY sets it for every command; empty, it is unset' -r
complete -c cs -n "__fish_cs_using_subcommand man" -l no-input -d 'Never prompt: fail, listing every missing or invalid field and the flag that supplies it'
complete -c cs -n "__fish_cs_using_subcommand man" -l bom -d 'Start the CSVs written for people (cs-ops.csv, errors.csv, report.csv, results.csv, --format csv) with a UTF-8 byte-order mark, so that Excel shows "Peña" rather than "PeÃ±a". Salesforce upload files never have one. CS_CSV_BOM=true turns it on for every command'
complete -c cs -n "__fish_cs_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cs -n "__fish_cs_using_subcommand man" -s V -l version -d 'Print version'
complete -c cs -n "__fish_cs_using_subcommand help; and not __fish_seen_subcommand_from onboard escalate transition offboard due submit org churn-code note playbook drafts plan completions man help" -f -a "onboard" -d 'Onboarding plans for core and digital accounts (MT-CS-002, MT-CS-020)'
complete -c cs -n "__fish_cs_using_subcommand help; and not __fish_seen_subcommand_from onboard escalate transition offboard due submit org churn-code note playbook drafts plan completions man help" -f -a "escalate" -d 'Escalation cases from creation to resolution (MT-CS-005)'
complete -c cs -n "__fish_cs_using_subcommand help; and not __fish_seen_subcommand_from onboard escalate transition offboard due submit org churn-code note playbook drafts plan completions man help" -f -a "transition" -d 'Account transitions, one or a batch of any size (Account Transition SOP)'
complete -c cs -n "__fish_cs_using_subcommand help; and not __fish_seen_subcommand_from onboard escalate transition offboard due submit org churn-code note playbook drafts plan completions man help" -f -a "offboard" -d 'Offboard customers: the three scenarios of MT-CS-012'
complete -c cs -n "__fish_cs_using_subcommand help; and not __fish_seen_subcommand_from onboard escalate transition offboard due submit org churn-code note playbook drafts plan completions man help" -f -a "due" -d 'The SOP duties that are late, due today or coming, per CSM, read from the org'
complete -c cs -n "__fish_cs_using_subcommand help; and not __fish_seen_subcommand_from onboard escalate transition offboard due submit org churn-code note playbook drafts plan completions man help" -f -a "submit" -d 'Apply plans to Salesforce and Slack, exactly once (a dry run unless --yes)'
complete -c cs -n "__fish_cs_using_subcommand help; and not __fish_seen_subcommand_from onboard escalate transition offboard due submit org churn-code note playbook drafts plan completions man help" -f -a "org" -d 'Read the Salesforce org: check it against the playbooks, or snapshot accounts for offline planning'
complete -c cs -n "__fish_cs_using_subcommand help; and not __fish_seen_subcommand_from onboard escalate transition offboard due submit org churn-code note playbook drafts plan completions man help" -f -a "churn-code" -d 'Look up churn codes (the E2 taxonomy)'
complete -c cs -n "__fish_cs_using_subcommand help; and not __fish_seen_subcommand_from onboard escalate transition offboard due submit org churn-code note playbook drafts plan completions man help" -f -a "note" -d 'Check, fix and write notes in the MM/DD/YY_Initials:Action form (N1)'
complete -c cs -n "__fish_cs_using_subcommand help; and not __fish_seen_subcommand_from onboard escalate transition offboard due submit org churn-code note playbook drafts plan completions man help" -f -a "playbook" -d 'List, show, lint playbooks; print their JSON Schema'
complete -c cs -n "__fish_cs_using_subcommand help; and not __fish_seen_subcommand_from onboard escalate transition offboard due submit org churn-code note playbook drafts plan completions man help" -f -a "drafts" -d 'List, show and remove the answers kept when an interactive run stopped'
complete -c cs -n "__fish_cs_using_subcommand help; and not __fish_seen_subcommand_from onboard escalate transition offboard due submit org churn-code note playbook drafts plan completions man help" -f -a "plan" -d 'The plan format: print its JSON Schema'
complete -c cs -n "__fish_cs_using_subcommand help; and not __fish_seen_subcommand_from onboard escalate transition offboard due submit org churn-code note playbook drafts plan completions man help" -f -a "completions" -d 'Print a shell completion script'
complete -c cs -n "__fish_cs_using_subcommand help; and not __fish_seen_subcommand_from onboard escalate transition offboard due submit org churn-code note playbook drafts plan completions man help" -f -a "man" -d 'Print or write the manual pages (man -l)'
complete -c cs -n "__fish_cs_using_subcommand help; and not __fish_seen_subcommand_from onboard escalate transition offboard due submit org churn-code note playbook drafts plan completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cs -n "__fish_cs_using_subcommand help; and __fish_seen_subcommand_from onboard" -f -a "roster" -d 'Check a user roster (O5) and write its clean rows'
complete -c cs -n "__fish_cs_using_subcommand help; and __fish_seen_subcommand_from escalate" -f -a "advance" -d 'Move a case to its next status (New, Call Scheduled, Call Completed, Waiting Approval, Approved, Denied, Can\'t Reach Client)'
complete -c cs -n "__fish_cs_using_subcommand help; and __fish_seen_subcommand_from escalate" -f -a "note" -d 'Append today\'s note to the case\'s Escalation Notes (N3)'
complete -c cs -n "__fish_cs_using_subcommand help; and __fish_seen_subcommand_from escalate" -f -a "cadence" -d 'The 10-business-day follow-up plan for an unresponsive account, as CSV or ICS (E10, N4)'
complete -c cs -n "__fish_cs_using_subcommand help; and __fish_seen_subcommand_from transition" -f -a "batch" -d 'Transition every account of a CSV; writes cs-ops.csv, owner-updates.csv, opportunity-updates.csv, outreach.csv and errors.csv into DIR. Exit 1 when any row was rejected'
complete -c cs -n "__fish_cs_using_subcommand help; and __fish_seen_subcommand_from offboard" -f -a "batch" -d 'Report each account\'s scenario, readiness and open conditions; writes report.csv, errors.csv, plans.jsonl and batch.json into DIR. Exit 1 when any row was rejected'
complete -c cs -n "__fish_cs_using_subcommand help; and __fish_seen_subcommand_from org" -f -a "check" -d 'Check the org against the playbooks: objects, fields, External IDs, record types, picklist values'
complete -c cs -n "__fish_cs_using_subcommand help; and __fish_seen_subcommand_from org" -f -a "snapshot" -d 'Save what the playbooks read of these accounts (their `org:` fields, and their `recurly:` facts with RECURLY_API_KEY set) and the active users to a JSON file'
complete -c cs -n "__fish_cs_using_subcommand help; and __fish_seen_subcommand_from churn-code" -f -a "list" -d 'List every churn reason with its category, description and secondary reasons'
complete -c cs -n "__fish_cs_using_subcommand help; and __fish_seen_subcommand_from churn-code" -f -a "show" -d 'Find churn codes by category, reason or secondary reason (case-insensitive, best first)'
complete -c cs -n "__fish_cs_using_subcommand help; and __fish_seen_subcommand_from note" -f -a "check" -d 'Validate notes (arguments, or one note a line on stdin); exit 1 if any is invalid'
complete -c cs -n "__fish_cs_using_subcommand help; and __fish_seen_subcommand_from note" -f -a "fix" -d 'Print the canonical form of each note; a note cs cannot fix is kept as it is and reported'
complete -c cs -n "__fish_cs_using_subcommand help; and __fish_seen_subcommand_from note" -f -a "new" -d 'Print a note dated today'
complete -c cs -n "__fish_cs_using_subcommand help; and __fish_seen_subcommand_from playbook" -f -a "list" -d 'List the playbooks in effect (built in, or overridden by --playbooks DIR)'
complete -c cs -n "__fish_cs_using_subcommand help; and __fish_seen_subcommand_from playbook" -f -a "show" -d 'Print a playbook\'s fields as a table (--format yaml: the file as written; json: as cs reads it)'
complete -c cs -n "__fish_cs_using_subcommand help; and __fish_seen_subcommand_from playbook" -f -a "lint" -d 'Check playbooks for structure and meaning; exit 1 on any error'
complete -c cs -n "__fish_cs_using_subcommand help; and __fish_seen_subcommand_from playbook" -f -a "test" -d 'Run answer fixtures and compare the plans they give with the expected ones; exit 1 on any difference'
complete -c cs -n "__fish_cs_using_subcommand help; and __fish_seen_subcommand_from playbook" -f -a "schema" -d 'Print the JSON Schema of the playbook format'
complete -c cs -n "__fish_cs_using_subcommand help; and __fish_seen_subcommand_from drafts" -f -a "list" -d 'List the drafts, newest first: file, playbook, answers, when saved'
complete -c cs -n "__fish_cs_using_subcommand help; and __fish_seen_subcommand_from drafts" -f -a "show" -d 'Print a draft\'s answers (a JSON answers file)'
complete -c cs -n "__fish_cs_using_subcommand help; and __fish_seen_subcommand_from drafts" -f -a "remove" -d 'Remove drafts: the ones named, or every one with --all'
complete -c cs -n "__fish_cs_using_subcommand help; and __fish_seen_subcommand_from plan" -f -a "schema" -d 'Print the JSON Schema of the plan format (format 1), as committed in schemas/plan.schema.json'
complete -c cs -n "__fish_cs_using_subcommand completions" -f -a "bash elvish fish powershell zsh"
complete -c cs -n "__fish_prev_arg_in --format" -f -a "text json csv github ics yaml"
complete -c cs -n "__fish_prev_arg_in --fail-on" -f -a "late"
complete -c cs -n "__fish_prev_arg_in --mode" -f -a "upsert update-only"
