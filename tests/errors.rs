//! Every command's error cases: one `error:` line that says what was wrong
//! and what was expected, and nothing changed.

mod common;

use byzantine_generals::engine::{LineKind, Session};

fn assert_refused(session: &mut Session, input: &str, expected: &str) {
    let before = session.roster().clone();
    let protocol = session.protocol();
    let lines = session.submit(input);
    assert_eq!(lines.len(), 1, "{input:?} gave {lines:?}");
    assert_eq!(lines[0].kind, LineKind::Error, "{input:?}");
    assert_eq!(lines[0].text, expected, "{input:?}");
    assert!(!session.is_busy(), "{input:?} started an exchange");
    assert_eq!(session.roster(), &before, "{input:?} changed the army");
    assert_eq!(
        session.protocol(),
        protocol,
        "{input:?} changed the protocol"
    );
}

const STATE: &str = "expected: g-state or g-state <ID> faulty|non-faulty or \
                     g-state <ID> faulty <strategy>";

#[test]
fn unknown_commands() {
    let mut s = common::session(4, 1, Some(1));
    for (input, word) in [
        ("foo", "foo"),
        ("g-stat", "g-stat"),
        ("<img src=x onerror=alert(1)>", "<img"),
        ("actual_order attack", "actual_order"),
    ] {
        assert_refused(
            &mut s,
            input,
            &format!("error: unknown command '{word}'; type help to list the commands"),
        );
    }
}

#[test]
fn g_state_errors() {
    let mut s = common::session(4, 1, Some(1));
    let cases = [
        (
            "g-state 3",
            format!("error: wrong number of arguments for g-state; {STATE}"),
        ),
        (
            "g-state 1 faulty now",
            format!(
                "error: unknown strategy 'now'; accepted: coin, liar, two-faced, silent; {STATE}"
            ),
        ),
        (
            "g-state 1 faulty liar now",
            format!("error: wrong number of arguments for g-state; {STATE}"),
        ),
        (
            "g-state 1 non-faulty liar",
            format!("error: only a faulty general follows a strategy; {STATE}"),
        ),
        (
            "g-state 9 faulty liar",
            "error: there is no live general G9; g-state lists them".into(),
        ),
        (
            "g-state 3 evil",
            format!("error: unknown state 'evil'; {STATE}"),
        ),
        (
            "g-state faulty 3",
            format!("error: 'faulty' is not a general id; {STATE}"),
        ),
        (
            "g-state 0 faulty",
            format!("error: general ids start at 1; {STATE}"),
        ),
        (
            "g-state -1 faulty",
            format!("error: '-1' is not a general id; {STATE}"),
        ),
        (
            "g-state 2.5 faulty",
            format!("error: '2.5' is not a general id; {STATE}"),
        ),
        (
            "g-state 4294967296 faulty",
            format!("error: '4294967296' is too large for a general id; {STATE}"),
        ),
        (
            "g-state 99999999999999999999999 faulty",
            format!("error: '99999999999999999999999' is too large for a general id; {STATE}"),
        ),
        (
            "g-state 9 faulty",
            "error: there is no live general G9; g-state lists them".into(),
        ),
    ];
    for (input, expected) in cases {
        assert_refused(&mut s, input, &expected);
    }
}

#[test]
fn g_kill_errors() {
    let mut s = common::session(2, 1, Some(1));
    assert_refused(
        &mut s,
        "g-kill",
        "error: wrong number of arguments for g-kill; expected: g-kill <ID>",
    );
    assert_refused(
        &mut s,
        "g-kill 1 2",
        "error: wrong number of arguments for g-kill; expected: g-kill <ID>",
    );
    for (input, word) in [
        ("g-kill gx", "gx"),
        ("g-kill g", "g"),
        ("g-kill gg1", "gg1"),
    ] {
        assert_refused(
            &mut s,
            input,
            &format!("error: '{word}' is not a general id; expected: g-kill <ID>"),
        );
    }
    assert_refused(
        &mut s,
        "g-kill G0",
        "error: general ids start at 1; expected: g-kill <ID>",
    );
    assert_refused(
        &mut s,
        "g-kill 3",
        "error: there is no live general G3; g-state lists them",
    );
    s.submit("g-kill 2");
    assert_refused(
        &mut s,
        "g-kill 2",
        "error: there is no live general G2; g-state lists them",
    );
    assert_refused(
        &mut s,
        "g-kill 1",
        "error: G1 is the last general and cannot be killed; a session needs at least one",
    );
}

