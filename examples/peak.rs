//! Runs a command and prints its wall time, peak memory (max RSS), exit
//! code and CPU time (user + system):
//! `peak CMD ARGS...` -> `seconds max_rss_kib exit_code cpu_seconds`. A small
//! launcher, so the child's peak is its own, not inherited from a large
//! parent before exec.
#![allow(clippy::print_stdout, clippy::print_stderr)] // a command-line tool of its own
use std::process::{Command, Stdio};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = args.split_first() else {
        eprintln!("usage: peak CMD ARGS...");
        std::process::exit(2);
    };
    let start = Instant::now();
    let status = Command::new(cmd)
        .args(rest)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap_or_else(|e| {
            eprintln!("cannot run {cmd}: {e}");
            std::process::exit(2);
        });
    let secs = start.elapsed().as_secs_f64();
    // SAFETY: getrusage fills the struct it is given; a zeroed rusage is valid.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: RUSAGE_CHILDREN with a valid pointer to a rusage.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    let cpu = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    println!(
        "{secs:.4} {} {} {:.4}",
        usage.ru_maxrss,
        status.code().unwrap_or(-1),
        cpu(usage.ru_utime) + cpu(usage.ru_stime)
    );
}
