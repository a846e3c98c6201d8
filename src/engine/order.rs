//! The two orders a general can hold and the majority rule over them.

use std::fmt;

/// A value carried by a message: what the sender says the army should do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Order {
    Attack,
    Retreat,
}

impl Order {
    pub const fn as_str(self) -> &'static str {
        match self {
            Order::Attack => "attack",
            Order::Retreat => "retreat",
        }
    }

    pub fn parse(word: &str) -> Option<Order> {
        match word {
            "attack" => Some(Order::Attack),
            "retreat" => Some(Order::Retreat),
            _ => None,
        }
    }

    /// The other order: what a liar sends instead of this one.
    pub const fn opposite(self) -> Order {
        match self {
            Order::Attack => Order::Retreat,
            Order::Retreat => Order::Attack,
        }
    }

    /// Packs into a byte for the dense per-general memory; 0 means "nothing heard".
    pub(crate) const fn to_byte(self) -> u8 {
        match self {
            Order::Attack => 1,
            Order::Retreat => 2,
        }
    }
}

impl fmt::Display for Order {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The outcome of a majority vote: an order, or `undefined` when no value is
/// held by strictly more than half of the values considered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Majority {
    Order(Order),
    Undefined,
}

impl Majority {
    pub const fn as_str(self) -> &'static str {
        match self {
            Majority::Order(order) => order.as_str(),
            Majority::Undefined => "undefined",
        }
    }

    pub(crate) const fn from_byte(byte: u8) -> Majority {
        match byte {
            1 => Majority::Order(Order::Attack),
            // 3: retreat taken by default for a message that never came (om.rs).
            2 | 3 => Majority::Order(Order::Retreat),
            _ => Majority::Undefined,
        }
    }
}

impl fmt::Display for Majority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Tallies values and applies the strict-majority rule. `undefined` values
/// count towards the total but for neither order, as the spec requires.
#[derive(Clone, Copy, Debug, Default)]
pub struct Tally {
    attack: u32,
    retreat: u32,
    total: u32,
}

impl Tally {
    pub fn add(&mut self, value: Majority) {
        self.total += 1;
        match value {
            Majority::Order(Order::Attack) => self.attack += 1,
            Majority::Order(Order::Retreat) => self.retreat += 1,
            Majority::Undefined => {}
        }
    }

    /// Adds `total` values at once, `attack` and `retreat` of them orders
    /// and the rest undefined.
    pub fn add_counts(&mut self, attack: u32, retreat: u32, total: u32) {
        debug_assert!(attack + retreat <= total);
        self.attack += attack;
        self.retreat += retreat;
        self.total += total;
    }

    pub fn majority(&self) -> Majority {
        if 2 * self.attack > self.total {
            Majority::Order(Order::Attack)
        } else if 2 * self.retreat > self.total {
            Majority::Order(Order::Retreat)
        } else {
            Majority::Undefined
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn majority_of(values: &[Majority]) -> Majority {
        let mut tally = Tally::default();
        values.iter().for_each(|v| tally.add(*v));
        tally.majority()
    }

    const A: Majority = Majority::Order(Order::Attack);
    const R: Majority = Majority::Order(Order::Retreat);
    const U: Majority = Majority::Undefined;

    #[test]
    fn strict_majority_wins() {
        assert_eq!(majority_of(&[A, A, R]), A);
        assert_eq!(majority_of(&[R, A, R]), R);
        assert_eq!(majority_of(&[A, A, U]), A);
    }

    #[test]
    fn ties_and_undefined_give_undefined() {
        assert_eq!(majority_of(&[A, R]), U);
        assert_eq!(majority_of(&[A, U]), U);
        assert_eq!(majority_of(&[A, R, U]), U);
        assert_eq!(majority_of(&[]), U);
    }

    #[test]
    fn bytes_round_trip() {
        for order in [Order::Attack, Order::Retreat] {
            assert_eq!(Majority::from_byte(order.to_byte()), Majority::Order(order));
        }
        assert_eq!(Majority::from_byte(0), U);
    }
}
