//! Helpers shared by the native test suites.
#![allow(dead_code)]

use byzantine_generals::engine::{LineKind, Session, SessionOptions};

pub fn session(generals: usize, seed: u64, primary: Option<u32>) -> Session {
    Session::new(SessionOptions {
        generals,
        seed: Some(seed),
        primary,
        depth: 1,
    })
    .expect("valid options")
}

/// Runs commands as the command-line twin does (each to completion) and
/// returns the transcript lines: outputs and errors, not notes.
pub fn transcript(session: &mut Session, commands: &[&str]) -> Vec<String> {
    let mut lines = Vec::new();
    for command in commands {
        let mut out = session.submit(command);
        out.extend(session.finish());
        lines.extend(
            out.into_iter()
                .filter(|l| l.kind != LineKind::Note)
                .map(|l| l.text),
        );
    }
    lines
}

/// The spec's test vectors T1-T10, as (command, expected lines).
pub const SPEC_VECTORS: &str = include_str!("../vectors/spec_t1_t10.txt");

/// Splits a vectors file into commands and the full expected transcript.
/// Lines starting with `> ` are commands; the others are expected output.
pub fn parse_vectors(text: &str) -> (Vec<String>, Vec<String>) {
    let mut commands = Vec::new();
    let mut expected = Vec::new();
    for line in text.lines() {
        if let Some(command) = line.strip_prefix("> ") {
            commands.push(command.to_string());
        } else if !line.is_empty() && !line.starts_with('#') {
            expected.push(line.to_string());
        }
    }
    (commands, expected)
}
