//! How a general chooses what it sends: honestly, by a named traitor
//! strategy, or from a script (the extension point for the adversary search).
//!
//! A strategy never looks at anything but the message it is about to send:
//! the value an honest general would send, the receiver's position, and how
//! many messages this general has composed so far. The protocols decide what
//! a move may mean: under OM(m) a faulty general may send any value or none;
//! under SM(m) a lieutenant cannot alter a signed order, so it may only relay
//! it or withhold it (see `Conduct::signed_relay`).

use std::fmt;

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::order::Order;

/// A faulty general's named strategy, chosen with `g-state <ID> faulty <S>`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Strategy {
    /// A fair coin for every message, ignoring what it heard: the exercise's
    /// model and the default. Draws exactly one `bool` per message, in the
    /// order the messages are composed, so seeded runs replay.
    #[default]
    Coin,
    /// Always the opposite of what an honest general would send.
    Liar,
    /// Attack to the first half of the other generals and retreat to the
    /// rest, whatever it heard (see `two_faced_value`).
    TwoFaced,
    /// Sends nothing at all.
    Silent,
}

impl Strategy {
    /// Every strategy, in the order `help` and error lines list them.
    pub const ALL: [Strategy; 4] = [
        Strategy::Coin,
        Strategy::Liar,
        Strategy::TwoFaced,
        Strategy::Silent,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Strategy::Coin => "coin",
            Strategy::Liar => "liar",
            Strategy::TwoFaced => "two-faced",
            Strategy::Silent => "silent",
        }
    }

    pub fn parse(word: &str) -> Option<Strategy> {
        Strategy::ALL.into_iter().find(|s| s.as_str() == word)
    }

    /// `coin, liar, two-faced, silent`, for error lines.
    pub fn accepted() -> String {
        Strategy::ALL.map(Strategy::as_str).join(", ")
    }
}

impl fmt::Display for Strategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a general does with one message it is due to send.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Move {
    /// Send this value. Under SM(m) a lieutenant's relay carries the signed
    /// value whatever is asked here: only the choice to send counts.
    Send(Order),
    /// Send nothing; the receiver notices at the round's deadline.
    Withhold,
}

/// How one general behaves during one order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Conduct {
    /// Sends exactly what the protocol says.
    #[default]
    Loyal,
    /// A faulty general following a named strategy.
    Faulty(Strategy),
    /// A faulty general whose k-th composed message (counted from 0 over the
    /// whole order, in the order it composes them) follows `moves[k]`. Past
    /// the end of the script it sends honestly. This is how the adversary
    /// search replays one behaviour of the faulty generals.
    Scripted(Vec<Move>),
}

/// Where a receiver stands for a two-faced sender: its position among the
/// sender's `others` fellow generals in ascending id order (the roster's
/// order), from 0. Positions below `ceil(others / 2)` form the first half.
pub fn in_first_half(position: usize, others: usize) -> bool {
    position < others.div_ceil(2)
}

/// A two-faced general's value for the receiver at `position`: attack to the
/// first half (the lower ids), retreat to the second.
pub fn two_faced_value(position: usize, others: usize) -> Order {
    if in_first_half(position, others) {
        Order::Attack
    } else {
        Order::Retreat
    }
}

/// The receiver's position among the sender's fellow generals (everyone but
/// the sender, in index order, which is id order).
pub fn position_among_others(sender: usize, receiver: usize) -> usize {
    if receiver < sender {
        receiver
    } else {
        receiver - 1
    }
}

/// One fair coin: the draw today's seeded transcripts were recorded with.
fn coin(rng: &mut ChaCha8Rng) -> Order {
    if rng.random::<bool>() {
        Order::Attack
    } else {
        Order::Retreat
    }
}

impl Conduct {
    pub fn is_loyal(&self) -> bool {
        matches!(self, Conduct::Loyal)
    }

    /// Whether it may send nothing where a message is due (`silent`, or a
    /// script, which may say so). The others always send something.
    pub fn may_withhold(&self) -> bool {
        matches!(
            self,
            Conduct::Faulty(Strategy::Silent) | Conduct::Scripted(_)
        )
    }

    /// The strategy, for a general following a named one.
    pub fn strategy(&self) -> Option<Strategy> {
        match self {
            Conduct::Faulty(strategy) => Some(*strategy),
            _ => None,
        }
    }

