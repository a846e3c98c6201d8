//! IC1 and IC2, the paper's interactive consistency conditions, checked from
//! the decisions the protocol really reached (also where the verdict's case 1
//! prints `undefined` for everyone):
//!
//! - IC1 (agreement): all loyal lieutenants decide the same value. A loyal
//!   lieutenant that decided `undefined` disagrees with one that decided an
//!   order; all deciding `undefined` agree (they all do the same thing).
//! - IC2 (validity): if the commander is loyal, every loyal lieutenant decides
//!   its order (`undefined` is disobedience). With a faulty commander IC2 does
//!   not apply.
//!
//! `Check` is data (who decided what), so the page can mark the generals that
//! break a condition; `describe` is the one `check: ` note line.

use super::limits::MAX_NAMED_IN_CHECK;
use super::order::{Majority, Order};
use super::roster::{GeneralId, Roster};

/// IC1: the loyal lieutenants, grouped by what they decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Agreement {
    Holds,
    /// Two or more groups, in the order attack, retreat, undefined; ids ascending.
    Broken(Vec<(Majority, Vec<GeneralId>)>),
}

/// IC2: whether the loyal lieutenants obeyed a loyal commander.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Validity {
    Holds,
    /// The commander is faulty: IC2 asks nothing.
    NotApplicable,
    Broken {
        commander: GeneralId,
        order: Order,
        /// The loyal lieutenants that decided something else, ids ascending.
        disobeyed: Vec<(GeneralId, Majority)>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    pub ic1: Agreement,
    pub ic2: Validity,
}

const VALUES: [Majority; 3] = [
    Majority::Order(Order::Attack),
    Majority::Order(Order::Retreat),
    Majority::Undefined,
];

impl Check {
    /// Checks one order: `order` is what the primary was told to send,
    /// `decided` each secondary's decision (the protocol's, not the verdict's).
    pub fn judge(roster: &Roster, order: Order, decided: impl Fn(GeneralId) -> Majority) -> Check {
        let primary = roster.primary();
        let loyal: Vec<(GeneralId, Majority)> = roster
            .members()
            .iter()
            .filter(|m| m.id != primary && !m.loyalty.is_faulty())
            .map(|m| (m.id, decided(m.id)))
            .collect();
        let groups: Vec<(Majority, Vec<GeneralId>)> = VALUES
            .into_iter()
            .map(|value| {
                let ids = loyal
                    .iter()
                    .filter(|(_, d)| *d == value)
                    .map(|(id, _)| *id)
                    .collect::<Vec<_>>();
                (value, ids)
            })
            .filter(|(_, ids)| !ids.is_empty())
            .collect();
        let ic1 = if groups.len() > 1 {
            Agreement::Broken(groups)
        } else {
            Agreement::Holds
        };
        let commander_faulty = roster.get(primary).is_some_and(|m| m.loyalty.is_faulty());
        let ic2 = if commander_faulty {
            Validity::NotApplicable
        } else {
            let disobeyed: Vec<(GeneralId, Majority)> = loyal
                .into_iter()
                .filter(|(_, d)| *d != Majority::Order(order))
                .collect();
            if disobeyed.is_empty() {
                Validity::Holds
            } else {
                Validity::Broken {
                    commander: primary,
                    order,
                    disobeyed,
                }
            }
        };
        Check { ic1, ic2 }
    }

    /// Both conditions hold (IC2 not applying counts as holding).
    pub fn holds(&self) -> bool {
        self.ic1 == Agreement::Holds && !matches!(self.ic2, Validity::Broken { .. })
    }
}

/// `G2, G3 and 5 more`: at most `MAX_NAMED_IN_CHECK` ids, then a count.
fn names(ids: &[GeneralId]) -> String {
    let shown: Vec<String> = ids
        .iter()
        .take(MAX_NAMED_IN_CHECK)
        .map(ToString::to_string)
        .collect();
    let mut text = shown.join(", ");
    if ids.len() > MAX_NAMED_IN_CHECK {
        text += &format!(" and {} more", ids.len() - MAX_NAMED_IN_CHECK);
    }
    text
}

