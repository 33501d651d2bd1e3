//! `cs completions SHELL`: completion scripts generated from the clap tree.
//! The committed copies in completions/ are checked by a test.

use cs::error::Error;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  mkdir -p ~/.local/share/bash-completion/completions\n  cs completions bash > ~/.local/share/bash-completion/completions/cs\n  mkdir -p ~/.zfunc && cs completions zsh > ~/.zfunc/_cs"
)]
pub struct Args {
    /// The shell to complete for.
    pub shell: clap_complete::Shell,
}

/// Prints the completion script of `cmd`, the whole command tree, for a shell.
pub fn exec(args: &Args, mut cmd: clap::Command) -> Result<(), Error> {
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "cs", &mut buf);
    let script = String::from_utf8_lossy(&buf).into_owned();
    let values = option_values(&cmd);
    let script = with_values(args.shell, with_shells(args.shell, script), &values);
    cs::out::data(&script)?;
    Ok(())
}

/// Every option of the command tree that takes one of a set of values
/// (`--format`, `--mode`), with those values: each option name once, its
/// values across the commands that have it.
fn option_values(cmd: &clap::Command) -> Vec<(String, Vec<String>)> {
    fn walk(cmd: &clap::Command, out: &mut Vec<(String, Vec<String>)>) {
        for arg in cmd.get_arguments() {
            let (Some(long), values) = (arg.get_long(), arg.get_possible_values()) else {
                continue;
            };
            let names: Vec<String> = values
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            // A flag (--bom, true/false) is no value to pick.
            if names.is_empty() || !arg.get_action().takes_values() {
                continue;
            }
            let flag = format!("--{long}");
            match out.iter_mut().find(|(f, _)| *f == flag) {
                Some((_, all)) => {
                    for n in names {
                        if !all.contains(&n) {
                            all.push(n);
                        }
                    }
                }
                None => out.push((flag, names)),
            }
        }
        for sub in cmd.get_subcommands() {
            walk(sub, out);
        }
    }
    let mut out = Vec::new();
    walk(cmd, &mut out);
    out
}

/// clap_complete's fish script offers files after an option of the
/// command itself (`cs --format <TAB>`), and its elvish script completes no
/// option's values at all: both learn them here, from the word before.
fn with_values(
    shell: clap_complete::Shell,
    script: String,
    values: &[(String, Vec<String>)],
) -> String {
    match shell {
        clap_complete::Shell::Fish => {
            let mut s = script;
            for (flag, names) in values {
                s.push_str(&format!(
                    "complete -c cs -n \"__fish_prev_arg_in {flag}\" -f -a \"{}\"\n",
                    names.join(" ")
                ));
            }
            s
        }
        clap_complete::Shell::Elvish => {
            let map: String = values
                .iter()
                .map(|(flag, names)| format!("&'{flag}'=[{}]", names.join(" ")))
                .collect::<Vec<_>>()
                .join(" ");
            // Elvish's `return` does not leave a lambda: the values are
            // put instead of the command's candidates.
            script.replacen(
                "    $completions[$command]\n",
                &format!(
                    "    # An option's values, after the option (cs --format <TAB>).\n    var values = [{map}]\n    if (and (> (count $words) 2) (has-key $values $words[-2])) {{\n        for v $values[$words[-2]] {{ cand $v '' }}\n    }} else {{\n        $completions[$command]\n    }}\n"
                ),
                1,
            )
        }
        _ => script,
    }
}

/// clap_complete's fish and elvish scripts do not complete a positional's
/// values: `cs completions <TAB>` gets the shells here.
fn with_shells(shell: clap_complete::Shell, script: String) -> String {
    use clap::ValueEnum;
    let shells: Vec<String> = clap_complete::Shell::value_variants()
        .iter()
        .filter_map(|s| s.to_possible_value().map(|v| v.get_name().to_string()))
        .collect();
    match shell {
        clap_complete::Shell::Fish => format!(
            "{script}complete -c cs -n \"__fish_cs_using_subcommand completions\" -f -a \"{}\"\n",
            shells.join(" ")
        ),
        clap_complete::Shell::Elvish => {
            let cands: String = shells
                .iter()
                .map(|s| format!("            cand {s} 'a {s} completion script'\n"))
                .collect();
            script.replacen(
                "        &'cs;completions'= {\n",
                &format!("        &'cs;completions'= {{\n{cands}"),
                1,
            )
        }
        _ => script,
    }
}
