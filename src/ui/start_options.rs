//! The page's start options from its URL: `?generals=N&seed=S&primary=ID&om=M`.
//! A bad value is reported as an `error:` line and replaced by its default,
//! so a mistyped link still opens a working page.

use crate::engine::limits::{MAX_DEPTH, MAX_GENERALS};
use crate::engine::written::{general_id, whole_number};
use crate::engine::SessionOptions;

/// The problem with a query given beside a replay link (`?…#…`): the link
/// sets the start, so the query's options are not used; None if there is
/// no query or no link.
pub fn query_beside_link(query: &str, fragment: &str) -> Option<String> {
    let query = query.trim_start_matches('?');
    (!query.is_empty() && !fragment.trim_start_matches('#').is_empty()).then(|| {
        format!(
            "URL options {} are not used: the replay link after # sets the start",
            crate::engine::command::quote(&format!("?{query}"))
        )
    })
}

/// Reads options from a query string (with or without the leading `?`).
/// Returns the options and one problem per bad, repeated or unknown parameter.
pub fn from_query(query: &str) -> (SessionOptions, Vec<String>) {
    let mut options = SessionOptions::default();
    let mut problems = Vec::new();
    let mut primary = None;
    let mut seen: Vec<&str> = Vec::new();
    for pair in query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
    {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        // As in a replay link: a repeated option is a mistake, not an override.
        if seen.contains(&key) {
            problems.push(format!(
                "URL option {} is given twice; the first is used",
                crate::engine::command::quote(key)
            ));
            continue;
        }
        seen.push(key);
        let shown = crate::engine::command::quote(value);
        match key {
            "generals" => match whole_number::<usize>(value) {
                Some(n) if (1..=MAX_GENERALS).contains(&n) => options.generals = n,
                _ => problems.push(format!(
                    "URL option generals={shown} must be a whole number from 1 to {MAX_GENERALS}; using {}",
                    options.generals
                )),
            },
            "seed" => match whole_number::<u64>(value) {
                Some(seed) => options.seed = Some(seed),
                _ => problems.push(format!(
                    "URL option seed={shown} must be a whole number from 0 to {}; using a random seed",
                    u64::MAX
                )),
            },
            "primary" => match general_id(value) {
                Some(id) => primary = Some((id, shown)),
                _ => problems.push(format!(
                    "URL option primary={shown} must be a general id; choosing the primary at random"
                )),
            },
            "om" => match whole_number::<u32>(value) {
                Some(m) if m <= MAX_DEPTH => options.depth = m,
                _ => problems.push(format!(
                    "URL option om={shown} must be a depth from 0 to {MAX_DEPTH}; using OM(1)"
                )),
            },
            other => problems.push(format!(
                "unknown URL option {}; the page takes generals, seed, primary and om",
                crate::engine::command::quote(other)
            )),
        }
    }
    // The primary is checked last: it depends on how many generals there are.
    if let Some((id, shown)) = primary {
        if (1..=options.generals as u32).contains(&id) {
            options.primary = Some(id);
        } else {
            let generals = match options.generals {
                1 => "the only general, G1".to_string(),
                n => format!("one of the {n} generals"),
            };
            problems.push(format!(
                "URL option primary={shown} is not {generals}; choosing the primary at random"
            ));
        }
    }
    (options, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_option() {
        let (options, problems) = from_query("?generals=7&seed=42&primary=3&om=2");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            options,
            SessionOptions {
                generals: 7,
                seed: Some(42),
                primary: Some(3),
                depth: 2
            }
        );
    }

    #[test]
    fn defaults_without_a_query() {
        assert_eq!(from_query(""), (SessionOptions::default(), vec![]));
    }

    #[test]
    fn bad_values_fall_back_with_a_reason() {
        let (options, problems) = from_query("generals=0&seed=-4&primary=9&om=99&colour=red");
        assert_eq!(options, SessionOptions::default());
        assert_eq!(
            problems,
            [
                "URL option generals='0' must be a whole number from 1 to 1000; using 4",
                "URL option seed='-4' must be a whole number from 0 to 18446744073709551615; using a random seed",
                "URL option om='99' must be a depth from 0 to 16; using OM(1)",
                "unknown URL option 'colour'; the page takes generals, seed, primary and om",
                "URL option primary='9' is not one of the 4 generals; choosing the primary at random",
            ]
        );
        let (_, problems) = from_query("generals=1&primary=2");
        assert_eq!(
            problems,
            ["URL option primary='2' is not the only general, G1; choosing the primary at random"]
        );
    }

    #[test]
    fn a_query_beside_a_replay_link_is_reported() {
        assert_eq!(
            query_beside_link("?generals=4&seed=1", "#generals=5&seed=2"),
            Some(
                "URL options '?generals=4&seed=1' are not used: the replay link after # sets \
                 the start"
                    .to_string()
            )
        );
        assert_eq!(query_beside_link("", "#generals=5"), None);
        assert_eq!(query_beside_link("?", "#generals=5"), None);
        assert_eq!(query_beside_link("?generals=4", ""), None);
        assert_eq!(query_beside_link("?generals=4", "#"), None);
    }

    #[test]
    fn ids_as_printed_and_digits_only_as_everywhere_else() {
        // The command line takes `--primary G2` and refuses `+4`; so does the URL.
        let (options, problems) = from_query("generals=5&primary=G2");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(options.primary, Some(2));
        let (options, problems) = from_query("generals=+5&seed=+7&primary=+2&om=+2");
        assert_eq!(options, SessionOptions::default());
        assert_eq!(
            problems,
            [
                "URL option generals='+5' must be a whole number from 1 to 1000; using 4",
                "URL option seed='+7' must be a whole number from 0 to 18446744073709551615; using a random seed",
                "URL option primary='+2' must be a general id; choosing the primary at random",
                "URL option om='+2' must be a depth from 0 to 16; using OM(1)",
            ]
        );
    }

    #[test]
    fn an_option_given_twice_is_reported_and_the_first_kept() {
        // As a replay link does: a repeated option is a mistake, not an override.
        let (options, problems) = from_query("seed=1&generals=5&seed=2");
        assert_eq!((options.seed, options.generals), (Some(1), 5));
        assert_eq!(
            problems,
            ["URL option 'seed' is given twice; the first is used"]
        );
        let (_, problems) = from_query("generals=1&primary=2");
        assert_eq!(
            problems,
            ["URL option primary='2' is not the only general, G1; choosing the primary at random"]
        );
    }
}
