//! Exact message counts. OM(m) sends the sum over r = 1..=m+1 of
//! (n-1)(n-2)...(n-r) messages: at n = 1000 and m = 16 that is about
//! 8.6 × 10^50, past u128. A count is kept as decimal digits in groups of
//! nine (base 10^9), which is all a count needs: multiply by a small number,
//! add, compare with the cap, print. A short routine rather than a
//! big-integer crate: these four operations are the whole need.

use std::cmp::Ordering;
use std::fmt;

const BASE: u64 = 1_000_000_000;

/// A whole number of any size, never saturated.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Count {
    /// Base-10^9 digits, least significant first, no trailing zero groups.
    groups: Vec<u32>,
}

impl From<u64> for Count {
    fn from(value: u64) -> Count {
        let mut count = Count::default();
        let mut rest = value;
        while rest > 0 {
            count.groups.push((rest % BASE) as u32);
            rest /= BASE;
        }
        count
    }
}

impl Count {
    pub fn is_zero(&self) -> bool {
        self.groups.is_empty()
    }

    pub fn is_one(&self) -> bool {
        self.groups == [1]
    }

    /// The count as a u64, if it fits.
    pub fn to_u64(&self) -> Option<u64> {
        self.groups.iter().rev().try_fold(0u64, |acc, &group| {
            acc.checked_mul(BASE)?.checked_add(u64::from(group))
        })
    }

    /// Multiplies in place by a factor that fits a u64.
    pub fn multiply(&mut self, factor: u64) {
        if factor == 0 {
            self.groups.clear();
            return;
        }
        let mut carry: u128 = 0;
        for group in &mut self.groups {
            let product = u128::from(*group) * u128::from(factor) + carry;
            *group = (product % u128::from(BASE)) as u32;
            carry = product / u128::from(BASE);
        }
        while carry > 0 {
            self.groups.push((carry % u128::from(BASE)) as u32);
            carry /= u128::from(BASE);
        }
    }

    /// Adds another count in place.
    pub fn add(&mut self, other: &Count) {
        if self.groups.len() < other.groups.len() {
            self.groups.resize(other.groups.len(), 0);
        }
        let mut carry = 0u64;
        for (i, group) in self.groups.iter_mut().enumerate() {
            let sum =
                u64::from(*group) + u64::from(other.groups.get(i).copied().unwrap_or(0)) + carry;
            *group = (sum % BASE) as u32;
            carry = sum / BASE;
        }
        if carry > 0 {
            self.groups.push(carry as u32);
        }
    }

    /// Whether the count is larger than `limit`.
    pub fn exceeds(&self, limit: u64) -> bool {
        self.to_u64().is_none_or(|value| value > limit)
    }
}

impl PartialEq<u64> for Count {
    fn eq(&self, other: &u64) -> bool {
        self.to_u64() == Some(*other)
    }
}

impl PartialEq<Count> for u64 {
    fn eq(&self, other: &Count) -> bool {
        other == self
    }
}

/// Against a u64 without building a count of it (no digit groups to
/// allocate): a count past u64 is the greater.
impl PartialOrd<u64> for Count {
    fn partial_cmp(&self, other: &u64) -> Option<Ordering> {
        Some(
            self.to_u64()
                .map_or(Ordering::Greater, |value| value.cmp(other)),
        )
    }
}

impl PartialOrd<Count> for u64 {
    fn partial_cmp(&self, other: &Count) -> Option<Ordering> {
        other.partial_cmp(self).map(Ordering::reverse)
    }
}

impl PartialOrd for Count {
    fn partial_cmp(&self, other: &Count) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Count {
    fn cmp(&self, other: &Count) -> Ordering {
        self.groups
            .len()
            .cmp(&other.groups.len())
            .then_with(|| self.groups.iter().rev().cmp(other.groups.iter().rev()))
    }
}

impl fmt::Display for Count {
    /// Digits grouped in threes, as people read counts: `998,001`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some((top, rest)) = self.groups.split_last() else {
            return f.write_str("0");
        };
        let mut digits = top.to_string();
        for group in rest.iter().rev() {
            digits += &format!("{group:09}");
        }
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                f.write_str(",")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_counts_print_as_u64_does_with_thousands() {
        for value in [
            0,
            1,
            999,
            1000,
            998_001,
            999_999_999,
            1_000_000_000,
            u64::MAX,
        ] {
            let count = Count::from(value);
            assert_eq!(count.to_u64(), Some(value));
            assert_eq!(count.to_string(), crate::engine::output::thousands(value));
        }
        assert!(Count::from(1).is_one() && Count::from(0).is_zero());
    }

    #[test]
    fn products_and_sums_are_exact_past_u128() {
        // 2^64 * 2^64 = 2^128 = 340282366920938463463374607431768211456.
        let mut count = Count::from(u64::MAX);
        count.add(&Count::from(1));
        count.multiply(1 << 32);
        count.multiply(1 << 32);
        assert_eq!(
            count.to_string(),
            "340,282,366,920,938,463,463,374,607,431,768,211,456"
        );
        assert_eq!(count.to_u64(), None);
        assert!(count.exceeds(u64::MAX));
        assert!(!Count::from(3_000_000).exceeds(3_000_000));
        assert!(Count::from(3_000_001).exceeds(3_000_000));
        assert_eq!(count.cmp(&Count::from(u64::MAX)), Ordering::Greater);
        assert_eq!(
            Count::from(2_000_000_005).cmp(&Count::from(2_000_000_007)),
            Ordering::Less
        );
        assert!(u64::MAX < count);
        let four = Count::from(4);
        assert!(four < 5u64 && four > 3u64);
        count.multiply(0);
        assert!(count.is_zero());
    }
}
