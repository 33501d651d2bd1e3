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
    cs::out::data(&with_shells(args.shell, script))?;
    Ok(())
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
