//! From one line of text to a `Command`: the one parser shared by the page's
//! console and the command-line twin. Input is trimmed and lower-cased; every
//! problem becomes a `ParseError` that says what was wrong and what was expected.

use std::fmt;

use super::adversary::Strategy;
use super::limits::{MAX_DEPTH, MAX_GENERALS, MAX_LINE_BYTES, MAX_QUOTED_CHARS, MAX_WORDS};
use super::order::Order;
use super::output::thousands;
use super::protocol::{Kind, Protocol};
use super::roster::Loyalty;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    /// `g-state`: every general with role and state.
    Status,
    /// `g-state <ID> faulty [<strategy>]|non-faulty`. `strategy` is `Coin`
    /// when none is given, and for a non-faulty general.
    SetState {
        id: u32,
        loyalty: Loyalty,
        strategy: Strategy,
    },
    /// `g-faulty`: each faulty general and its strategy.
    ListFaulty,
    /// `g-kill <ID>`
    Kill {
        id: u32,
    },
    /// `g-add <K>`
    Add {
        count: u64,
    },
    /// `actual-order attack|retreat`
    Order(Order),
    /// `g-search`: look for a behaviour of the faulty generals that breaks
    /// IC1 or IC2, and replay it as an order.
    Search,
    /// `g-protocol`
    ShowProtocol,
    /// `g-protocol om <M>` or `g-protocol sm <M>`
    SetProtocol {
        protocol: Protocol,
    },
    /// `inspect <ID>`: what the inspector shows of one general.
    Inspect {
        id: u32,
    },
    /// `start <N>`: a new session with N generals.
    Start {
        generals: usize,
    },
    Help,
    Exit,
}

impl Command {
    /// Reading commands change nothing, so they may answer while an order is
    /// still in flight; every other command waits for it.
    pub fn is_reading(self) -> bool {
        matches!(
            self,
            Command::Status
                | Command::ListFaulty
                | Command::ShowProtocol
                | Command::Help
                | Command::Inspect { .. }
        )
    }
}

/// One command's syntax and what it does: the single source for `help`,
/// for error messages and for the page's Tab completion.
pub struct Usage {
    pub name: &'static str,
    pub syntax: &'static str,
    pub summary: &'static str,
}

pub const USAGES: &[Usage] = &[
    Usage {
        name: "g-state",
        syntax: "g-state",
        summary: "list every general with its role and state",
    },
    Usage {
        name: "g-state",
        syntax: "g-state <ID> faulty|non-faulty",
        summary: "make a general faulty (it then lies at random) or non-faulty",
    },
    Usage {
        name: "g-state",
        syntax: "g-state <ID> faulty <strategy>",
        summary:
            "make a general faulty with a strategy: coin (the default), liar, two-faced, silent",
    },
    Usage {
        name: "g-faulty",
        syntax: "g-faulty",
        summary: "list the faulty generals and the strategy each follows",
    },
    Usage {
        name: "g-kill",
        syntax: "g-kill <ID>",
        summary: "remove a general; if it was primary, the lowest id takes command",
    },
    Usage {
        name: "g-add",
        syntax: "g-add <K>",
        summary: "add K non-faulty secondaries (at most 1000 generals in all)",
    },
    Usage {
        name: "actual-order",
        syntax: "actual-order attack|retreat",
        summary: "the primary gives the order; the generals run OM(m) or SM(m) and decide",
    },
    Usage {
        name: "g-protocol",
        syntax: "g-protocol [om|sm <M>]",
        summary: "show the protocol, or choose OM(m) (oral, the default, m = 1) or SM(m) (signed)",
    },
    Usage {
        name: "g-search",
        syntax: "g-search",
        summary: "search for a behaviour of the faulty generals that breaks IC1 or IC2; replay it as an order",
    },
    Usage {
        name: "inspect",
        syntax: "inspect <ID>",
        summary:
            "show what one general heard, its state and majority (the page opens the inspector)",
    },
    Usage {
        name: "start",
        syntax: "start <N>",
        summary: "begin a new session with N generals and a fresh seed",
    },
    Usage {
        name: "help",
        syntax: "help",
        summary: "list these commands",
    },
    Usage {
        name: "exit",
        syntax: "exit",
        summary: "end the session: the generals stop",
    },
];

/// Names a command line can start with, for completion.
pub fn command_names() -> impl Iterator<Item = &'static str> {
    let mut names: Vec<&str> = USAGES.iter().map(|u| u.name).collect();
    names.dedup();
    names.into_iter()
}

