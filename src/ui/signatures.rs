//! What the inspector shows of a lieutenant under SM(m), signed messages:
//! its set V with choice(V), and every signed order it received, in arrival
//! order, written as the paper writes a signed message, `attack:G1:G3`
//! (the value, then its signers, commander first).

use crate::engine::output::thousands;
use crate::engine::protocol::sm::Values;
use crate::engine::{GeneralId, Kind, Role, Session};

/// Most signed orders listed; the rest are counted.
pub const CHAIN_LIMIT: usize = 12;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signed {
    /// `V = {attack}: choice(V) = attack`.
    pub values: String,
    /// `attack:G1:G3`, one per signed order received, arrival order.
    pub chains: Vec<String>,
}

/// `V = {attack, retreat}: choice(V) = retreat`; `V = {}` while nothing
/// signed has come.
pub fn describe_values(values: Values) -> String {
    let orders: Vec<String> = values.orders().map(|o| o.to_string()).collect();
    format!(
        "V = {{{}}}: choice(V) = {}",
        orders.join(", "),
        values.choice()
    )
}

/// The signed view of general `id` in the order in flight, or else the last
/// one while the army is unchanged; `None` under OM(m), for the commander
/// (it signs, it keeps no V), before any order, or for a general not alive.
pub fn signed(session: &Session, id: GeneralId) -> Option<Signed> {
    let exchange = session.latest_exchange()?;
    if exchange.protocol().kind != Kind::Signed || session.roster().role_of(id) != Role::Secondary {
        return None;
    }
    session.roster().get(id)?;
    let values = exchange.signed_values(id)?;
    let found = exchange.heard_by(id, CHAIN_LIMIT + 1);
    let mut chains: Vec<String> = found
        .iter()
        .take(CHAIN_LIMIT)
        .map(|heard| {
            let mut text = heard.order.to_string();
            for signer in &heard.chain {
                text += &format!(":{signer}");
            }
            text
        })
        .collect();
    if found.len() > CHAIN_LIMIT {
        let more = exchange.heard_count(id) - CHAIN_LIMIT as u64;
        chains.push(format!("\u{2026} and {} more", thousands(more)));
    }
    Some(Signed {
        values: describe_values(values),
        chains,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::SessionOptions;

    fn session(generals: usize) -> Session {
        Session::new(SessionOptions {
            generals,
            seed: Some(5),
            primary: Some(1),
            depth: 1,
        })
        .unwrap()
    }

    #[test]
    fn a_loyal_commander_gives_one_value_along_every_chain() {
        let mut s = session(4);
        s.submit("g-protocol sm 1");
        assert_eq!(signed(&s, GeneralId(2)), None, "no order yet");
        s.submit("actual-order attack");
        s.finish();
        let g2 = signed(&s, GeneralId(2)).unwrap();
        assert_eq!(g2.values, "V = {attack}: choice(V) = attack");
        // The commander's order first, then the relays, in arrival order.
        assert_eq!(g2.chains, ["attack:G1", "attack:G1:G3", "attack:G1:G4"]);
        assert_eq!(signed(&s, GeneralId(1)), None, "the commander keeps no V");
        s.submit("g-protocol om 1");
        s.submit("actual-order attack");
        s.finish();
        assert_eq!(
            signed(&s, GeneralId(2)),
            None,
            "oral messages carry no chain"
        );
    }

    #[test]
    fn a_two_faced_commander_puts_both_orders_in_v() {
        let mut s = session(4);
        s.submit("g-protocol sm 1");
        s.submit("g-state 1 faulty two-faced");
        s.submit("actual-order attack");
        s.finish();
        // G1 signs attack for G2, G3 (the first half) and retreat for G4.
        let g2 = signed(&s, GeneralId(2)).unwrap();
        assert_eq!(g2.values, "V = {attack, retreat}: choice(V) = retreat");
        assert_eq!(g2.chains, ["attack:G1", "attack:G1:G3", "retreat:G1:G4"]);
        let g4 = signed(&s, GeneralId(4)).unwrap();
        assert_eq!(g4.chains, ["retreat:G1", "attack:G1:G2", "attack:G1:G3"]);
    }

    #[test]
    fn a_withholding_lieutenant_leaves_its_chain_out() {
        let mut s = session(3);
        s.submit("g-protocol sm 1");
        s.submit("g-state 3 faulty silent");
        s.submit("actual-order retreat");
        s.finish();
        let g2 = signed(&s, GeneralId(2)).unwrap();
        assert_eq!(g2.values, "V = {retreat}: choice(V) = retreat");
        assert_eq!(g2.chains, ["retreat:G1"]);
        assert_eq!(
            describe_values(Values::default()),
            "V = {}: choice(V) = retreat"
        );
    }

    #[test]
    fn long_lists_are_counted() {
        let mut s = session(20);
        s.submit("g-protocol sm 1");
        s.submit("actual-order attack");
        s.finish();
        let chains = signed(&s, GeneralId(2)).unwrap().chains;
        assert_eq!(chains.len(), CHAIN_LIMIT + 1);
        // 19 received in all: one from G1 and 18 relays.
        assert_eq!(chains[CHAIN_LIMIT], "\u{2026} and 7 more");
    }
}
