//! What the army concludes after an exchange: one report per general and the
//! spec's three-way verdict (too few generals, a quorum, or no quorum).

use super::order::{Majority, Order};
use super::protocol::Protocol;
use super::roster::{GeneralId, Loyalty, Role, Roster};

/// One general's line after an exchange.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Report {
    pub id: GeneralId,
    pub role: Role,
    pub majority: Majority,
    pub loyalty: Loyalty,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Too few generals for k faults: n < 3k + 1 under OM(m); k > m or
    /// n < k + 2 under SM(m).
    NotEnoughGenerals,
    /// A quorum of generals reported this order.
    Decided(Order),
    /// Enough generals, but no order reached a quorum.
    NoQuorum,
}

impl Outcome {
    /// Cases 2 and 3 from the generals reporting each order (the primary
    /// included): the experiments count outcomes this way without building
    /// every report.
    pub fn of_counts(attack: usize, retreat: usize, quorum: usize) -> Outcome {
        let (leader, votes) = if attack >= retreat {
            (Order::Attack, attack)
        } else {
            (Order::Retreat, retreat)
        };
        if votes >= quorum && attack != retreat {
            Outcome::Decided(leader)
        } else {
            Outcome::NoQuorum
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub reports: Vec<Report>,
    pub outcome: Outcome,
    /// n: live generals.
    pub live: usize,
    /// k: faulty generals, the primary included.
    pub faulty: usize,
    /// q = floor(n / 2) + 1.
    pub quorum: usize,
}

impl Verdict {
    /// Judges an OM(m) exchange (the spec's rules). `decided` gives each
    /// secondary's nested majority; the primary reports the order it was given.
    pub fn judge(
        roster: &Roster,
        order: Order,
        decided: impl Fn(GeneralId) -> Majority,
    ) -> Verdict {
        Verdict::judge_under(Protocol::oral(1), roster, order, decided)
    }

    /// Judges an exchange of `protocol`: its case 1 (too few generals) is the
    /// protocol's own bound (`Protocol::too_few`); the rest is the spec's.
    pub fn judge_under(
        protocol: Protocol,
        roster: &Roster,
        order: Order,
        decided: impl Fn(GeneralId) -> Majority,
    ) -> Verdict {
        let live = roster.len();
        let faulty = roster.faulty_count();
        let quorum = live / 2 + 1;
        let too_few = protocol.too_few(live, faulty);
        let reports: Vec<Report> = roster
            .members()
            .iter()
            .map(|member| {
                let role = roster.role_of(member.id);
                let majority = match role {
                    Role::Primary => Majority::Order(order),
                    Role::Secondary if too_few => Majority::Undefined,
                    Role::Secondary => decided(member.id),
                };
                Report {
                    id: member.id,
                    role,
                    majority,
                    loyalty: member.loyalty,
                }
            })
            .collect();
        let outcome = if too_few {
            Outcome::NotEnoughGenerals
        } else {
            let count = |o: Order| {
                reports
                    .iter()
                    .filter(|r| r.majority == Majority::Order(o))
                    .count()
            };
            Outcome::of_counts(count(Order::Attack), count(Order::Retreat), quorum)
        };
        Verdict {
            reports,
            outcome,
            live,
            faulty,
            quorum,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_few_generals_blanks_every_secondary() {
        let mut roster = Roster::new(3, 1);
        roster.set_loyalty(2, Loyalty::Faulty).unwrap();
        let verdict = Verdict::judge(&roster, Order::Attack, |_| Majority::Order(Order::Attack));
        assert_eq!(verdict.outcome, Outcome::NotEnoughGenerals);
        let majorities: Vec<_> = verdict.reports.iter().map(|r| r.majority).collect();
        assert_eq!(
            majorities,
            vec![
                Majority::Order(Order::Attack),
                Majority::Undefined,
                Majority::Undefined
            ]
        );
    }

    #[test]
    fn signed_messages_carry_three_generals_with_one_traitor() {
        let mut roster = Roster::new(3, 1);
        roster.set_loyalty(2, Loyalty::Faulty).unwrap();
        let attack = |_| Majority::Order(Order::Attack);
        let verdict = Verdict::judge_under(Protocol::signed(1), &roster, Order::Attack, attack);
        assert_eq!(verdict.outcome, Outcome::Decided(Order::Attack));
        // Two traitors are more than SM(1) covers.
        roster.set_loyalty(3, Loyalty::Faulty).unwrap();
        let verdict = Verdict::judge_under(Protocol::signed(1), &roster, Order::Attack, attack);
        assert_eq!(verdict.outcome, Outcome::NotEnoughGenerals);
        let verdict = Verdict::judge_under(Protocol::signed(2), &roster, Order::Attack, attack);
        assert_eq!(verdict.outcome, Outcome::NotEnoughGenerals, "n < k + 2");
        roster.add(1).unwrap();
        let verdict = Verdict::judge_under(Protocol::signed(2), &roster, Order::Attack, attack);
        assert_eq!(verdict.outcome, Outcome::Decided(Order::Attack));
    }

    #[test]
    fn a_split_army_has_no_quorum() {
        let roster = Roster::new(4, 1);
        let verdict = Verdict::judge(&roster, Order::Attack, |id| {
            if id.0 == 2 {
                Majority::Order(Order::Attack)
            } else {
                Majority::Order(Order::Retreat)
            }
        });
        // attack 2 (G1, G2), retreat 2 (G3, G4): equal counts.
        assert_eq!(verdict.outcome, Outcome::NoQuorum);
        assert_eq!(verdict.quorum, 3);
    }

    #[test]
    fn the_larger_side_needs_a_quorum() {
        let roster = Roster::new(5, 1);
        let verdict = Verdict::judge(&roster, Order::Retreat, |id| match id.0 {
            2 | 3 => Majority::Order(Order::Retreat),
            _ => Majority::Undefined,
        });
        assert_eq!(verdict.outcome, Outcome::Decided(Order::Retreat));
        let verdict = Verdict::judge(&roster, Order::Retreat, |id| match id.0 {
            2 => Majority::Order(Order::Retreat),
            _ => Majority::Undefined,
        });
        assert_eq!(verdict.outcome, Outcome::NoQuorum);
    }
}