/// What was wrong with a line. Its text follows `error: ` in the output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError(pub String);

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Characters that would act on the text around them rather than show:
/// controls, and the bidirectional formatting marks that could make the
/// page's own words read backwards; and characters that do not show at all
/// (non-ASCII spaces, zero-width marks), which would make a refused word
/// look like a right one.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || (c.is_whitespace() && !c.is_ascii())
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}')
}

/// Quotes user input back safely: short, and with control and bidi
/// characters written out as escapes (`\u{202e}`), so a hostile line can
/// neither rewrite the terminal nor reverse the message it appears in.
pub fn quote(token: &str) -> String {
    let mut quoted = String::new();
    for c in token.chars().take(MAX_QUOTED_CHARS) {
        if is_unsafe(c) {
            quoted += &format!("\\u{{{:x}}}", c as u32);
        } else {
            quoted.push(c);
        }
    }
    if token.chars().nth(MAX_QUOTED_CHARS).is_some() {
        quoted.push('…');
    }
    format!("'{quoted}'")
}

fn expected(problem: String, syntax: &str) -> ParseError {
    ParseError(format!("{problem}; expected: {syntax}"))
}

/// A whole number written in decimal digits only.
fn parse_number(token: &str, what: &str, syntax: &str) -> Result<u64, ParseError> {
    if token.is_empty() || !token.bytes().all(|b| b.is_ascii_digit()) {
        return Err(expected(format!("{} is not {what}", quote(token)), syntax));
    }
    token
        .parse::<u64>()
        .map_err(|_| expected(format!("{} is too large for {what}", quote(token)), syntax))
}

/// A general id as typed or as printed: `2` or `G2` (any case).
fn parse_id(token: &str, syntax: &str) -> Result<u32, ParseError> {
    let digits = token.strip_prefix('g').unwrap_or(token);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(expected(
            format!("{} is not a general id", quote(token)),
            syntax,
        ));
    }
    match digits.parse::<u32>() {
        Ok(0) => Err(expected("general ids start at 1".into(), syntax)),
        Ok(id) => Ok(id),
        Err(_) => Err(expected(
            format!("{} is too large for a general id", quote(token)),
            syntax,
        )),
    }
}

/// The error for a line longer than `MAX_LINE_BYTES`, of `bytes` bytes.
pub fn overlong(bytes: u64) -> ParseError {
    ParseError(format!(
        "the line is too long ({} bytes); a command is at most {} bytes",
        thousands(bytes),
        thousands(MAX_LINE_BYTES as u64)
    ))
}

fn parse_in_range(
    token: &str,
    what: &str,
    range: std::ops::RangeInclusive<u64>,
    syntax: &str,
) -> Result<u64, ParseError> {
    match parse_number(token, what, syntax) {
        Ok(value) if range.contains(&value) => Ok(value),
        _ => Err(expected(
            format!(
                "{what} must be from {} to {}, not {}",
                range.start(),
                range.end(),
                quote(token)
            ),
            syntax,
        )),
    }
}

fn syntax_of(name: &str) -> String {
    USAGES
        .iter()
        .filter(|u| u.name == name)
        .map(|u| u.syntax)
        .collect::<Vec<_>>()
        .join(" or ")
}

