//! `cs completions SHELL`: completion scripts generated from the clap tree.
//! The committed copies in completions/ are checked by a test.

use cs::error::Error;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cs completions bash > ~/.local/share/bash-completion/completions/cs\n  cs completions zsh > ~/.zfunc/_cs"
)]
pub struct Args {
    /// The shell to complete for.
    pub shell: clap_complete::Shell,
}

/// Prints the completion script of `cmd`, the whole command tree, for a shell.
pub fn exec(args: &Args, mut cmd: clap::Command) -> Result<(), Error> {
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "cs", &mut buf);
    cs::out::data(&String::from_utf8_lossy(&buf))?;
    Ok(())
}
