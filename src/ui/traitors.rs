//! What the page shows of the traitors and of the IC1/IC2 check: the
//! inspector's strategy picker (each choice is a console command, so the
//! console stays the transcript), the short strategy tag written under a
//! faulty general on the canvas, and the marks on the generals that the last
//! `check:` note names as breaking IC1 or IC2.

use crate::engine::check::{Agreement, Validity};
use crate::engine::{GeneralId, Majority, Session, Strategy};

/// One choice of the inspector's strategy picker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StrategyOption {
    pub strategy: Strategy,
    /// The choice's visible name: the strategy's own word, as typed.
    pub label: &'static str,
    /// What it does, in a few words (the choice's description).
    pub hint: &'static str,
    /// The console command that picking it runs.
    pub command: String,
}

/// The picker for one general: every strategy, and the one it follows now
/// (`None` while it is loyal: picking one makes it faulty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StrategyPicker {
    pub options: Vec<StrategyOption>,
    pub current: Option<Strategy>,
}

/// A few words on what a strategy does, the same under OM(m) and SM(m).
pub const fn hint(strategy: Strategy) -> &'static str {
    match strategy {
        Strategy::Coin => "a coin per message",
        Strategy::Liar => "the opposite",
        Strategy::TwoFaced => "half attack, half retreat",
        Strategy::Silent => "sends nothing",
    }
}

/// The picker's choices, the same for every general: each strategy with its
/// visible name and hint, in the order `help` lists them.
pub fn choices() -> impl Iterator<Item = (Strategy, &'static str, &'static str)> {
    Strategy::ALL
        .into_iter()
        .map(|strategy| (strategy, strategy.as_str(), hint(strategy)))
}

/// The picker for general `id`, or `None` if it is not alive.
pub fn picker(session: &Session, id: GeneralId) -> Option<StrategyPicker> {
    let member = session.roster().get(id)?;
    let options = choices()
        .map(|(strategy, label, hint)| StrategyOption {
            strategy,
            label,
            hint,
            command: format!("g-state {} faulty {strategy}", id.0),
        })
        .collect();
    Some(StrategyPicker {
        options,
        current: member.loyalty.is_faulty().then_some(member.strategy),
    })
}

/// The tag under a faulty general on the canvas, `faulty: liar`; `None` for a
/// loyal one. Words, not a colour, so it reads in any scheme and in print.
/// While the order shown replays what `g-search` found, its traitors follow
/// that script, not their strategy: `faulty: scripted (search)`.
pub fn strategy_tag(session: &Session, id: GeneralId) -> Option<String> {
    let member = session.roster().get(id)?;
    if !member.loyalty.is_faulty() {
        return None;
    }
    let scripted = session
        .latest_exchange()
        .is_some_and(|exchange| exchange.is_scripted(id));
    Some(match scripted {
        true => format!("faulty: {SCRIPTED}"),
        false => format!("faulty: {}", member.strategy),
    })
}

/// How a traitor replaying the search's behaviour is named.
pub const SCRIPTED: &str = "scripted (search)";

/// Which condition a marked general breaks, and what it decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Breaks {
    /// Named by IC1's "loyal lieutenants disagree".
    pub ic1: bool,
    /// Named by IC2 as disobeying the loyal commander.
    pub ic2: bool,
    /// The decision the protocol really reached, which the check judged
    /// (the verdict's case 1 prints `undefined` for everyone instead).
    pub decided: Majority,
}

impl Breaks {
    /// The mark's words on the canvas, `breaks IC1`, `breaks IC2` or
    /// `breaks IC1+IC2`, and what the general really decided when that is
    /// not the majority `shown` beside it (the verdict's case 1 shows
    /// `undefined` for everyone): `breaks IC1 (decided attack)`.
    pub fn label(self, shown: Option<Majority>) -> String {
        self.label_parts(shown).join(" ")
    }

    /// The same words in the parts a line may break between:
    /// `["breaks IC1", "(decided attack)"]`.
    pub fn label_parts(self, shown: Option<Majority>) -> Vec<String> {
        let which = match (self.ic1, self.ic2) {
            (true, true) => "IC1+IC2",
            (true, false) => "IC1",
            _ => "IC2",
        };
        let mut parts = vec![format!("breaks {which}")];
        if shown != Some(self.decided) {
            parts.push(format!("(decided {})", self.decided));
        }
        parts
    }
}

