//! Tab completion of command names in the console.

use crate::engine::command::command_names;

/// What Tab does to the input: completes it, or lists the candidates when
/// they share no longer prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Completion {
    Complete(String),
    Candidates(Vec<&'static str>),
    Nothing,
}

pub fn complete(input: &str) -> Completion {
    let typed = input.trim_start().to_lowercase();
    if typed.contains(char::is_whitespace) {
        return Completion::Nothing;
    }
    let matches: Vec<&'static str> = command_names().filter(|n| n.starts_with(&typed)).collect();
    match matches.as_slice() {
        [] => Completion::Nothing,
        [only] => Completion::Complete(format!("{only} ")),
        many => {
            let common = many
                .iter()
                .map(|n| n.to_string())
                .reduce(|a, b| {
                    a.chars()
                        .zip(b.chars())
                        .take_while(|(x, y)| x == y)
                        .map(|(x, _)| x)
                        .collect()
                })
                .unwrap_or_default();
            if common.len() > typed.len() {
                Completion::Complete(common)
            } else {
                Completion::Candidates(matches)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completes_unique_prefixes_and_lists_ambiguous_ones() {
        assert_eq!(
            complete("act"),
            Completion::Complete("actual-order ".into())
        );
        assert_eq!(complete("g-k"), Completion::Complete("g-kill ".into()));
        assert_eq!(complete("g"), Completion::Complete("g-".into()));
        assert_eq!(
            complete("g-"),
            Completion::Candidates(vec![
                "g-state",
                "g-faulty",
                "g-kill",
                "g-add",
                "g-protocol",
                "g-search"
            ])
        );
        assert_eq!(complete("x"), Completion::Nothing);
        assert_eq!(complete("g-kill 2"), Completion::Nothing);
    }
}
