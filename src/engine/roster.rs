//! The session's generals: who is alive, who is primary, who is faulty, and
//! the rules for ids, kills and promotion.

use std::fmt;

use super::adversary::{Conduct, Strategy};
use super::limits::MAX_GENERALS;

/// A general's id: a positive integer, never reused within a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GeneralId(pub u32);

impl GeneralId {
    /// Appends `G<id>` to `line`, as `Display` writes it, without `fmt`'s
    /// machinery: the console writes a line a general for most commands,
    /// a thousand at the cap (see `output::general_line`).
    pub fn push_to(self, line: &mut String) {
        line.push('G');
        let mut digits = [0; U32_DIGITS];
        let start = write_decimal(self.0, &mut digits);
        line.extend(digits[start..].iter().map(|&digit| char::from(digit)));
    }
}

impl fmt::Display for GeneralId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // As `write!(f, "G{}", ...)` (width and fill are ignored), with no
        // nested `fmt::write`.
        f.write_str("G")?;
        f.write_str(decimal(self.0, &mut [0; U32_DIGITS]))
    }
}

/// The most decimal digits a u32 has.
const U32_DIGITS: usize = 10;

/// `value` in decimal, as text written into the end of `digits`.
fn decimal(value: u32, digits: &mut [u8; U32_DIGITS]) -> &str {
    let start = write_decimal(value, digits);
    // ASCII digits only: always UTF-8.
    std::str::from_utf8(&digits[start..]).unwrap_or_default()
}

/// Writes `value`'s ASCII decimal digits into the end of `digits`; returns
/// where they start.
fn write_decimal(mut value: u32, digits: &mut [u8; U32_DIGITS]) -> usize {
    let mut start = U32_DIGITS;
    loop {
        start -= 1;
        // A digit: value % 10 < 10, so the cast keeps it whole.
        digits[start] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    start
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Loyalty {
    NonFaulty,
    Faulty,
}

impl Loyalty {
    /// The spec's short form: `NF` or `F`.
    pub const fn code(self) -> &'static str {
        match self {
            Loyalty::NonFaulty => "NF",
            Loyalty::Faulty => "F",
        }
    }

    pub const fn is_faulty(self) -> bool {
        matches!(self, Loyalty::Faulty)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    Primary,
    Secondary,
}

impl Role {
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Primary => "primary",
            Role::Secondary => "secondary",
        }
    }
}

/// One live general as the session knows it between orders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Member {
    pub id: GeneralId,
    pub loyalty: Loyalty,
    /// How it lies while faulty; `Coin` (the default) while non-faulty, so a
    /// general made faulty again without a strategy flips coins as before.
    pub strategy: Strategy,
}

impl Member {
    /// How this general behaves in the next order.
    pub fn conduct(&self) -> Conduct {
        match self.loyalty {
            Loyalty::NonFaulty => Conduct::Loyal,
            Loyalty::Faulty => Conduct::Faulty(self.strategy),
        }
    }
}

/// Why a roster change was refused. Each variant becomes one `error:` line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RosterError {
    NoSuchGeneral(u32),
    LastGeneral(GeneralId),
    TooMany { live: usize, requested: u64 },
    IdsExhausted,
}

/// The live generals in ascending id order, exactly one of them primary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Roster {
    members: Vec<Member>,
    primary: GeneralId,
    /// Next id to hand out; wider than an id so exhaustion is an error, not a wrap.
    next_id: u64,
    /// How many members are faulty, kept with every change: an order asks,
    /// and a loyal army then looks at no member's state (a thousand in the
    /// page's build were a fifth of a loyal order's time).
    faulty: usize,
}

impl Roster {
    /// Generals G1..=Gn, all non-faulty, with `primary` in command.
    /// The caller guarantees 1 <= n <= MAX_GENERALS and 1 <= primary <= n.
    pub fn new(n: usize, primary: u32) -> Roster {
        assert!((1..=MAX_GENERALS).contains(&n), "roster size out of range");
        assert!((1..=n as u32).contains(&primary), "primary out of range");
        Roster {
            members: (1..=n as u32)
                .map(|id| Member {
                    id: GeneralId(id),
                    loyalty: Loyalty::NonFaulty,
                    strategy: Strategy::Coin,
                })
                .collect(),
            primary: GeneralId(primary),
            next_id: n as u64 + 1,
            faulty: 0,
        }
    }

    /// A roster of exactly these members (ascending ids) with `primary` in
    /// command, as `g-search` sends it to a worker (`search_job`); `None`
    /// unless it keeps the invariants of `check_invariants`.
    pub fn from_members(members: Vec<Member>, primary: GeneralId) -> Option<Roster> {
        let next_id = u64::from(members.last()?.id.0) + 1;
        let faulty = members.iter().filter(|m| m.loyalty.is_faulty()).count();
        let roster = Roster {
            members,
            primary,
            next_id,
            faulty,
        };
        roster.check_invariants().ok().map(|()| roster)
    }

    pub fn members(&self) -> &[Member] {
        &self.members
    }

    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    pub fn primary(&self) -> GeneralId {
        self.primary
    }

    pub fn role_of(&self, id: GeneralId) -> Role {
        if id == self.primary {
            Role::Primary
        } else {
            Role::Secondary
        }
    }

    pub fn faulty_count(&self) -> usize {
        self.faulty
    }

    pub fn get(&self, id: GeneralId) -> Option<&Member> {
        self.position(id.0).ok().map(|i| &self.members[i])
    }