/// The generals the last order's `check:` note names as breaking IC1 or IC2,
/// ascending by id: under IC1 every loyal lieutenant of the disagreeing
/// groups, under IC2 every loyal lieutenant that disobeyed a loyal
/// commander. Empty while an order is in flight (the marks belong to the
/// order that finished) and once the army changes (the session forgets the
/// last order then).
pub fn check_marks(session: &Session) -> Vec<(GeneralId, Breaks)> {
    if session.is_busy() {
        return Vec::new();
    }
    let Some(check) = session.last_check() else {
        return Vec::new();
    };
    let mut marks: Vec<(GeneralId, Breaks)> = Vec::new();
    let mut mark = |id: GeneralId, decided: Majority, ic1: bool, ic2: bool| match marks
        .iter_mut()
        .find(|(marked, _)| *marked == id)
    {
        Some((_, breaks)) => {
            breaks.ic1 |= ic1;
            breaks.ic2 |= ic2;
        }
        None => {
            let at = marks.partition_point(|(marked, _)| *marked < id);
            marks.insert(at, (id, Breaks { ic1, ic2, decided }));
        }
    };
    if let Agreement::Broken(groups) = &check.ic1 {
        for (decided, ids) in groups {
            for id in ids {
                mark(*id, *decided, true, false);
            }
        }
    }
    if let Validity::Broken { disobeyed, .. } = &check.ic2 {
        for (id, decided) in disobeyed {
            mark(*id, *decided, false, true);
        }
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Order, SessionOptions};

    fn session(generals: usize) -> Session {
        Session::new(SessionOptions {
            generals,
            seed: Some(7),
            primary: Some(1),
            depth: 1,
        })
        .unwrap()
    }

    #[test]
    fn the_picker_offers_every_strategy_as_a_command() {
        let mut s = session(4);
        let loyal = picker(&s, GeneralId(3)).unwrap();
        assert_eq!(loyal.current, None);
        let commands: Vec<&str> = loyal.options.iter().map(|o| o.command.as_str()).collect();
        assert_eq!(
            commands,
            [
                "g-state 3 faulty coin",
                "g-state 3 faulty liar",
                "g-state 3 faulty two-faced",
                "g-state 3 faulty silent"
            ]
        );
        let labels: Vec<&str> = loyal.options.iter().map(|o| o.label).collect();
        assert_eq!(labels, ["coin", "liar", "two-faced", "silent"]);
        s.submit("g-state 3 faulty two-faced");
        assert_eq!(
            picker(&s, GeneralId(3)).unwrap().current,
            Some(Strategy::TwoFaced)
        );
        // Plain `faulty` is the coin.
        s.submit("g-state 2 faulty");
        assert_eq!(
            picker(&s, GeneralId(2)).unwrap().current,
            Some(Strategy::Coin)
        );
        s.submit("g-state 2 non-faulty");
        assert_eq!(picker(&s, GeneralId(2)).unwrap().current, None);
        assert!(picker(&s, GeneralId(9)).is_none());
    }

    #[test]
    fn faulty_generals_carry_their_strategy_in_words() {
        let mut s = session(4);
        assert_eq!(strategy_tag(&s, GeneralId(3)), None);
        s.submit("g-state 3 faulty silent");
        s.submit("g-state 1 faulty liar");
        assert_eq!(strategy_tag(&s, GeneralId(3)).unwrap(), "faulty: silent");
        assert_eq!(strategy_tag(&s, GeneralId(1)).unwrap(), "faulty: liar");
        assert_eq!(strategy_tag(&s, GeneralId(2)), None);
    }

    #[test]
    fn a_search_replay_names_the_script_not_the_strategy() {
        // Three generals, one traitor: OM(1) can be broken.
        let mut s = session(3);
        s.submit("g-state 2 faulty liar");
        let found = s.submit("g-search");
        assert!(found[0].text.starts_with("search: IC"), "{:?}", found[0]);
        assert!(s.is_busy(), "the behaviour found is replayed as an order");
        assert_eq!(
            strategy_tag(&s, GeneralId(2)).unwrap(),
            "faulty: scripted (search)"
        );
        s.finish();
        // The last order's picture is still the replay.
        assert_eq!(
            strategy_tag(&s, GeneralId(2)).unwrap(),
            "faulty: scripted (search)"
        );
        s.submit("actual-order attack");
        assert_eq!(strategy_tag(&s, GeneralId(2)).unwrap(), "faulty: liar");
        s.finish();
        assert_eq!(strategy_tag(&s, GeneralId(2)).unwrap(), "faulty: liar");
    }

    #[test]
    fn a_lying_lieutenant_among_three_is_marked_as_breaking_ic2() {
        let mut s = session(3);
        s.submit("g-state 3 faulty liar");
        s.submit("actual-order attack");
        assert!(check_marks(&s).is_empty(), "nothing marked in flight");
        let lines = s.finish();
        assert_eq!(
            lines.last().unwrap().text,
            "check: IC1 holds; IC2 broken (loyal commander G1 ordered attack; G2 decided undefined)"
        );
        let marks = check_marks(&s);
        assert_eq!(
            marks,
            [(
                GeneralId(2),
                Breaks {
                    ic1: false,
                    ic2: true,
                    decided: Majority::Undefined
                }
            )]
        );
        assert_eq!(marks[0].1.label(Some(Majority::Undefined)), "breaks IC2");
        assert_eq!(marks[0].1.label(None), "breaks IC2 (decided undefined)");
        // The army changes: the marks go with the last order.
        s.submit("g-state 3 faulty two-faced");
        assert!(check_marks(&s).is_empty());
        // Under SM(1) the same three hold.
        s.submit("g-protocol sm 1");
        s.submit("actual-order attack");
        s.finish();
        assert!(check_marks(&s).is_empty());
    }

    #[test]
    fn disagreeing_lieutenants_are_all_marked_and_both_conditions_merge() {
        // Five generals, two two-faced traitors (G4, G5) under OM(1): each
        // tells G1 and G2 attack, G3 and the other traitor retreat, so G2
        // hears retreat twice and attack twice (undefined) and G3 retreat.
        let mut s = session(5);
        s.submit("g-state 4 faulty two-faced");
        s.submit("g-state 5 faulty two-faced");
        s.submit("actual-order retreat");
        let lines = s.finish();
        let check = lines.last().unwrap().text.clone();
        assert_eq!(
            check,
            "check: IC1 broken (loyal lieutenants disagree: G3 retreat; G2 undefined); \
             IC2 broken (loyal commander G1 ordered retreat; G2 decided undefined)"
        );
        let marks = check_marks(&s);
        let both = Breaks {
            ic1: true,
            ic2: true,
            decided: Majority::Undefined,
        };
        let ic1 = Breaks {
            ic1: true,
            ic2: false,
            decided: Majority::Order(Order::Retreat),
        };
        assert_eq!(marks, [(GeneralId(2), both), (GeneralId(3), ic1)]);
        let retreat = Some(Majority::Order(Order::Retreat));
        assert_eq!(both.label(Some(Majority::Undefined)), "breaks IC1+IC2");
        assert_eq!(ic1.label(retreat), "breaks IC1");
    }

    #[test]
    fn a_mark_says_what_was_really_decided_where_the_verdict_prints_undefined() {
        // Seven generals, three traitors: the verdict's case 1 prints
        // undefined for everyone, but G2 and G4 really decided attack.
        let mut s = session(7);
        s.submit("g-state 3 faulty two-faced");
        s.submit("g-state 6 faulty liar");
        s.submit("g-state 5 faulty silent");
        s.submit("actual-order attack");
        s.finish();
        let shown = Some(Majority::Undefined);
        let labels: Vec<(u32, String)> = check_marks(&s)
            .into_iter()
            .map(|(id, breaks)| (id.0, breaks.label(shown)))
            .collect();
        assert_eq!(
            labels,
            [
                (2, "breaks IC1 (decided attack)".to_string()),
                (4, "breaks IC1 (decided attack)".to_string()),
                (7, "breaks IC1+IC2".to_string())
            ]
        );
    }
}
