//! The pure engine: generals, the simulated network, the OM(m) protocol, the
//! verdict, command parsing and output formatting. It has no web dependency,
//! reads no clock and owns all randomness through one seeded generator, so the
//! browser and the command-line twin print the same lines for the same seed.

pub mod command;
pub mod exchange;
pub mod general;
pub mod limits;
pub mod message;
pub mod network;
pub mod order;
pub mod output;
pub mod paths;
pub mod roster;
pub mod session;
pub mod verdict;

pub use command::{parse, Command, ParseError};
pub use exchange::{Exchange, Flight};
pub use order::{Majority, Order};
pub use output::{Line, LineKind};
pub use roster::{GeneralId, Loyalty, Role, Roster};
pub use session::{Session, SessionOptions};
pub use verdict::{Outcome, Verdict};