    /// A message whose value the sender chooses freely: every message under
    /// OM(m), and the commander's signed order under SM(m). `composed` is how
    /// many messages this general composed before this one; `position` and
    /// `others` place the receiver (see `position_among_others`).
    pub fn choose(
        &self,
        honest: Order,
        composed: u64,
        position: usize,
        others: usize,
        rng: &mut ChaCha8Rng,
    ) -> Move {
        match self {
            Conduct::Loyal => Move::Send(honest),
            Conduct::Faulty(Strategy::Coin) => Move::Send(coin(rng)),
            Conduct::Faulty(Strategy::Liar) => Move::Send(honest.opposite()),
            Conduct::Faulty(Strategy::TwoFaced) => Move::Send(two_faced_value(position, others)),
            Conduct::Faulty(Strategy::Silent) => Move::Withhold,
            Conduct::Scripted(moves) => scripted(moves, composed, honest),
        }
    }

    /// Whether a lieutenant under SM(m) passes on a signed order it is due to
    /// relay. It cannot forge or alter one, so every strategy acts by
    /// withholding: `coin` relays each message on a fair coin (one draw per
    /// message), `two-faced` relays to the first half only, `silent` to
    /// nobody, and `liar` to nobody either: its only way to lie is to keep a
    /// true order from the others.
    pub fn signed_relay(
        &self,
        composed: u64,
        position: usize,
        others: usize,
        rng: &mut ChaCha8Rng,
    ) -> bool {
        match self {
            Conduct::Loyal => true,
            Conduct::Faulty(Strategy::Coin) => rng.random::<bool>(),
            Conduct::Faulty(Strategy::Liar | Strategy::Silent) => false,
            Conduct::Faulty(Strategy::TwoFaced) => in_first_half(position, others),
            Conduct::Scripted(moves) => {
                matches!(scripted(moves, composed, Order::Attack), Move::Send(_))
            }
        }
    }
}

fn scripted(moves: &[Move], composed: u64, honest: Order) -> Move {
    usize::try_from(composed)
        .ok()
        .and_then(|k| moves.get(k))
        .copied()
        .unwrap_or(Move::Send(honest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn strategies_parse_and_print() {
        for s in Strategy::ALL {
            assert_eq!(Strategy::parse(s.as_str()), Some(s));
        }
        assert_eq!(Strategy::parse("two_faced"), None);
        assert_eq!(Strategy::accepted(), "coin, liar, two-faced, silent");
    }

    #[test]
    fn two_faced_splits_the_others_by_position() {
        // Three others: G_a, G_b hear attack, G_c retreat.
        let values: Vec<Order> = (0..3).map(|p| two_faced_value(p, 3)).collect();
        assert_eq!(values, [Order::Attack, Order::Attack, Order::Retreat]);
        assert_eq!(two_faced_value(0, 2), Order::Attack);
        assert_eq!(two_faced_value(1, 2), Order::Retreat);
        assert_eq!(position_among_others(2, 0), 0);
        assert_eq!(position_among_others(2, 3), 2);
    }

    #[test]
    fn coin_draws_one_bool_per_message() {
        let mut a = ChaCha8Rng::seed_from_u64(9);
        let mut b = ChaCha8Rng::seed_from_u64(9);
        let conduct = Conduct::Faulty(Strategy::Coin);
        for k in 0..64 {
            let expected = if b.random::<bool>() {
                Order::Attack
            } else {
                Order::Retreat
            };
            assert_eq!(
                conduct.choose(Order::Attack, k, 0, 3, &mut a),
                Move::Send(expected)
            );
        }
    }

    #[test]
    fn scripts_run_out_into_honesty() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let script = Conduct::Scripted(vec![Move::Withhold, Move::Send(Order::Retreat)]);
        assert_eq!(
            script.choose(Order::Attack, 0, 0, 3, &mut rng),
            Move::Withhold
        );
        assert_eq!(
            script.choose(Order::Attack, 1, 0, 3, &mut rng),
            Move::Send(Order::Retreat)
        );
        assert_eq!(
            script.choose(Order::Attack, 2, 0, 3, &mut rng),
            Move::Send(Order::Attack)
        );
        assert!(!script.signed_relay(0, 0, 3, &mut rng));
        assert!(script.signed_relay(1, 0, 3, &mut rng));
    }

    #[test]
    fn under_signatures_only_withholding_is_left() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let relays = |s: Strategy, rng: &mut ChaCha8Rng| -> Vec<bool> {
            (0..4)
                .map(|p| Conduct::Faulty(s).signed_relay(p as u64, p, 4, rng))
                .collect()
        };
        assert_eq!(relays(Strategy::Silent, &mut rng), [false; 4]);
        assert_eq!(relays(Strategy::Liar, &mut rng), [false; 4]);
        assert_eq!(
            relays(Strategy::TwoFaced, &mut rng),
            [true, true, false, false]
        );
        assert!(Conduct::Loyal.signed_relay(0, 3, 4, &mut rng));
    }
}
