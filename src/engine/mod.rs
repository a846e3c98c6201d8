//! The pure engine: generals, the simulated network, the OM(m) and SM(m)
//! protocols, traitor strategies, the verdict and the IC1/IC2 check, the
//! adversary search (`g-search`), command parsing and output formatting. It has no web dependency,
//! reads no clock and owns all randomness through one seeded generator, so the
//! browser and the command-line twin print the same lines for the same seed.

pub mod adversary;
pub mod check;
pub mod command;
pub mod count;
pub mod exchange;
pub mod experiment;
pub mod inspection;
pub mod level;
pub mod limits;
pub mod message;
pub mod network;
pub mod order;
pub mod output;
pub mod protocol;
pub mod relays;
pub mod release;
pub mod replay;
pub mod roster;
pub mod search;
pub mod search_job;
pub mod session;
pub mod timeline;
pub mod trace;
pub mod trace_job;
pub mod values;
pub mod verdict;
pub mod warm_up;
pub mod written;

/// The path numbering lives with the protocols it serves; this keeps its
/// old address working.
pub use protocol::paths;

pub use adversary::{Conduct, Move, Strategy};
pub use check::Check;
pub use command::{parse, Command, ParseError};
pub use exchange::{Exchange, Flight};
pub use inspection::{inspect, Inspection};
pub use order::{Majority, Order};
pub use output::{Line, LineKind};
pub use protocol::{Kind, Protocol};
pub use roster::{GeneralId, Loyalty, Role, Roster};
pub use session::{Session, SessionOptions};
pub use verdict::{Outcome, Verdict};
