//! The Experiments panel's options as text: the form's fields become a
//! `Sweep` (with the same words and ranges as `generals experiment`), and a
//! sweep becomes the one-line spec the page hands to its Web Workers, which
//! read it back with `parse_spec`. A problem is said in the panel's words:
//! each field by its label, never by a command-line flag the student did
//! not type. Native-tested; the page only binds it.

use crate::engine::adversary::Strategy;
use crate::engine::experiment::{Mix, Placement, Span, Sweep, SweepProblem, Swept};
use crate::engine::output::thousands;
use crate::engine::Kind;

/// The fields, in the order the panel shows them and the spec writes them.
pub const FIELDS: [&str; 8] = [
    "n",
    "k",
    "protocol",
    "m",
    "strategy",
    "placement",
    "trials",
    "seed",
];

/// Each field's label in the panel (index.html), in `FIELDS` order: how an
/// error names it.
pub const LABELS: [&str; 8] = [
    "n", "k", "protocol", "m", "strategy", "faulty", "trials", "seed",
];

fn label(field: &str) -> &str {
    FIELDS
        .iter()
        .position(|f| *f == field)
        .map_or(field, |slot| LABELS[slot])
}

/// Reads `(field, value)` pairs into a validated sweep. Every field must be
/// there once; the error names the field by its label and says what it
/// expects.
pub fn sweep_from<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<Sweep, String> {
    let mut values: [Option<&str>; FIELDS.len()] = [None; FIELDS.len()];
    for (field, value) in pairs {
        let Some(slot) = FIELDS.iter().position(|f| *f == field) else {
            return Err(format!("unknown option {field}"));
        };
        values[slot] = Some(value.trim());
    }
    let get = |field: &str| -> Result<&str, String> {
        let slot = FIELDS
            .iter()
            .position(|f| *f == field)
            .expect("a known field");
        values[slot].ok_or_else(|| format!("{}: missing", label(field)))
    };
    let named = |field: &str, problem: String| format!("{}: {problem}", label(field));
    let whole = |field: &str| -> Result<u64, String> {
        let text = get(field)?;
        let shown = crate::engine::command::quote(text);
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(named(
                field,
                format!("expected a whole number, not {shown}"),
            ));
        }
        text.parse::<u64>().map_err(|_| {
            named(
                field,
                format!("expected a whole number up to {}, not {shown}", u64::MAX),
            )
        })
    };
    let seed = whole("seed")?;
    let n = Span::parse(get("n")?).map_err(|p| named("n", p))?;
    let k = Span::parse(get("k")?).map_err(|p| named("k", p))?;
    let kind = Kind::parse(get("protocol")?)
        .ok_or_else(|| named("protocol", format!("expected {}", Kind::ACCEPTED)))?;
    let m = Span::parse(get("m")?).map_err(|p| named("m", p))?;
    let mix = Mix::parse(get("strategy")?).map_err(|p| named("strategy", p))?;
    let placement = Placement::parse(get("placement")?).map_err(|p| named("placement", p))?;
    let given = whole("trials")?;
    // A count past a u32 is out of range, said as such, like any other.
    let trials = u32::try_from(given).map_err(|_| {
        worded(&SweepProblem::Trials {
            most: crate::engine::limits::MAX_EXPERIMENT_TRIALS,
            given,
        })
    })?;
    let sweep = Sweep {
        seed,
        n,
        k,
        kind,
        m,
        mix,
        placement,
        trials,
    };
    sweep.validate().map_err(|problem| worded(&problem))?;
    Ok(sweep)
}

/// A sweep's problem in the panel's words: each field by its label, as
/// the panel shows it, with what it allows and what was given.
pub fn worded(problem: &SweepProblem) -> String {
    match problem {
        SweepProblem::OutOfRange {
            swept,
            allowed,
            given,
        } => {
            let (field, what, example) = match swept {
                Swept::Generals => ("n", "army sizes", "3..13"),
                Swept::Faulty => ("k", "numbers of faulty generals", "0..4"),
                Swept::Depths => ("m", "depths", "1 or 1..2"),
            };
            format!(
                "{}: {what} must be from {} to {}, not {given} (for example {example})",
                label(field),
                allowed.first,
                allowed.last
            )
        }
        SweepProblem::Trials { most, given } => format!(
            "{}: the orders per cell must be from 1 to {}, not {given}",
            label("trials"),
            thousands(u64::from(*most))
        ),
        SweepProblem::NoStrategy => format!(
            "{}: none chosen; expected {} or mix",
            label("strategy"),
            Strategy::accepted()
        ),
        SweepProblem::NoCell { k, n } => {
            format!("no cell to run: every k ({k}) is more than every n ({n}); k must be at most n")
        }
        SweepProblem::TooManyCells {
            cells,
            m,
            n,
            k,
            most,
        } => format!(
            "{} cells (m {m} x n {n} x k {k}), over the limit of {}; narrow n, k or m",
            thousands(*cells),
            thousands(*most)
        ),
        SweepProblem::OrderTooBig {
            protocol,
            n,
            bound,
            most,
        } => format!(
            "{protocol} with {n} generals could send {bound} messages per order, over the limit \
             of {}; lower m or the largest n",
            thousands(*most)
        ),
        SweepProblem::TooManyChains { protocol, n, most } => format!(
            "{protocol} with {n} generals has more than {} chains to number; lower m or n",
            thousands(*most)
        ),
        SweepProblem::SweepTooBig { messages, most } => format!(
            "this sweep could send up to {} messages, over the limit of {}; \
             lower trials, m or the largest n",
            thousands(*messages),
            thousands(*most)
        ),
        SweepProblem::BadCell {
            n,
            k,
            most_generals,
        } => {
            format!("a cell needs n from 1 to {most_generals} and k at most n, not n {n} and k {k}")
        }
    }
}

