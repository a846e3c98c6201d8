//! The Experiments panel's options as text: the form's fields become a
//! `Sweep` (with the same words and ranges as `generals experiment`), and a
//! sweep becomes the one-line spec the page hands to its Web Workers, which
//! read it back with `parse_spec`. Native-tested; the page only binds it.

use crate::engine::experiment::{Mix, Placement, Span, Sweep};
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

/// Reads `(field, value)` pairs into a validated sweep. Every field must be
/// there once; the error names the field and says what it expects.
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
        values[slot].ok_or_else(|| format!("{field}: missing"))
    };
    let named = |field: &str, problem: String| format!("{field}: {problem}");
    let whole = |field: &str, max: u64| -> Result<u64, String> {
        let text = get(field)?;
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("{field}: expected a whole number, not '{text}'"));
        }
        text.parse::<u64>()
            .ok()
            .filter(|v| *v <= max)
            .ok_or_else(|| format!("{field}: expected a whole number up to {max}, not '{text}'"))
    };
    let sweep = Sweep {
        seed: whole("seed", u64::MAX)?,
        n: Span::parse(get("n")?).map_err(|p| named("n", p))?,
        k: Span::parse(get("k")?).map_err(|p| named("k", p))?,
        kind: Kind::parse(get("protocol")?)
            .ok_or_else(|| format!("protocol: expected {}", Kind::ACCEPTED))?,
        m: Span::parse(get("m")?).map_err(|p| named("m", p))?,
        mix: Mix::parse(get("strategy")?).map_err(|p| named("strategy", p))?,
        placement: Placement::parse(get("placement")?).map_err(|p| named("placement", p))?,
        trials: whole("trials", u64::from(u32::MAX))? as u32,
    };
    sweep.validate()?;
    Ok(sweep)
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
        let with = |field: &str, value: &'static str| {
            sweep_from(base.map(|(f, v)| (f, if f == field { value } else { v })))
        };
        assert_eq!(
            with("n", "9..3"),
            Err(
                "n: expected a number or a range A..B with A <= B (both included), not '9..3'"
                    .into()
            )
        );
        assert_eq!(
            with("protocol", "om2"),
            Err("protocol: expected om (oral messages), sm (signed messages)".into())
        );
        assert_eq!(
            with("trials", "ten"),
            Err("trials: expected a whole number, not 'ten'".into())
        );
        assert_eq!(
            with("trials", "0"),
            Err("trials must be from 1 to 1,000,000, not 0".into())
        );
        assert_eq!(
            with("seed", "-1"),
            Err("seed: expected a whole number, not '-1'".into())
        );
        assert_eq!(
            with("n", "3..500"),
            Err("n must be within 1..100, not 3..500; expected for example --n 3..13".into())
        );
        assert_eq!(
            sweep_from(base.into_iter().take(7)),
            Err("seed: missing".into())
        );
    }
}
