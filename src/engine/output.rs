//! Every line the console prints, formatted in one place so the page and the
//! command-line twin cannot drift apart. Mind the verdict's characters: the
//! spec mixes an EN DASH (U+2013) and an ASCII hyphen on purpose.

use super::command::USAGES;
use super::count::Count;
use super::order::{Majority, Order};
use super::roster::{GeneralId, Member, Roster};
use super::verdict::{Outcome, Verdict};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    /// A line of the spec's transcript (standard output on the command line).
    Output,
    /// A refused command: starts with `error: `; also part of the transcript.
    Error,
    /// Guidance around the transcript (banner, queueing, session end):
    /// standard error on the command line.
    Note,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub kind: LineKind,
    pub text: String,
}

impl Line {
    pub fn output(text: impl Into<String>) -> Line {
        Line {
            kind: LineKind::Output,
            text: text.into(),
        }
    }

    pub fn error(problem: impl std::fmt::Display) -> Line {
        Line {
            kind: LineKind::Error,
            text: format!("error: {problem}"),
        }
    }

    pub fn note(text: impl Into<String>) -> Line {
        Line {
            kind: LineKind::Note,
            text: text.into(),
        }
    }
}

/// `g-state`: `G<id>, <role>, state=<S>`.
pub fn status(roster: &Roster) -> Vec<Line> {
    each(roster, |m| {
        general_line(
            m.id,
            &[
                ", ",
                roster.role_of(m.id).as_str(),
                ", state=",
                m.loyalty.code(),
            ],
        )
    })
}

/// After `g-state <ID> ...` and `g-kill`: `G<id>, state=<S>`.
pub fn states(roster: &Roster) -> Vec<Line> {
    each(roster, |m| {
        general_line(m.id, &[", state=", m.loyalty.code()])
    })
}

/// `g-faulty`: `G<id>, <role>, strategy=<S>` for each faulty general, or
/// `no faulty generals`. Kept apart from `g-state` so the spec's lines stay
/// exactly as they are.
pub fn faulty(roster: &Roster) -> Vec<Line> {
    let lines: Vec<Line> = roster
        .members()
        .iter()
        .filter(|m| m.loyalty.is_faulty())
        .map(|m| {
            Line::output(format!(
                "{}, {}, strategy={}",
                m.id,
                roster.role_of(m.id).as_str(),
                m.strategy
            ))
        })
        .collect();
    if lines.is_empty() {
        vec![Line::output("no faulty generals")]
    } else {
        lines
    }
}

/// After `g-add`: `G<id>, <role>`.
pub fn roles(roster: &Roster) -> Vec<Line> {
    each(roster, |m| {
        general_line(m.id, &[", ", roster.role_of(m.id).as_str()])
    })
}

/// `G<id>` followed by `rest`: the line a general most commands print, a
/// thousand of them at the cap, written without `fmt`'s machinery (which
/// took two thirds of an `actual-order` at n = 1000, issue 11).
fn general_line(id: GeneralId, rest: &[&str]) -> String {
    let mut line = String::with_capacity(GENERAL_LINE_BYTES);
    id.push_to(&mut line);
    for part in rest {
        line.push_str(part);
    }
    line
}

/// Room for the longest such line ("G4294967295, secondary,
/// majority=undefined, state=NF" is 52 bytes) in one allocation.
const GENERAL_LINE_BYTES: usize = 56;

fn each(roster: &Roster, line: impl Fn(&Member) -> String) -> Vec<Line> {
    roster
        .members()
        .iter()
        .map(|m| Line::output(line(m)))
        .collect()
}

/// `Non-faulty nodes in the system`, `1 faulty node ...`, `K faulty nodes ...`.
pub fn faults_phrase(faulty: usize) -> String {
    match faulty {
        0 => "Non-faulty nodes in the system".to_string(),
        1 => "1 faulty node in the system".to_string(),
        k => format!("{k} faulty nodes in the system"),
    }
}

/// The reports and the verdict line after an exchange.
pub fn verdict(verdict: &Verdict) -> Vec<Line> {
    let mut lines: Vec<Line> = verdict
        .reports
        .iter()
        .map(|r| {
            Line::output(general_line(
                r.id,
                &[
                    ", ",
                    r.role.as_str(),
                    ", majority=",
                    r.majority.as_str(),
                    ", state=",
                    r.loyalty.code(),
                ],
            ))
        })
        .collect();
    lines.push(Line::output(verdict_line(verdict)));
    lines.push(Line::note(tally(verdict)));
    lines
}

/// A note after the verdict with what the generals actually reported: the
/// spec's `q out of n` is the quorum threshold, not how many agreed.
pub fn tally(verdict: &Verdict) -> String {
    let count = |majority: Majority| {
        verdict
            .reports
            .iter()
            .filter(|r| r.majority == majority)
            .count()
    };
    format!(
        "tally: {} attack, {} retreat, {} undefined",
        count(Majority::Order(Order::Attack)),
        count(Majority::Order(Order::Retreat)),
        count(Majority::Undefined)
    )
}

pub fn verdict_line(verdict: &Verdict) -> String {
    let faults = faults_phrase(verdict.faulty);
    let (q, n) = (verdict.quorum, verdict.live);
    match verdict.outcome {
        Outcome::NotEnoughGenerals => format!(
            "Execute order: cannot be determined \u{2013} not enough generals in the system! \
             {faults} - {q} out of {n} quorum not consistent"
        ),
        Outcome::Decided(order) => format!(
            "Execute order: {order}! {faults} \u{2013} {q} out of {n} quorum suggest {order}"
        ),
        Outcome::NoQuorum => format!(
            "Execute order: cannot be determined \u{2013} no quorum reached! \
             {faults} - {q} out of {n} quorum not consistent"
        ),
    }
}

/// `help`: one line per command, syntax padded into a column.
pub fn help() -> Vec<Line> {
    let width = USAGES.iter().map(|u| u.syntax.len()).max().unwrap_or(0);
    USAGES
        .iter()
        .map(|u| Line::output(format!("{:width$}  {}", u.syntax, u.summary)))
        .collect()
}

/// A count, grouped in thousands, and its noun, singular for exactly one:
/// `1 message`, `998,001 messages`. Exact at any size.
pub fn counted(count: impl Into<Count>, singular: &str) -> String {
    let count = count.into();
    let plural = if count.is_one() { "" } else { "s" };
    format!("{count} {singular}{plural}")
}

/// A noun for a count: singular for exactly one (`general`, `generals`).
pub fn noun(count: u64, singular: &str) -> String {
    let plural = if count == 1 { "" } else { "s" };
    format!("{singular}{plural}")
}

/// Groups digits in threes (`998,001`), for counts a person has to read.
pub fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(998_001), "998,001");
        assert_eq!(thousands(3_000_000), "3,000,000");
    }

    #[test]
    fn counts_take_the_singular_for_one() {
        assert_eq!(counted(0, "message"), "0 messages");
        assert_eq!(counted(1, "general"), "1 general");
        assert_eq!(counted(998_001, "message"), "998,001 messages");
    }

    #[test]
    fn the_faults_phrase_follows_the_count() {
        assert_eq!(faults_phrase(0), "Non-faulty nodes in the system");
        assert_eq!(faults_phrase(1), "1 faulty node in the system");
        assert_eq!(faults_phrase(2), "2 faulty nodes in the system");
    }
}
