//! The trace export: every line parses as JSON with exactly the fields the
//! format gives; an OM order without silent traitors holds exactly the
//! formula's number of messages; the decisions equal the printed majorities
//! wherever the spec does not mask them (case 1); and `generals --trace`
//! writes the very lines the engine produces. Native only (it runs the binary
//! and reads JSON with serde_json, a native dev-dependency).
#![cfg(not(target_arch = "wasm32"))]

use byzantine_generals::engine::trace::{write_order, write_session};
use byzantine_generals::engine::verdict::Outcome;
use byzantine_generals::engine::{Session, SessionOptions};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::Value;

fn keys(record: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = record
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    keys
}

fn ids(value: &Value) -> Vec<u64> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect()
}

#[test]
fn traces_parse_count_and_decide_as_printed() {
    let mut dice = ChaCha8Rng::seed_from_u64(5);
    let mut checked_decisions = 0;
    for seed in 0..300 {
        let generals = dice.random_range(1..=10u32) as usize;
        let mut session = Session::new(SessionOptions {
            generals,
            seed: Some(seed),
            primary: None,
            depth: dice.random_range(0..=2),
        })
        .unwrap();
        let oral = seed % 3 != 0;
        if !oral {
            session.submit(&format!("g-protocol sm {}", dice.random_range(1..=2u32)));
        }
        let strategies = ["coin", "liar", "two-faced", "silent"];
        for _ in 0..dice.random_range(0..=3u32) {
            let strategy = strategies[dice.random_range(0..4u32) as usize];
            let id = dice.random_range(1..=generals as u32);
            session.submit(&format!("g-state {id} faulty {strategy}"));
        }
        let silent = session
            .roster()
            .members()
            .iter()
            .any(|m| m.loyalty.is_faulty() && m.strategy.as_str() == "silent");
        session.submit(["actual-order attack", "actual-order retreat"][seed as usize % 2]);
        session.finish();
        let record = session.orders().back().unwrap();
        let mut out = Vec::new();
        write_order(record, &mut out).unwrap();
        let lines: Vec<Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{line}: {e}")))
            .collect();

        let order = &lines[0];
        assert_eq!(order["type"], "order");
        assert_eq!(
            keys(order),
            ["faulty", "generals", "m", "order", "primary", "protocol", "type", "value"]
        );
        assert_eq!(order["order"], 1);
        assert_eq!(order["protocol"], if oral { "om" } else { "sm" });
        let army: Vec<u64> = session
            .roster()
            .members()
            .iter()
            .map(|m| u64::from(m.id.0))
            .collect();
        assert_eq!(ids(&order["generals"]), army);
        assert_eq!(order["primary"], session.roster().primary().0);
        assert_eq!(
            order["faulty"].as_object().unwrap().len(),
            session.roster().faulty_count()
        );

        let messages: Vec<&Value> = lines.iter().filter(|l| l["type"] == "message").collect();
        for message in &messages {
            assert_eq!(
                keys(message),
                [
                    "altered", "arrives", "from", "order", "path", "round", "sent", "to", "type",
                    "value"
                ]
            );
            let path = ids(&message["path"]);
            assert_eq!(
                path[0],
                u64::from(session.roster().primary().0),
                "the commander first"
            );
            assert_eq!(
                *path.last().unwrap(),
                message["from"].as_u64().unwrap(),
                "the sender last"
            );
            assert_eq!(path.len() as u64, message["round"].as_u64().unwrap());
            assert_eq!(
                message["arrives"].as_u64().unwrap() - message["sent"].as_u64().unwrap(),
                1200
            );
        }
        if oral && !silent {
            let formula = record.protocol.message_count(generals);
            assert!(
                formula == messages.len() as u64,
                "seed {seed}: {formula} messages by the formula"
            );
        }

        let decisions: Vec<&Value> = lines.iter().filter(|l| l["type"] == "decision").collect();
        assert_eq!(decisions.len(), generals);
        assert_eq!(
            lines.len(),
            1 + messages.len() + generals,
            "nothing but the three types"
        );
        let verdict = session.last_verdict().unwrap();
        for (decision, report) in decisions.iter().zip(&verdict.reports) {
            assert_eq!(keys(decision), ["decision", "general", "order", "type"]);
            assert_eq!(decision["general"], report.id.0);
            if verdict.outcome != Outcome::NotEnoughGenerals {
                assert_eq!(
                    decision["decision"],
                    report.majority.to_string(),
                    "seed {seed}"
                );
                checked_decisions += 1;
            }
        }
    }
    assert!(checked_decisions > 1000, "{checked_decisions}");
}