/// The sweep as `n=3..16&k=0..5&protocol=om&...&seed=7`: what each worker
/// gets, and a readable record of the options beside the CSV.
pub fn spec(sweep: &Sweep) -> String {
    let values = [
        sweep.n.to_string(),
        sweep.k.to_string(),
        sweep.kind.word().to_string(),
        sweep.m.to_string(),
        sweep.mix.to_string(),
        sweep.placement.word().to_string(),
        sweep.trials.to_string(),
        sweep.seed.to_string(),
    ];
    FIELDS
        .iter()
        .zip(values)
        .map(|(field, value)| format!("{field}={value}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// Reads a spec written by `spec`.
pub fn parse_spec(text: &str) -> Result<Sweep, String> {
    sweep_from(
        text.split('&')
            .map(|pair| pair.split_once('=').unwrap_or((pair, ""))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spec_round_trips() {
        let sweep = Sweep::default_with_seed(42);
        let text = spec(&sweep);
        assert_eq!(
            text,
            "n=3..16&k=0..5&protocol=om&m=1..2&strategy=coin&placement=random&trials=1000&seed=42"
        );
        assert_eq!(parse_spec(&text), Ok(sweep));
    }

    #[test]
    fn fields_are_read_like_the_command_line_and_errors_name_the_field() {
        let base = [
            ("n", "3..7"),
            ("k", "0..2"),
            ("protocol", "sm"),
            ("m", "1"),
            ("strategy", "liar+silent"),
            ("placement", "fixed"),
            ("trials", "10"),
            ("seed", "5"),
        ];
        let sweep = sweep_from(base).unwrap();
        assert_eq!(sweep.kind, Kind::Signed);
        assert_eq!(sweep.mix.to_string(), "liar+silent");
        let with = |changes: &[(&str, &'static str)]| {
            sweep_from(base.map(|(f, v)| {
                let changed = changes.iter().find(|(c, _)| *c == f);
                (f, changed.map_or(v, |(_, value)| *value))
            }))
        };
        // Every field the panel lets a student type into, wrong in each way
        // it can be, and the options that are wrong only together. No error
        // names a command-line flag.
        let cases: [(&[(&str, &'static str)], &str); 17] = [
            (&[("n", "9..3")], "n: expected a number or a range A..B with A <= B (both included), not '9..3'"),
            (&[("n", "3..500")], "n: army sizes must be from 1 to 100, not 3..500 (for example 3..13)"),
            (&[("n", "0")], "n: army sizes must be from 1 to 100, not 0 (for example 3..13)"),
            (&[("k", "x")], "k: expected a number or a range A..B with A <= B (both included), not 'x'"),
            (&[("k", "0..101")], "k: numbers of faulty generals must be from 0 to 100, not 0..101 (for example 0..4)"),
            (&[("m", "")], "m: expected a number or a range A..B with A <= B (both included), not ''"),
            (&[("m", "1..17")], "m: depths must be from 0 to 16, not 1..17 (for example 1 or 1..2)"),
            (&[("trials", "ten")], "trials: expected a whole number, not 'ten'"),
            (&[("trials", "0")], "trials: the orders per cell must be from 1 to 1,000,000, not 0"),
            (&[("trials", "2000000")], "trials: the orders per cell must be from 1 to 1,000,000, not 2000000"),
            (&[("trials", "99999999999")], "trials: the orders per cell must be from 1 to 1,000,000, not 99999999999"),
            (&[("seed", "-1")], "seed: expected a whole number, not '-1'"),
            (&[("seed", "18446744073709551616")], "seed: expected a whole number up to 18446744073709551615, not '18446744073709551616'"),
            (&[("k", "50..60"), ("n", "3..5")], "no cell to run: every k (50..60) is more than every n (3..5); k must be at most n"),
            (&[("n", "1..100"), ("k", "0..100"), ("m", "0..1"), ("protocol", "om")], "20,200 cells (m 0..1 x n 1..100 x k 0..100), over the limit of 10,000; narrow n, k or m"),
            (&[("n", "3..100"), ("m", "4"), ("protocol", "om")], "OM(4) with 100 generals could send 8,674,073,199 messages per order, over the limit of 3,000,000; lower m or the largest n"),
            (&[("n", "3..100"), ("k", "0..5"), ("m", "2"), ("protocol", "om"), ("trials", "100000")], "this sweep could send up to 14,313,419,400,000 messages, over the limit of 20,000,000,000; lower trials, m or the largest n"),
        ];
        for (changes, problem) in cases {
            assert_eq!(with(changes), Err(problem.to_string()), "{changes:?}");
            assert!(!problem.contains("--"), "{problem}");
        }
        // The selects cannot be wrong in the panel; a spec can.
        assert_eq!(
            with(&[("protocol", "om2")]),
            Err("protocol: expected om (oral messages), sm (signed messages)".into())
        );
        assert_eq!(
            with(&[("placement", "any")]),
            Err("faulty: unknown placement 'any'; expected random or fixed".into())
        );
        assert_eq!(
            sweep_from(base.into_iter().take(7)),
            Err("seed: missing".into())
        );
    }

    #[test]
    fn a_cell_built_by_hand_is_refused_in_the_panel_s_words() {
        let problem = SweepProblem::BadCell {
            n: 3,
            k: 5,
            most_generals: 100,
        };
        assert_eq!(
            worded(&problem),
            "a cell needs n from 1 to 100 and k at most n, not n 3 and k 5"
        );
        assert_eq!(
            worded(&SweepProblem::NoStrategy),
            "strategy: none chosen; expected coin, liar, two-faced, silent or mix"
        );
    }
}
