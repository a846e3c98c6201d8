//! A message on the simulated network.

use super::order::Order;
use super::paths::Node;

/// One value relayed from one general to another. `node` names the whole relay
/// chain (see `paths`), whose last member is the sender. Kept to 12 bytes:
/// OM(1) with 1000 generals has a million of these in flight at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Message {
    pub node: Node,
    pub from: u16,
    pub to: u16,
    pub order: Order,
    /// The sender is faulty and sent something other than what it heard.
    pub altered: bool,
}
