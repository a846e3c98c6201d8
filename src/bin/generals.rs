//! The command-line twin: the same engine as the page, reading console
//! commands from standard input. Standard output carries exactly the spec's
//! lines (and `error:` lines); the banner, notes and prompt go to standard
//! error, the prompt only when a person is typing.

use std::io::{self, BufRead, IsTerminal, Write};
use std::process::ExitCode;

use byzantine_generals::engine::{LineKind, Session, SessionOptions};

const USAGE: &str = "usage: generals <N> [--seed S] [--primary ID]   (1 <= N <= 1000)";

fn parse_args(args: &[String]) -> Result<SessionOptions, String> {
    let mut options = SessionOptions::default();
    let mut generals = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value = |flag: &str| {
            rest.next()
                .ok_or_else(|| format!("{flag} needs a value"))
                .cloned()
        };
        match arg.as_str() {
            "--seed" => {
                let text = value("--seed")?;
                options.seed = Some(text.parse().map_err(|_| {
                    format!(
                        "--seed takes a whole number from 0 to {}, not '{text}'",
                        u64::MAX
                    )
                })?);
            }
            "--primary" => {
                let text = value("--primary")?;
                options.primary = Some(
                    text.parse()
                        .map_err(|_| format!("--primary takes a general id, not '{text}'"))?,
                );
            }
            flag if flag.starts_with('-') => return Err(format!("unknown option '{flag}'")),
            count if generals.is_none() => {
                generals = Some(count.parse::<usize>().map_err(|_| {
                    format!("the number of generals must be a whole number, not '{count}'")
                })?);
            }
            extra => return Err(format!("unexpected argument '{extra}'")),
        }
    }
    options.generals = generals.ok_or("the number of generals is missing")?;
    options.validate()?;
    Ok(options)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let options = match parse_args(&args) {
        Ok(options) => options,
        Err(problem) => {
            eprintln!("generals: {problem}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut session = Session::new(options).expect("options were validated");
    eprintln!("{}", session.banner().text);
    match run(&mut session) {
        // A closed pipe (`generals 4 | head`) is the reader's choice, not a failure.
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            eprintln!("generals: {e}");
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
            eprint!("> ");
        }
        buffer.clear();
        if input.read_until(b'\n', &mut buffer)? == 0 {
            return stdout.flush();
        }
        // Invalid UTF-8 is shown, replaced, in an error line rather than refused.
        let line = String::from_utf8_lossy(&buffer);
        let mut lines = session.submit(&line);
        lines.extend(session.finish());
        for line in lines {
            match line.kind {
                LineKind::Output | LineKind::Error => writeln!(stdout, "{}", line.text)?,
                LineKind::Note => {
                    stdout.flush()?;
                    eprintln!("{}", line.text);
                }
            }
        }
        stdout.flush()?;
        if session.is_ended() {
            return Ok(());
        }
    }
}