/// Parses one line. `Ok(None)` means a blank line: nothing to do.
pub fn parse(line: &str) -> Result<Option<Command>, ParseError> {
    if line.len() > MAX_LINE_BYTES {
        return Err(overlong(line.len() as u64));
    }
    // ASCII only: Unicode lower-casing maps look-alikes such as the KELVIN
    // SIGN (U+212A) to `k`, and would make `g-\u{212a}ill 2` a command.
    let line = line.to_ascii_lowercase();
    let words: Vec<&str> = line.split_ascii_whitespace().take(MAX_WORDS).collect();
    let Some((&name, args)) = words.split_first() else {
        return Ok(None);
    };
    let syntax = syntax_of(name);
    let wrong_arguments = || expected(format!("wrong number of arguments for {name}"), &syntax);
    let command = match (name, args) {
        ("g-state", []) => Command::Status,
        ("g-state", [id, state, rest @ ..]) if rest.len() <= 1 => {
            let id = parse_id(id, &syntax)?;
            let loyalty = match *state {
                "faulty" => Loyalty::Faulty,
                "non-faulty" => Loyalty::NonFaulty,
                other => return Err(expected(format!("unknown state {}", quote(other)), &syntax)),
            };
            let strategy = match (loyalty, rest) {
                (_, []) => Strategy::Coin,
                (Loyalty::Faulty, [word]) => Strategy::parse(word).ok_or_else(|| {
                    expected(
                        format!(
                            "unknown strategy {}; accepted: {}",
                            quote(word),
                            Strategy::accepted()
                        ),
                        &syntax,
                    )
                })?,
                (Loyalty::NonFaulty, _) => {
                    return Err(expected(
                        "only a faulty general follows a strategy".into(),
                        &syntax,
                    ))
                }
                (Loyalty::Faulty, _) => return Err(wrong_arguments()),
            };
            Command::SetState {
                id,
                loyalty,
                strategy,
            }
        }
        ("g-faulty", []) => Command::ListFaulty,
        ("g-kill", [id]) => Command::Kill {
            id: parse_id(id, &syntax)?,
        },
        ("g-add", [count]) => match parse_number(count, "a count", &syntax)? {
            0 => {
                return Err(expected(
                    "g-add needs a count of at least 1".into(),
                    &syntax,
                ))
            }
            count => Command::Add { count },
        },
        ("actual-order", [order]) => Command::Order(
            Order::parse(order)
                .ok_or_else(|| expected(format!("unknown order {}", quote(order)), &syntax))?,
        ),
        ("g-protocol", []) => Command::ShowProtocol,
        ("g-protocol", [protocol, ..]) if Kind::parse(protocol).is_none() => {
            return Err(expected(
                format!(
                    "unknown protocol {}; accepted: {}",
                    quote(protocol),
                    Kind::ACCEPTED
                ),
                &syntax,
            ))
        }
        ("g-protocol", [kind, depth]) => {
            let kind = Kind::parse(kind).expect("checked by the arm above");
            let depth =
                parse_in_range(depth, "the depth m", 0..=u64::from(MAX_DEPTH), &syntax)? as u32;
            Command::SetProtocol {
                protocol: Protocol { kind, depth },
            }
        }
        ("start", [n]) => Command::Start {
            generals: parse_in_range(
                n,
                "the number of generals",
                1..=MAX_GENERALS as u64,
                &syntax,
            )? as usize,
        },
        ("g-search", []) => Command::Search,
        ("inspect", [id]) => Command::Inspect {
            id: parse_id(id, &syntax)?,
        },
        ("help", []) => Command::Help,
        ("exit", []) => Command::Exit,
        (
            "g-state" | "g-faulty" | "g-kill" | "g-add" | "actual-order" | "g-protocol"
            | "g-search" | "inspect" | "start" | "help" | "exit",
            _,
        ) => return Err(wrong_arguments()),
        (other, _) => {
            return Err(ParseError(format!(
                "unknown command {}; type help to list the commands",
                quote(other)
            )))
        }
    };
    Ok(Some(command))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_parse_case_and_space_insensitively() {
        assert_eq!(parse("  G-STATE  "), Ok(Some(Command::Status)));
        assert_eq!(
            parse("g-state 3   Faulty"),
            Ok(Some(Command::SetState {
                id: 3,
                loyalty: Loyalty::Faulty,
                strategy: Strategy::Coin
            }))
        );
        assert_eq!(
            parse("g-state 3 faulty TWO-FACED"),
            Ok(Some(Command::SetState {
                id: 3,
                loyalty: Loyalty::Faulty,
                strategy: Strategy::TwoFaced
            }))
        );
        assert_eq!(
            parse("actual-order RETREAT"),
            Ok(Some(Command::Order(Order::Retreat)))
        );
        assert_eq!(
            parse("g-protocol om 2"),
            Ok(Some(Command::SetProtocol {
                protocol: Protocol::oral(2)
            }))
        );
        assert_eq!(
            parse("g-protocol SM 1"),
            Ok(Some(Command::SetProtocol {
                protocol: Protocol::signed(1)
            }))
        );
        assert_eq!(parse("   "), Ok(None));
    }

    #[test]
    fn quoting_is_short_and_tame() {
        assert_eq!(quote("ab\u{7}c"), "'ab\\u{7}c'");
        assert_eq!(quote("\u{202e}kill"), "'\\u{202e}kill'");
        assert_eq!(quote("x\u{2067}y\u{200f}"), "'x\\u{2067}y\\u{200f}'");
        let long = "x".repeat(100);
        assert_eq!(quote(&long), format!("'{}…'", "x".repeat(MAX_QUOTED_CHARS)));
    }

    #[test]
    fn completion_names_are_unique() {
        let names: Vec<_> = command_names().collect();
        assert_eq!(
            names,
            [
                "g-state",
                "g-faulty",
                "g-kill",
                "g-add",
                "actual-order",
                "g-protocol",
                "g-search",
                "inspect",
                "start",
                "help",
                "exit"
            ]
        );
    }
}
