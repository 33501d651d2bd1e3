//! `cs completions SHELL`: completion scripts generated from the clap tree.
//! The committed copies in completions/ are checked by a test.

use cs::error::CliError;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cs completions bash > ~/.local/share/bash-completion/completions/cs\n  cs completions zsh > ~/.zfunc/_cs"
)]
pub struct Args {
    /// The shell to complete for.
    pub shell: clap_complete::Shell,
}

/// The completion script for a shell.
pub fn script(shell: clap_complete::Shell) -> String {
    let mut cmd = crate::cli::whole_command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "cs", &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

pub fn exec(args: &Args) -> Result<(), CliError> {
    cs::out::data(&script(args.shell));
    Ok(())
}
