//! `cs man`: manual pages generated from the clap tree (clap_mangen), one
//! per command and subcommand (`cs.1`, `cs-submit.1`, `cs-escalate-note.1`).
//! The committed copies in man/ are checked by a test.

use cs::error::{Error, io_reason};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cs man --out man\n  man -l man/cs-submit.1\n  cs man | man -l -"
)]
pub struct Args {
    /// Write every page into this directory (cs.1, cs-submit.1, ...);
    /// without it, print the page of cs itself.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// The pages of `cmd` and of every subcommand below it, by file name.
fn pages(cmd: &clap::Command, prefix: &str, out: &mut Vec<(String, Vec<u8>)>) -> Result<(), Error> {
    let name = if prefix.is_empty() {
        cmd.get_name().to_string()
    } else {
        format!("{prefix}-{}", cmd.get_name())
    };
    // clap takes names as &'static str (without its `string` feature, which
    // start-up does without); the pages are made once, then cs exits.
    let title: &'static str = Box::leak(name.clone().into_boxed_str());
    let usage: &'static str = Box::leak(name.replace('-', " ").into_boxed_str());
    let page = cmd.clone().name(title).bin_name(usage);
    let mut buf = Vec::new();
    clap_mangen::Man::new(page)
        .render(&mut buf)
        .map_err(|e| Error::internal(format!("man page of {name}: {e}")))?;
    out.push((format!("{name}.1"), buf));
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        pages(sub, &name, out)?;
    }
    Ok(())
}

/// Prints the page of `cmd`, or writes every page into `--out`.
pub fn exec(args: &Args, cmd: clap::Command) -> Result<(), Error> {
    let mut all = Vec::new();
    pages(&cmd, "", &mut all)?;
    let Some(dir) = &args.out else {
        let (_, page) = &all[0];
        return cs::out::data(&String::from_utf8_lossy(page));
    };
    cs::files::create_dir(dir).map_err(|e| {
        Error::user(format!(
            "cannot create {}: {}.",
            dir.display(),
            io_reason(&e)
        ))
    })?;
    for (file, page) in &all {
        cs::files::write_atomic(&dir.join(file), page)?;
    }
    cs::out::note(&format!(
        "wrote {} manual pages in {}",
        all.len(),
        dir.display()
    ));
    Ok(())
}
