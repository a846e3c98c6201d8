//! The command-line twin's work: the same engine as the page, reading console
//! commands from standard input. Standard output carries exactly the spec's
//! lines (and `error:` lines); the banner, notes and prompt go to standard
//! error, the prompt only when a person is typing.
//!
//! Standard error is a courtesy, never a condition: a note that cannot be
//! written (`2>/dev/full`, a closed pipe) is dropped and the transcript goes
//! on, so nothing here uses `eprintln!`, which panics on a failed write.

use std::fs::File;
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use byzantine_generals::engine::command::overlong;
use byzantine_generals::engine::limits::{MAX_LINE_BYTES, MAX_LINK_CHARS};
use byzantine_generals::engine::output::thousands;
use byzantine_generals::engine::replay::{self, Entry, Link};
use byzantine_generals::engine::trace;
use byzantine_generals::engine::warm_up::warm_up;
use byzantine_generals::engine::{Line, LineKind, Session};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, Parser};

use crate::args::{Cli, Mode};
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
    let mut problem = problem
        .strip_prefix("error: ")
        .unwrap_or(&problem)
        .to_string();
    // After N, clap reads a second word as a subcommand: `generals 4 5`
    // would say "the subcommand '5' cannot be used with '[N]'".
    if let Some(ContextValue::String(word)) = error.get(ContextKind::InvalidSubcommand) {
        if error.kind() == ErrorKind::ArgumentConflict
            && Cli::command().find_subcommand(word).is_none()
        {
            problem = format!(
                "unexpected argument '{word}' found: a session takes one N, the number of \
                 generals (a seed goes in --seed S)"
            );
        }
    }
    // The usage of what was asked for: the session's, or the subcommand's.
    let mut command = Cli::command();
    // Building names each subcommand's usage `generals experiment`.
    command.build();
    let subcommand = std::env::args().nth(1).filter(|a| a == "experiment");
    let (name, usage) = match subcommand.and_then(|s| command.find_subcommand_mut(&s)) {
        Some(sub) => ("generals experiment", sub.render_usage()),
        None => ("generals", command.render_usage()),
    };
    note(&format!(
        "{name}: {problem}\n{usage}\nFor more, try '{name} --help'."
    ));
    ExitCode::from(2)
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return refuse(&error),
    };
    if let Some(Mode::Experiment(options)) = &cli.mode {
        return match options.sweep() {
            Ok(sweep) => crate::experiment::run(options, &sweep),
            Err(problem) => {
                refuse(&Cli::command().error(clap::error::ErrorKind::ValueValidation, problem))
            }
        };
    }
    let options = match cli.session_options() {
        Ok(options) => options,
        Err(error) => return refuse(&error),
    };
    let trace = match &cli.trace {
        // Standard output carries the transcript alone; and `-` is not a
        // file name anyone means (`experiment --csv -` is standard output).
        Some(path) if path.as_os_str() == "-" => {
            note(
                "generals: --trace - would mix the trace into the transcript on standard \
                 output; give a file name (--trace FILE)",
            );
            return ExitCode::from(2);
        }
        Some(path) => match File::create(path) {
            Ok(file) => Some(Trace {
                out: io::BufWriter::new(file),
                written: 0,
            }),
            Err(e) => {
                note(&format!(
                    "generals: cannot write the trace to '{}': {e}",
                    path.display()
                ));
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    // The first command's order as quick as a later one (issue 11), as
    // the page does at load: a few tenths of a millisecond, nothing printed.
    warm_up();
    let Ok(session) = Session::new(options) else {
        unreachable!("session_options validated the options")
    };
    note(&session.banner().text);
    // The session's own link, with the seed it actually uses.
    let mut twin = Twin {
        session,
        link: Link::new(options),
        link_full: false,
        trace,
    };
    twin.link.options.seed = Some(twin.session.seed());
    let (entries, problem) = match &cli.replay {
        Some(text) => {
            let (link, problem) = Link::parse(text);
            (link.entries, problem)
        }
        None => (Vec::new(), None),
    };
    let outcome = twin.run(problem, &entries);
    if cli.print_link {
        note(&format!("#{}", twin.link.fragment()));
    }
    match outcome {
        // A closed pipe (`generals 4 | head`) is the reader's choice, not a failure.
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            note(&format!("generals: {e}"));
            ExitCode::FAILURE
        }
        _ => ExitCode::SUCCESS,
    }
}

/// The session and its replay link, kept side by side as the page keeps them.
struct Twin {
    session: Session,
    link: Link,
    link_full: bool,
    trace: Option<Trace>,
}

/// `--trace FILE`: where the trace goes, and the last order written to it.
struct Trace {
    out: io::BufWriter<File>,
    written: u64,
}

impl Trace {
    /// Writes the orders that completed since the last call.
    fn catch_up(&mut self, session: &Session) -> io::Result<()> {
        for record in session.orders() {
            if record.number > self.written && record.outcome.is_some() {
                trace::write_order(record, &mut self.out)?;
                self.written = record.number;
            }
        }
        self.out.flush()
    }
}

impl Twin {
    /// Submits a line, adding it to the link first (as typed, without its
    /// line ending).
    fn submit(&mut self, text: &str) -> Vec<Line> {
        let typed = text.trim_end_matches(['\n', '\r']);
        if self.link.record(&self.session, typed).is_err() && !self.link_full {
            self.link_full = true;
            note(&format!(
                "The replay link is full ({} characters): it replays the first {} commands.",
                thousands(MAX_LINK_CHARS as u64),
                self.link.entries.len()
            ));
        }
        self.session.submit(text)
    }

    /// Adds the orders completed since the last call to the trace, if any.
    fn write_trace(&mut self) -> io::Result<()> {
        match self.trace.as_mut() {
            Some(trace) => trace.catch_up(&self.session),
            None => Ok(()),
        }
    }

    /// A line too long to read: refused unread. Its link keeps its length
    /// (`!2007`), which a replay refuses with the same error line.
    fn refuse_overlong(&mut self, bytes: u64) -> Vec<Line> {
        if self.link.record_unread(&self.session, bytes).is_err() && !self.link_full {
            self.link_full = true;
            note(&format!(
                "The replay link is full ({} characters): it replays the first {} commands.",
                thousands(MAX_LINK_CHARS as u64),
                self.link.entries.len()
            ));
        }
        self.session.refuse(overlong(bytes))
    }

    /// Replays the link's commands (after its one problem line, if any, and
    /// up to one whose moment cannot be reached), then reads standard
    /// input, each line run to completion.
    fn run(&mut self, problem: Option<String>, entries: &[Entry]) -> io::Result<()> {
        let mut stdout = io::BufWriter::new(io::stdout().lock());
        if let Some(problem) = problem {
            print(&mut stdout, vec![Line::error(problem)])?;
        }
        for (index, entry) in entries.iter().enumerate() {
            let mut lines = replay::bring(&mut self.session, entry);
            // A moment the replay cannot reach: one error line, and this
            // command and the rest are left out (what is in flight runs on).
            if let Some(problem) = replay::missed(&self.session, index + 1, entry) {
                lines.push(Line::error(problem));
                print(&mut stdout, lines)?;
                break;
            }
            lines.extend(match entry.unread {
                Some(bytes) => self.refuse_overlong(bytes),
                None => self.submit(&entry.text),
            });
            print(&mut stdout, lines)?;
        }
        let rest = replay::finish(&mut self.session);
        print(&mut stdout, rest)?;
        self.write_trace()?;
        if self.session.is_ended() {
            return stdout.flush();
        }
        self.read(&mut stdout)
    }

    fn read(&mut self, stdout: &mut impl Write) -> io::Result<()> {
        let stdin = io::stdin();
        let interactive = stdin.is_terminal();
        let mut input = stdin.lock();
        let mut buffer = Vec::new();
        loop {
            if interactive {
                let mut stderr = io::stderr().lock();
                let _ = write!(stderr, "> ").and_then(|()| stderr.flush());
            }
            let mut lines = match read_line(&mut input, &mut buffer, MAX_LINE_BYTES)? {
                Read::End => return stdout.flush(),
                // Invalid UTF-8 is shown, replaced, in an error line rather than refused.
                Read::Line => self.submit(&String::from_utf8_lossy(&buffer)),
                Read::Overlong(bytes) => self.refuse_overlong(bytes),
            };
            lines.extend(replay::finish(&mut self.session));
            print(stdout, lines)?;
            self.write_trace()?;
            if self.session.is_ended() {
                return Ok(());
            }
        }
    }
}

/// Transcript lines to standard output, notes to standard error, in order.
fn print(stdout: &mut impl Write, lines: Vec<Line>) -> io::Result<()> {
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
    stdout.flush()
}
