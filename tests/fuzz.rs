//! 100,000 random command lines, hostile and ordinary: nothing panics, every
//! refused line changes nothing, and the session's invariants hold after each
//! (exactly one primary, unique ids, 1 <= n <= 1000).

use byzantine_generals::engine::{LineKind, Session, SessionOptions};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

const WORDS: &[&str] = &[
    "g-state",
    "G-STATE",
    "g-kill",
    "g-add",
    "actual-order",
    "g-protocol",
    "g-faulty",
    "start",
    "help",
    "exit",
    "g-stat",
    "kill",
    "",
    "order",
    "\u{0}",
    "g-state\u{200b}",
];

const ARGS: &[&str] = &[
    "faulty",
    "non-faulty",
    "NON-FAULTY",
    "attack",
    "retreat",
    "Attack",
    "om",
    "OM",
    "sm",
    "SM",
    "pbft",
    "coin",
    "liar",
    "Two-Faced",
    "silent",
    "0",
    "1",
    "2",
    "3",
    "4",
    "5",
    "7",
    "16",
    "17",
    "999",
    "1000",
    "1001",
    "255",
    "256",
    "65535",
    "65536",
    "2147483647",
    "2147483648",
    "4294967295",
    "4294967296",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551615",
    "18446744073709551616",
    "-1",
    "-9223372036854775808",
    "+3",
    "0x10",
    "1e3",
    "3.0",
    "٣",
    "１",
    "NaN",
    "",
    "<img src=x onerror=alert(1)>",
    "'; DROP TABLE generals;--",
    "\u{202e}evil",
    "🦀",
    "\t",
    "\u{7f}",
];

fn random_text(rng: &mut ChaCha8Rng, len: usize) -> String {
    (0..len)
        .map(|_| match rng.random_range(0..4u32) {
            0 => rng.random_range(0x20..0x7fu32),
            1 => rng.random_range(0..0x20u32),
            2 => rng.random_range(0xa0..0xd7ffu32),
            _ => rng.random_range(0x1_0000..0x1_0fffu32),
        })
        .filter_map(char::from_u32)
        .collect()
}

fn random_line(rng: &mut ChaCha8Rng) -> String {
    match rng.random_range(0..100u32) {
        0 => "x".repeat(10_000),
        1 => random_text(rng, 10_000),
        2..=11 => {
            let len = rng.random_range(0..40u32) as usize;
            random_text(rng, len)
        }
        12..=41 => {
            let id = rng.random_range(0..16u32);
            match rng.random_range(0..7u32) {
                0 => format!("g-state {id} faulty"),
                1 => format!("g-state {id} non-faulty"),
                2 => format!("g-kill {id}"),
                3 => format!("g-add {}", rng.random_range(1..4u32)),
                4 => format!("g-protocol om {}", rng.random_range(0..4u32)),
                5 => "g-state".to_string(),
                _ => format!(
                    "actual-order {}",
                    if rng.random() { "attack" } else { "retreat" }
                ),
            }
        }
        _ => {
            let mut words =
                vec![WORDS[rng.random_range(0..WORDS.len() as u32) as usize].to_string()];
            for _ in 0..rng.random_range(0..=3u32) {
                let arg = if rng.random_range(0..4u32) == 0 {
                    rng.random_range(0..30u32).to_string()
                } else {
                    ARGS[rng.random_range(0..ARGS.len() as u32) as usize].to_string()
                };
                words.push(arg);
            }
            let separator = if rng.random() { " " } else { "  \t" };
            words.join(separator)
        }
    }
}

#[test]
fn a_hundred_thousand_random_lines_break_nothing() {
    let mut rng = ChaCha8Rng::seed_from_u64(0xF022);
    let mut session = Session::new(SessionOptions {
        seed: Some(1),
        ..SessionOptions::default()
    })
    .unwrap();
    let (mut refused, mut orders) = (0u32, 0u32);
    for i in 0..100_000u32 {
        // Fresh small armies now and then, so orders stay cheap and varied.
        if i % 64 == 0 || session.is_ended() {
            let generals = rng.random_range(1..=12u32) as usize;
            session = Session::new(SessionOptions {
                generals,
                seed: Some(rng.random()),
                primary: None,
                depth: 1,
            })
            .unwrap();
        }
        let line = random_line(&mut rng);
        let roster = session.roster().clone();
        let depth = session.depth();
        let mut lines = session.submit(&line);
        lines.extend(session.finish());
        if let Err(broken) = session.roster().check_invariants() {
            panic!("after {line:?}: {broken}");
        }
        assert!(!session.is_busy());
        if lines.len() == 1 && lines[0].kind == LineKind::Error {
            refused += 1;
            assert_eq!(
                session.roster(),
                &roster,
                "a refused {line:?} changed the army"
            );
            assert_eq!(
                session.depth(),
                depth,
                "a refused {line:?} changed the protocol"
            );
        }
        for l in &lines {
            assert_eq!(
                l.kind == LineKind::Error,
                l.text.starts_with("error: "),
                "{l:?}"
            );
            assert!(
                !l.text.chars().any(char::is_control),
                "control character in {l:?}"
            );
            assert!(l.text.chars().count() < 400, "runaway line for {line:?}");
        }
        orders += lines
            .iter()
            .filter(|l| l.text.starts_with("Execute order: "))
            .count() as u32;
    }
    assert!(refused > 50_000, "mostly hostile input: {refused} refused");
    assert!(orders > 1_000, "the mix reaches real orders: {orders}");
}
