//! Tab completion in the console: command names, then each argument the
//! command's syntax (`USAGES`) names: a live general's id where it says
//! `<ID>` (typed `3` or `G3`), a word where it lists them (`attack|retreat`),
//! a strategy's name where it says `<strategy>`.

use crate::engine::command::{command_names, USAGES};
use crate::engine::limits::MAX_COMPLETIONS_LISTED;
use crate::engine::Strategy;

/// What Tab does to the input: completes it, or lists the candidates when
/// they share no longer prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Completion {
    /// The whole new input line.
    Complete(String),
    /// The first `MAX_COMPLETIONS_LISTED` candidates, and how many more.
    Candidates(Vec<String>, usize),
    Nothing,
}

impl Completion {
    /// The candidates as one line for the console: `G1  G2  G3 (and 7 more)`.
    pub fn listing(shown: &[String], more: usize) -> String {
        let mut line = shown.join("  ");
        if more > 0 {
            line += &format!("  (and {more} more)");
        }
        line
    }
}

/// What may stand after the arguments `typed` of `command`, by the
/// syntaxes the typed words fit: ids, listed words, strategies, or nothing
/// known.
fn arguments(command: &str, typed: &[&str], ids: &[u32], as_printed: bool) -> Vec<String> {
    let mut candidates: Vec<String> = Vec::new();
    // The army's ids once, however many syntaxes take an id here: up to
    // a thousand, each distinct, so only the listed words need the check
    // for repeats below.
    let mut ids_listed = false;
    for usage in USAGES.iter().filter(|u| u.name == command) {
        let words: Vec<&str> = usage
            .syntax
            .split_ascii_whitespace()
            .map(|w| w.trim_matches(['[', ']']))
            .collect();
        // A listed word typed must be one of the list (`non-faulty` is not
        // followed by a strategy); a placeholder takes anything.
        let fits = typed.iter().zip(words.iter().skip(1)).all(|(t, w)| {
            w.starts_with('<') || w.split('|').any(|listed| listed.eq_ignore_ascii_case(t))
        });
        let Some(&word) = words.get(typed.len() + 1).filter(|_| fits) else {
            continue;
        };
        if word == "<strategy>" {
            for strategy in Strategy::ALL.map(Strategy::as_str) {
                if !candidates.iter().any(|c| c == strategy) {
                    candidates.push(strategy.to_string());
                }
            }
        } else if word == "<ID>" {
            if !ids_listed {
                let id = |id: &u32| {
                    if as_printed {
                        format!("G{id}")
                    } else {
                        id.to_string()
                    }
                };
                candidates.extend(ids.iter().map(id));
                ids_listed = true;
            }
        } else if !word.starts_with('<') {
            // Each word once, first place kept. A list, not a `HashSet`: a
            // few words, and a hash set would link hashing into the page.
            for listed in word.split('|') {
                if !candidates.iter().any(|c| c == listed) {
                    candidates.push(listed.to_string());
                }
            }
        }
    }
    candidates
}