#[test]
fn the_command_line_writes_the_engines_trace() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let commands = "g-state 2 faulty two-faced\nactual-order attack\ng-protocol sm 1\nactual-order retreat\ng-add 3\ng-state 2 faulty\nactual-order attack\n";
    let path = std::env::temp_dir().join(format!("generals-trace-{}.jsonl", std::process::id()));
    let mut child = Command::new(env!("CARGO_BIN_EXE_generals"))
        .args(["5", "--seed", "8", "--trace"])
        .arg(&path)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(commands.as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
    let written = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(&path).unwrap();

    let mut session = Session::new(SessionOptions {
        generals: 5,
        seed: Some(8),
        primary: None,
        depth: 1,
    })
    .unwrap();
    for line in commands.lines() {
        session.submit(line);
        session.finish();
    }
    let mut expected = Vec::new();
    write_session(session.orders(), &mut expected).unwrap();
    assert_eq!(written, String::from_utf8(expected).unwrap());
    let orders: Vec<u64> = written
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|l| l["type"] == "order")
        .map(|l| l["order"].as_u64().unwrap())
        .collect();
    assert_eq!(orders, [1, 2, 3]);
}

/// The page hands its orders to the Experiments module as text
/// (`trace_job`), which re-runs them and writes the trace there: the same
/// lines as the session's own records give, for random armies, strategies,
/// both protocols, killed generals and a search's scripted replay.
#[test]
fn the_trace_written_from_the_orders_as_text_is_the_sessions() {
    use byzantine_generals::engine::trace_job;
    let mut dice = ChaCha8Rng::seed_from_u64(17);
    let strategies = ["coin", "liar", "two-faced", "silent"];
    let mut scripted = 0;
    for seed in 0..60 {
        let generals = dice.random_range(2..=9u32);
        let mut session = Session::new(SessionOptions {
            generals: generals as usize,
            seed: Some(seed),
            primary: None,
            depth: dice.random_range(0..=2),
        })
        .unwrap();
        for turn in 0..4u32 {
            match dice.random_range(0..5u32) {
                0 => {
                    session.submit(&format!("g-protocol sm {}", dice.random_range(1..=2u32)));
                }
                1 => {
                    let id = dice.random_range(1..=generals);
                    session.submit(&format!("g-kill {id}"));
                }
                2 if turn == 0 => {
                    session.submit("g-state 2 faulty");
                    session.submit("g-search");
                }
                _ => {
                    let strategy = strategies[dice.random_range(0..4u32) as usize];
                    let id = dice.random_range(1..=generals);
                    session.submit(&format!("g-state {id} faulty {strategy}"));
                }
            }
            session.submit(["actual-order attack", "actual-order retreat"][turn as usize % 2]);
            session.finish();
        }
        let mut own = Vec::new();
        write_session(session.orders(), &mut own).unwrap();
        let own = String::from_utf8(own).unwrap();
        let text = trace_job::encode(session.orders());
        scripted += usize::from(text.contains("\ts:") || text.contains(" s:"));
        assert_eq!(trace_job::run(&text).unwrap(), own, "seed {seed}");
        assert!(own.lines().count() > 4, "seed {seed}: {own}");
    }
    assert!(scripted > 0, "no search replay among the sessions");
    assert!(trace_job::run("1\tnot an order\tl").is_err());
}

/// `--trace -` is not standard output (that carries only the transcript),
/// nor a file named `-` (as `experiment --csv -` means standard output): refused.
#[test]
fn the_trace_is_never_written_into_the_transcript() {
    let dir = std::env::temp_dir().join(format!("generals-trace-dash-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_generals"))
        .args(["4", "--seed", "1", "--trace", "-"])
        .current_dir(&dir)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let made_a_file = dir.join("-").exists();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "generals: --trace - would mix the trace into the transcript on standard output; \
         give a file name (--trace FILE)\n"
    );
    assert!(!made_a_file);
}

/// An order that replays a behaviour `g-search` found does not follow the
/// traitors' strategies, so its order record names them `scripted`, as the
/// page's canvas does (`faulty: scripted (search)`); the next order, which
/// follows the strategies again, names the strategies.
#[test]
fn a_search_replay_names_its_traitors_scripted() {
    let mut session = Session::new(SessionOptions {
        generals: 4,
        seed: Some(5),
        primary: Some(1),
        depth: 1,
    })
    .unwrap();
    for line in ["g-state 2 faulty liar", "g-state 3 faulty", "g-search"] {
        session.submit(line);
    }
    session.finish();
    session.submit("actual-order retreat");
    session.finish();
    let mut out = Vec::new();
    write_session(session.orders(), &mut out).unwrap();
    let orders: Vec<Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap())
        .filter(|record| record["type"] == "order")
        .collect();
    assert_eq!(orders.len(), 2);
    assert_eq!(
        orders[0]["faulty"].to_string(),
        r#"{"2":"scripted","3":"scripted"}"#
    );
    assert_eq!(
        orders[1]["faulty"].to_string(),
        r#"{"2":"liar","3":"coin"}"#
    );
}