/// The note after a verdict, for example
/// `check: IC1 broken (loyal lieutenants disagree: G2 attack; G3 undefined); IC2 broken (loyal commander G1 ordered attack; G3 decided undefined)`.
pub fn describe(check: &Check) -> String {
    let ic1 = match &check.ic1 {
        Agreement::Holds => "IC1 holds".to_string(),
        Agreement::Broken(groups) => format!(
            "IC1 broken (loyal lieutenants disagree: {})",
            groups
                .iter()
                .map(|(value, ids)| format!("{} {value}", names(ids)))
                .collect::<Vec<_>>()
                .join("; ")
        ),
    };
    let ic2 = match &check.ic2 {
        Validity::Holds => "IC2 holds".to_string(),
        Validity::NotApplicable => "IC2 n/a (faulty commander)".to_string(),
        Validity::Broken {
            commander,
            order,
            disobeyed,
        } => {
            let by_value: Vec<String> = VALUES
                .into_iter()
                .filter_map(|value| {
                    let ids: Vec<GeneralId> = disobeyed
                        .iter()
                        .filter(|(_, d)| *d == value)
                        .map(|(id, _)| *id)
                        .collect();
                    (!ids.is_empty()).then(|| format!("{} decided {value}", names(&ids)))
                })
                .collect();
            format!(
                "IC2 broken (loyal commander {commander} ordered {order}; {})",
                by_value.join("; ")
            )
        }
    };
    format!("check: {ic1}; {ic2}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::roster::Loyalty;

    const A: Majority = Majority::Order(Order::Attack);
    const R: Majority = Majority::Order(Order::Retreat);
    const U: Majority = Majority::Undefined;

    #[test]
    fn everyone_obeying_holds_both() {
        let roster = Roster::new(4, 1);
        let check = Check::judge(&roster, Order::Attack, |_| A);
        assert!(check.holds());
        assert_eq!(describe(&check), "check: IC1 holds; IC2 holds");
    }

    #[test]
    fn a_faulty_commander_leaves_ic2_out() {
        let mut roster = Roster::new(4, 1);
        roster.set_loyalty(1, Loyalty::Faulty).unwrap();
        let check = Check::judge(&roster, Order::Attack, |_| R);
        assert!(check.holds());
        assert_eq!(
            describe(&check),
            "check: IC1 holds; IC2 n/a (faulty commander)"
        );
    }

    #[test]
    fn disagreement_names_each_side_and_faulty_generals_do_not_count() {
        let mut roster = Roster::new(5, 1);
        roster.set_loyalty(4, Loyalty::Faulty).unwrap();
        let check = Check::judge(&roster, Order::Attack, |id| match id.0 {
            2 => A,
            3 => U,
            4 => R,
            _ => A,
        });
        assert!(!check.holds());
        assert_eq!(
            check.ic1,
            Agreement::Broken(vec![
                (A, vec![GeneralId(2), GeneralId(5)]),
                (U, vec![GeneralId(3)])
            ])
        );
        assert_eq!(
            describe(&check),
            "check: IC1 broken (loyal lieutenants disagree: G2, G5 attack; G3 undefined); \
             IC2 broken (loyal commander G1 ordered attack; G3 decided undefined)"
        );
    }

    #[test]
    fn agreeing_on_the_wrong_order_breaks_only_ic2() {
        let roster = Roster::new(3, 2);
        let check = Check::judge(&roster, Order::Retreat, |_| A);
        assert_eq!(check.ic1, Agreement::Holds);
        assert_eq!(
            describe(&check),
            "check: IC1 holds; IC2 broken (loyal commander G2 ordered retreat; G1, G3 decided attack)"
        );
    }

    #[test]
    fn long_lists_are_cut() {
        let roster = Roster::new(20, 1);
        let check = Check::judge(&roster, Order::Attack, |id| if id.0 == 2 { A } else { R });
        assert_eq!(
            describe(&check),
            "check: IC1 broken (loyal lieutenants disagree: G2 attack; \
             G3, G4, G5, G6, G7, G8, G9, G10 and 10 more retreat); \
             IC2 broken (loyal commander G1 ordered attack; \
             G3, G4, G5, G6, G7, G8, G9, G10 and 10 more decided retreat)"
        );
    }

    #[test]
    fn an_army_of_one_holds_vacuously() {
        let roster = Roster::new(1, 1);
        assert!(Check::judge(&roster, Order::Attack, |_| U).holds());
    }
}
