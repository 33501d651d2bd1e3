//! The `cs` binary: argv -> clap (cli) -> a command -> an exit code
//! (command_error).

mod cli;
mod command_error;
mod commands;

use clap::Parser;
use cli::{Cli, Command};
use cs::error::Error;

/// `pow` of the C math library, the only function of it cs's dependencies
/// call (`f64::powf`: indicatif's rate estimate, minijinja's `**` on
/// floats). Defined here, by the pure-Rust port of musl's, the binary no
/// longer needs libm.so: loading it took about 0.08 ms of every start,
/// `cs --version` included (bench/README.md).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[unsafe(no_mangle)]
pub extern "C" fn pow(x: f64, y: f64) -> f64 {
    libm::pow(x, y)
}

fn run(cli: &Cli) -> Result<(), Error> {
    if let Command::Completions(args) = &cli.command {
        return commands::completions::exec(args, cli::whole_command());
    }
    if let Command::Man(args) = &cli.command {
        return commands::man::exec(args, cli::whole_command());
    }
    cs::redact::register_env();
    let g = &cli.global;
    cs::spreadsheet::set_bom(g.bom);
    let ctx = commands::Ctx::new(
        g.playbooks.clone(),
        g.format,
        g.no_input,
        g.today.and_then(|t| t.0),
    )?;
    match &cli.command {
        Command::Onboard(a) => commands::onboard::exec(&ctx, a),
        Command::Escalate(a) => commands::escalate::exec(&ctx, a),
        Command::Transition(a) => commands::transition::exec(&ctx, a),
        Command::Offboard(a) => commands::offboard::exec(&ctx, a),
        Command::Due(a) => commands::due::exec(&ctx, a),
        Command::Submit(a) => commands::submit::exec(&ctx, a),
        Command::Org(c) => commands::org::exec(&ctx, c),
        Command::ChurnCode(c) => commands::churn_code::exec(&ctx, c),
        Command::Plan(c) => commands::plan::exec(c),
        Command::Note(c) => commands::note::exec(&ctx, c),
        Command::Playbook(c) => commands::playbook::exec(&ctx, c),
        Command::Drafts(c) => commands::drafts::exec(&ctx, c),
        Command::Completions(_) | Command::Man(_) => unreachable!("handled above"),
    }
}

fn main() {
    let cli = Cli::parse();
    cs::interrupt::install();
    if let Err(e) = run(&cli) {
        std::process::exit(command_error::report(&e));
    }
}