#[test]
fn g_add_errors() {
    let mut s = common::session(4, 1, Some(1));
    let usage = "expected: g-add <K>";
    assert_refused(
        &mut s,
        "g-add",
        &format!("error: wrong number of arguments for g-add; {usage}"),
    );
    assert_refused(
        &mut s,
        "g-add 0",
        &format!("error: g-add needs a count of at least 1; {usage}"),
    );
    assert_refused(
        &mut s,
        "g-add -2",
        &format!("error: '-2' is not a count; {usage}"),
    );
    assert_refused(
        &mut s,
        "g-add two",
        &format!("error: 'two' is not a count; {usage}"),
    );
    assert_refused(
        &mut s,
        "g-add 18446744073709551616",
        &format!("error: '18446744073709551616' is too large for a count; {usage}"),
    );
    assert_refused(
        &mut s,
        "g-add 997",
        "error: cannot add 997 generals to 4, a session holds at most 1000; \
         expected: g-add <K> with K from 1 to 996",
    );
    s.submit("g-add 996");
    assert_refused(
        &mut s,
        "g-add 1",
        "error: there are already 1000 generals, the most a session holds",
    );
}

#[test]
fn actual_order_errors() {
    let mut s = common::session(4, 1, Some(1));
    let usage = "expected: actual-order attack|retreat";
    assert_refused(
        &mut s,
        "actual-order",
        &format!("error: wrong number of arguments for actual-order; {usage}"),
    );
    assert_refused(
        &mut s,
        "actual-order charge",
        &format!("error: unknown order 'charge'; {usage}"),
    );
    assert_refused(
        &mut s,
        "actual-order attack retreat",
        &format!("error: wrong number of arguments for actual-order; {usage}"),
    );
}

#[test]
fn an_order_over_the_message_cap_is_refused_before_anything_is_sent() {
    let mut s = common::session(4, 1, Some(1));
    s.submit("g-add 996");
    s.submit("g-protocol om 2");
    assert_refused(
        &mut s,
        "actual-order attack",
        "error: OM(2) with 1000 generals would send 995,008,995 messages, over the limit of \
         3,000,000 per order; lower m with g-protocol om <M> or remove generals with g-kill <ID>",
    );
}

#[test]
fn a_signed_order_with_too_many_chains_is_refused_before_anything_is_sent() {
    let mut s = common::session(4, 1, Some(1));
    s.submit("g-add 996");
    let described = s.submit("g-protocol sm 4");
    assert_eq!(
        described[0].text,
        "Protocol: SM(4), 998,001 messages per order with 1000 generals (with a loyal \
         commander; at most 1,995,003 when it signs both orders); more than 4,294,967,295 \
         signature chains to number, so an order will be refused"
    );
    assert_refused(
        &mut s,
        "actual-order attack",
        "error: SM(4) with 1000 generals has more than 4,294,967,295 signature chains to \
         number; lower m with g-protocol sm <M> or remove generals with g-kill <ID>",
    );
    s.submit("g-protocol sm 3");
    let mut lines = s.submit("actual-order attack");
    lines.extend(s.finish());
    // 1000 reports, the verdict, the tally and check notes.
    assert_eq!(lines.len(), 1003, "SM(3) with 1000 generals runs");
}

#[test]
fn g_faulty_takes_no_arguments() {
    let mut s = common::session(4, 1, Some(1));
    assert_refused(
        &mut s,
        "g-faulty 3",
        "error: wrong number of arguments for g-faulty; expected: g-faulty",
    );
}

#[test]
fn g_protocol_errors() {
    let mut s = common::session(4, 1, Some(1));
    let usage = "expected: g-protocol [om|sm <M>]";
    assert_refused(
        &mut s,
        "g-protocol om",
        &format!("error: wrong number of arguments for g-protocol; {usage}"),
    );
    assert_refused(
        &mut s,
        "g-protocol om 17",
        &format!("error: the depth m must be from 0 to 16, not '17'; {usage}"),
    );
    assert_refused(
        &mut s,
        "g-protocol om x",
        &format!("error: the depth m must be from 0 to 16, not 'x'; {usage}"),
    );
    assert_refused(
        &mut s,
        "g-protocol pbft 1",
        &format!(
            "error: unknown protocol 'pbft'; accepted: om (oral messages), sm (signed messages); \
             {usage}"
        ),
    );
    assert_refused(
        &mut s,
        "g-protocol sm 17",
        &format!("error: the depth m must be from 0 to 16, not '17'; {usage}"),
    );
    assert_refused(
        &mut s,
        "g-protocol sm",
        &format!("error: wrong number of arguments for g-protocol; {usage}"),
    );
}

#[test]
fn start_help_and_exit_errors() {
    let mut s = common::session(4, 1, Some(1));
    assert_refused(
        &mut s,
        "start",
        "error: wrong number of arguments for start; expected: start <N>",
    );
    assert_refused(
        &mut s,
        "start 0",
        "error: the number of generals must be from 1 to 1000, not '0'; expected: start <N>",
    );
    assert_refused(
        &mut s,
        "start 1001",
        "error: the number of generals must be from 1 to 1000, not '1001'; expected: start <N>",
    );
    assert_refused(
        &mut s,
        "help me",
        "error: wrong number of arguments for help; expected: help",
    );
    assert_refused(
        &mut s,
        "exit now",
        "error: wrong number of arguments for exit; expected: exit",
    );
}