/// Completes the word under the cursor (the input's end). `ids` are the
/// live generals' ids, ascending.
pub fn complete(input: &str, ids: &[u32]) -> Completion {
    let start = input.len() - input.trim_start().len();
    // The word being typed starts after the last space (empty after a space).
    let word_at = input
        .rfind(|c: char| c.is_ascii_whitespace())
        .map_or(start, |at| at + 1)
        .max(start);
    // `split_at_checked`, not `split_at` (word_at is a char boundary either
    // way): str slicing that can panic links core's panic message for it,
    // which formats a char with `{:?}` and so carries Unicode's printable
    // tables into the page (3.9 KB gzipped; README, "Design decisions").
    let (before, partial) = input.split_at_checked(word_at).unwrap_or((input, ""));
    let done: Vec<&str> = before.split_ascii_whitespace().collect();
    let typed = partial.to_ascii_lowercase();
    let candidates: Vec<String> = match done.split_first() {
        None => command_names().map(String::from).collect(),
        Some((command, args)) => arguments(
            &command.to_ascii_lowercase(),
            args,
            ids,
            typed.starts_with('g'),
        ),
    };
    let matches: Vec<String> = candidates
        .into_iter()
        .filter(|c| c.to_ascii_lowercase().starts_with(&typed))
        .collect();
    match matches.as_slice() {
        [] => Completion::Nothing,
        [only] => Completion::Complete(format!("{before}{only} ")),
        many => {
            let common = many
                .iter()
                .map(|c| c.to_ascii_lowercase())
                .reduce(|a, b| {
                    a.chars()
                        .zip(b.chars())
                        .take_while(|(x, y)| x == y)
                        .map(|(x, _)| x)
                        .collect()
                })
                .unwrap_or_default();
            if common.len() > typed.len() {
                // Keep the case of the candidates (G12), not of the typing.
                // (`get`: see `split_at_checked` above; `common` is a prefix of its
                // ASCII-lowercased form, so it ends on a char boundary.)
                let kept = many[0].get(..common.len()).unwrap_or(&common);
                Completion::Complete(format!("{before}{kept}"))
            } else {
                let more = many.len().saturating_sub(MAX_COMPLETIONS_LISTED);
                let shown = many.iter().take(MAX_COMPLETIONS_LISTED).cloned().collect();
                Completion::Candidates(shown, more)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONE: &[u32] = &[];

    #[test]
    fn completes_unique_prefixes_and_lists_ambiguous_ones() {
        assert_eq!(
            complete("act", NONE),
            Completion::Complete("actual-order ".into())
        );
        assert_eq!(
            complete("g-k", NONE),
            Completion::Complete("g-kill ".into())
        );
        assert_eq!(complete("g", NONE), Completion::Complete("g-".into()));
        assert_eq!(
            complete("g-", NONE),
            Completion::Candidates(
                [
                    "g-state",
                    "g-faulty",
                    "g-kill",
                    "g-add",
                    "g-protocol",
                    "g-search"
                ]
                .map(String::from)
                .to_vec(),
                0
            )
        );
        assert_eq!(complete("x", NONE), Completion::Nothing);
    }

    #[test]
    fn ids_complete_from_the_live_generals() {
        let ids = [1, 2, 4, 12, 13];
        assert_eq!(
            complete("g-kill 4", &ids),
            Completion::Complete("g-kill 4 ".into())
        );
        assert_eq!(
            complete("g-kill 1", &ids),
            Completion::Candidates(vec!["1".into(), "12".into(), "13".into()], 0)
        );
        assert_eq!(
            complete("G-KILL g1", &ids),
            Completion::Candidates(vec!["G1".into(), "G12".into(), "G13".into()], 0)
        );
        assert_eq!(
            complete("g-state g4", &ids),
            Completion::Complete("g-state G4 ".into())
        );
        // Two syntaxes of g-state take an id and then `faulty`: each
        // candidate is offered once.
        assert_eq!(
            complete("g-state 4 ", &ids),
            Completion::Candidates(vec!["faulty".into(), "non-faulty".into()], 0)
        );
        let army: Vec<u32> = (1..=1000).collect();
        match complete("g-state ", &army) {
            Completion::Candidates(listed, more) => {
                assert_eq!(listed.len() + more, 1000, "each of the thousand ids once")
            }
            other => panic!("candidates expected, got {other:?}"),
        }
        // Killed ids (3) are not offered.
        assert_eq!(complete("g-kill 3", &ids), Completion::Nothing);
        assert_eq!(
            complete("g-kill  ", &ids),
            Completion::Candidates(["1", "2", "4", "12", "13"].map(String::from).to_vec(), 0)
        );
        // Not an id where the syntax has none.
        assert_eq!(complete("g-add 1", &ids), Completion::Nothing);
    }

    #[test]
    fn listed_words_complete_too() {
        let ids = [1, 2];
        assert_eq!(
            complete("g-state 2 f", &ids),
            Completion::Complete("g-state 2 faulty ".into())
        );
        assert_eq!(
            complete("g-state 2 n", &ids),
            Completion::Complete("g-state 2 non-faulty ".into())
        );
        assert_eq!(
            complete("actual-order r", &ids),
            Completion::Complete("actual-order retreat ".into())
        );
        assert_eq!(
            complete("g-protocol ", &ids),
            Completion::Candidates(vec!["om".into(), "sm".into()], 0)
        );
        // `<strategy>` stands for the strategies' names: they complete too.
        assert_eq!(
            complete("g-state 2 faulty t", &ids),
            Completion::Complete("g-state 2 faulty two-faced ".into())
        );
        assert_eq!(
            complete("g-state G2 FAULTY ", &ids),
            Completion::Candidates(
                ["coin", "liar", "two-faced", "silent"]
                    .map(String::from)
                    .to_vec(),
                0
            )
        );
        assert_eq!(complete("g-state 2 non-faulty ", &ids), Completion::Nothing);
    }

    #[test]
    fn a_thousand_ids_are_listed_briefly() {
        let ids: Vec<u32> = (1..=1000).collect();
        let Completion::Candidates(shown, more) = complete("g-kill ", &ids) else {
            panic!("candidates expected");
        };
        assert_eq!(shown.len(), MAX_COMPLETIONS_LISTED);
        assert_eq!(more, 1000 - MAX_COMPLETIONS_LISTED);
        assert_eq!(Completion::listing(&shown[..3], 7), "1  2  3  (and 7 more)");
    }
}