    /// Room left before the session holds MAX_GENERALS generals.
    pub fn room(&self) -> usize {
        MAX_GENERALS - self.members.len()
    }

    fn position(&self, id: u32) -> Result<usize, RosterError> {
        self.members
            .binary_search_by_key(&id, |m| m.id.0)
            .map_err(|_| RosterError::NoSuchGeneral(id))
    }

    /// Sets a general's state; a faulty one flips coins (`Strategy::Coin`).
    pub fn set_loyalty(&mut self, id: u32, loyalty: Loyalty) -> Result<(), RosterError> {
        self.set_state(id, loyalty, Strategy::Coin)
    }

    /// Sets a general's state and, if faulty, its strategy (ignored, and
    /// reset to `Coin`, for a non-faulty general).
    pub fn set_state(
        &mut self,
        id: u32,
        loyalty: Loyalty,
        strategy: Strategy,
    ) -> Result<(), RosterError> {
        let i = self.position(id)?;
        let was = usize::from(self.members[i].loyalty.is_faulty());
        self.faulty = self.faulty - was + usize::from(loyalty.is_faulty());
        self.members[i].loyalty = loyalty;
        self.members[i].strategy = match loyalty {
            Loyalty::Faulty => strategy,
            Loyalty::NonFaulty => Strategy::Coin,
        };
        Ok(())
    }

    /// Removes a general; if it was the primary, the survivor with the lowest
    /// id takes command. The last general cannot be killed: a session with no
    /// generals has no primary, which the spec forbids.
    pub fn kill(&mut self, id: u32) -> Result<(), RosterError> {
        let i = self.position(id)?;
        if self.members.len() == 1 {
            return Err(RosterError::LastGeneral(GeneralId(id)));
        }
        let removed = self.members.remove(i);
        self.faulty -= usize::from(removed.loyalty.is_faulty());
        if self.primary == GeneralId(id) {
            self.primary = self.members[0].id;
        }
        Ok(())
    }

    /// Adds `count` non-faulty secondaries with fresh ids.
    pub fn add(&mut self, count: u64) -> Result<(), RosterError> {
        if count == 0 || count > self.room() as u64 {
            return Err(RosterError::TooMany {
                live: self.members.len(),
                requested: count,
            });
        }
        let last = self.next_id + count - 1;
        if last > u64::from(u32::MAX) {
            return Err(RosterError::IdsExhausted);
        }
        self.members
            .extend((self.next_id as u32..=last as u32).map(|id| Member {
                id: GeneralId(id),
                loyalty: Loyalty::NonFaulty,
                strategy: Strategy::Coin,
            }));
        self.next_id = last + 1;
        Ok(())
    }

    /// The invariants every command must preserve; used by tests and debug
    /// assertions.
    pub fn check_invariants(&self) -> Result<(), String> {
        let n = self.members.len();
        if !(1..=MAX_GENERALS).contains(&n) {
            return Err(format!("{n} generals is outside 1..={MAX_GENERALS}"));
        }
        if !self.members.windows(2).all(|w| w[0].id < w[1].id) {
            return Err("ids are not unique and ascending".into());
        }
        if self.get(self.primary).is_none() {
            return Err(format!("primary {} is not alive", self.primary));
        }
        if self
            .members
            .iter()
            .any(|m| u64::from(m.id.0) >= self.next_id)
        {
            return Err("an id was handed out twice".into());
        }
        let faulty = self
            .members
            .iter()
            .filter(|m| m.loyalty.is_faulty())
            .count();
        if self.faulty != faulty {
            return Err(format!("{} faulty counted, {faulty} listed", self.faulty));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_general_id_is_written_as_write_wrote_it() {
        for id in [0, 1, 9, 10, 99, 100, 1000, 4_294_967_295] {
            let mut pushed = String::from("x");
            GeneralId(id).push_to(&mut pushed);
            assert_eq!(pushed, format!("xG{id}"));
            assert_eq!(GeneralId(id).to_string(), format!("G{id}"));
        }
        // `write!` ignored the width and fill; so does the id.
        assert_eq!(format!("[{:>6}]", GeneralId(7)), "[G7]");
        assert_eq!(format!("[{:<6}]", GeneralId(12)), "[G12]");
    }

    #[test]
    fn killing_the_primary_promotes_the_lowest_survivor() {
        let mut roster = Roster::new(4, 1);
        roster.kill(1).unwrap();
        assert_eq!(roster.primary(), GeneralId(2));
        roster.kill(3).unwrap();
        assert_eq!(roster.primary(), GeneralId(2));
        roster.check_invariants().unwrap();
    }

    #[test]
    fn ids_are_never_reused() {
        let mut roster = Roster::new(3, 2);
        roster.kill(3).unwrap();
        roster.add(2).unwrap();
        let ids: Vec<u32> = roster.members().iter().map(|m| m.id.0).collect();
        assert_eq!(ids, vec![1, 2, 4, 5]);
    }

    #[test]
    fn the_last_general_cannot_be_killed() {
        let mut roster = Roster::new(1, 1);
        assert_eq!(roster.kill(1), Err(RosterError::LastGeneral(GeneralId(1))));
        assert_eq!(roster.len(), 1);
    }

    #[test]
    fn adding_past_the_limit_changes_nothing() {
        let mut roster = Roster::new(999, 1);
        assert!(roster.add(2).is_err());
        assert_eq!(roster.len(), 999);
        roster.add(1).unwrap();
        assert_eq!(roster.len(), MAX_GENERALS);
    }
}