#[test]
fn after_exit_only_start_and_help_are_accepted() {
    let mut s = common::session(4, 1, Some(1));
    s.submit("exit");
    assert!(s.is_ended());
    assert_refused(
        &mut s,
        "g-state",
        "error: the session has ended; type start <N> to begin a new one with N generals",
    );
    assert!(!s.submit("help").is_empty());
    let lines = s.submit("start 6");
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].kind, LineKind::Note);
    assert!(!s.is_ended());
    assert_eq!(s.roster().len(), 6);
}

#[test]
fn long_and_unicode_input_is_quoted_briefly() {
    let mut s = common::session(4, 1, Some(1));
    let long = "é".repeat(500);
    assert_refused(
        &mut s,
        &long,
        &format!(
            "error: unknown command '{}…'; type help to list the commands",
            "é".repeat(24)
        ),
    );
    assert_refused(
        &mut s,
        "g-kill \u{1F4A3}",
        "error: '\u{1F4A3}' is not a general id; expected: g-kill <ID>",
    );
}

#[test]
fn blank_lines_do_nothing() {
    let mut s = common::session(4, 1, Some(1));
    assert!(s.submit("").is_empty());
    assert!(s.submit("   \t ").is_empty());
}

#[test]
fn an_overlong_line_is_refused_whole() {
    let mut s = common::session(4, 1, Some(1));
    let line = format!("g-kill 2{}", " ".repeat(1020));
    assert_refused(
        &mut s,
        &line,
        "error: the line is too long (1,028 bytes); a command is at most 1,024 bytes",
    );
    // At the limit, the line is still read.
    let line = format!("g-kill 2{}", " ".repeat(1016));
    assert_eq!(s.submit(&line).len(), 3);
}

#[test]
fn only_ascii_letters_are_lower_cased() {
    let mut s = common::session(4, 1, Some(1));
    // KELVIN SIGN (U+212A) lower-cases to `k` in Unicode, not in ASCII.
    assert_refused(
        &mut s,
        "g-\u{212a}ill 2",
        "error: unknown command 'g-\u{212a}ill'; type help to list the commands",
    );
    // A non-ASCII space does not separate words, and is shown as an escape.
    assert_refused(
        &mut s,
        "g-state\u{a0}",
        "error: unknown command 'g-state\\u{a0}'; type help to list the commands",
    );
    assert_refused(
        &mut s,
        "actual-order \u{0130}ttack",
        "error: unknown order '\u{0130}ttack'; expected: actual-order attack|retreat",
    );
    assert_eq!(s.submit("G-STATE").len(), 4, "ASCII capitals still work");
}

#[test]
fn ids_may_be_written_as_printed() {
    let mut s = common::session(4, 1, Some(1));
    assert_eq!(
        common::transcript(&mut s, &["g-state G3 faulty", "g-kill g2"]),
        [
            "G1, state=NF",
            "G2, state=NF",
            "G3, state=F",
            "G4, state=NF",
            "G1, state=NF",
            "G3, state=F",
            "G4, state=NF",
        ]
    );
}

#[test]
fn message_counts_are_exact_never_saturated() {
    let mut s = common::session(4, 1, Some(1));
    s.submit("g-add 20");
    let shown = s.submit("g-protocol om 16");
    assert_eq!(
        shown[0].text,
        "Protocol: OM(16), 41,755,189,692,578,219,155 messages per order with 24 generals; \
         over the limit of 3,000,000 messages, so an order will be refused"
    );
    assert_refused(
        &mut s,
        "actual-order attack",
        "error: OM(16) with 24 generals would send 41,755,189,692,578,219,155 messages, over \
         the limit of 3,000,000 per order; lower m with g-protocol om <M> or remove generals \
         with g-kill <ID>",
    );
    s.submit("g-add 976");
    // 8.6 × 10^50, past u128: checked against an independent big-integer sum.
    assert_eq!(
        s.submit("g-protocol")[0].text,
        "Protocol: OM(16), 858,230,493,551,219,376,871,998,955,339,777,282,285,747,181,810,019 \
         messages per order with 1000 generals; over the limit of 3,000,000 messages, so an \
         order will be refused"
    );
    // Every (n, m) whose count fits u128, against a u128 sum of the formula.
    for n in 1..=1000u128 {
        for m in 0..=16u32 {
            let mut exact = 0u128;
            let mut term = 1u128;
            let mut fits = true;
            for r in 1..=u128::from(m) + 1 {
                match term.checked_mul(n.saturating_sub(r)) {
                    Some(t) => term = t,
                    None => fits = false,
                }
                exact = exact.saturating_add(term);
            }
            if fits && exact < u128::MAX {
                let count = byzantine_generals::engine::paths::message_count(n as usize, m);
                assert_eq!(count.to_string(), group(exact), "n={n} m={m}");
            }
        }
    }
}

/// Digits in threes, independently of the engine's formatting.
fn group(value: u128) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
