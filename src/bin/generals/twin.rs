//! The command-line twin's work: the same engine as the page, reading console
//! commands from standard input. Standard output carries exactly the spec's
//! lines (and `error:` lines); the banner, notes and prompt go to standard
//! error, the prompt only when a person is typing.
//!
//! Standard error is a courtesy, never a condition: a note that cannot be
//! written (`2>/dev/full`, a closed pipe) is dropped and the transcript goes
//! on, so nothing here uses `eprintln!`, which panics on a failed write.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use byzantine_generals::engine::command::overlong;
use byzantine_generals::engine::limits::MAX_LINE_BYTES;
use byzantine_generals::engine::{LineKind, Session};
use clap::error::ErrorKind;
use clap::{CommandFactory, Parser};

use crate::args::Cli;
use crate::lines::{read_line, Read};

/// Writes one line to standard error, or drops it if that fails.
fn note(text: &str) {
    let _ = writeln!(io::stderr().lock(), "{text}");
}

/// Reports bad arguments as the usage line and status 2; help goes to
/// standard output with status 0. Failed writes are dropped: the status says it.
fn refuse(error: &clap::Error) -> ExitCode {
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        let _ = error.print();
        return ExitCode::SUCCESS;
    }
    // clap's first paragraph names the problem; its usage and tips are left
    // out for one short, predictable answer: problem, usage, where help is.
    let rendered = error.to_string();
    let first = rendered.split("\n\n").next().unwrap_or_default();
    let problem = first.lines().map(str::trim).collect::<Vec<_>>().join(" ");
    let problem = problem.strip_prefix("error: ").unwrap_or(&problem);
    note(&format!(
        "generals: {problem}\n{}\nFor more, try 'generals --help'.",
        Cli::command().render_usage()
    ));
    ExitCode::from(2)
}

pub fn main() -> ExitCode {
    let options = match Cli::try_parse().and_then(|cli| cli.session_options()) {
        Ok(options) => options,
        Err(error) => return refuse(&error),
    };
    let Ok(mut session) = Session::new(options) else {
        unreachable!("session_options validated the options")
    };
    note(&session.banner().text);
    match run(&mut session) {
        // A closed pipe (`generals 4 | head`) is the reader's choice, not a failure.
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            note(&format!("generals: {e}"));
            ExitCode::FAILURE
        }
        _ => ExitCode::SUCCESS,
    }
}

fn run(session: &mut Session) -> io::Result<()> {
    let stdin = io::stdin();
    let interactive = stdin.is_terminal();
    let mut input = stdin.lock();
    let mut stdout = io::BufWriter::new(io::stdout().lock());
    let mut buffer = Vec::new();
    loop {
        if interactive {
            let mut stderr = io::stderr().lock();
            let _ = write!(stderr, "> ").and_then(|()| stderr.flush());
        }
        let mut lines = match read_line(&mut input, &mut buffer, MAX_LINE_BYTES)? {
            Read::End => return stdout.flush(),
            // Invalid UTF-8 is shown, replaced, in an error line rather than refused.
            Read::Line => session.submit(&String::from_utf8_lossy(&buffer)),
            Read::Overlong(bytes) => session.refuse(overlong(bytes)),
        };
        lines.extend(session.finish());
        for line in lines {
            match line.kind {
                LineKind::Output | LineKind::Error => writeln!(stdout, "{}", line.text)?,
                LineKind::Note => {
                    // Keep notes beside the transcript lines they follow.
                    stdout.flush()?;
                    note(&line.text);
                }
            }
        }
        stdout.flush()?;
        if session.is_ended() {
            return Ok(());
        }
    }
}
