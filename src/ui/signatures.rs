//! How the inspector writes a lieutenant's view under SM(m), signed messages
//! (`eig_tree::SignedView`, shown in place of the EIG tree): its set V with
//! choice(V), and each signed order it received, in arrival order, written
//! as the paper writes a signed message, `attack:G1:G3` (the value, then its
//! signers, commander first).

use crate::engine::protocol::sm::Values;
use crate::engine::{GeneralId, Majority, Order};

use super::eig_tree::SignedView;

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

/// The view's first line: the set V and choice(V), which is only the
/// decision once the last round's deadline has passed (`so far` before).
pub fn describe_view(view: &SignedView) -> String {
    let values = describe_values(view.values);
    match view.decision {
        Some(Majority::Order(_)) | Some(Majority::Undefined) => values,
        None => format!("{values} so far"),
    }
}

/// The signers' part of a signed order, `:G1:G3`, written after its value.
pub fn signers(chain: &[GeneralId]) -> String {
    chain.iter().map(|id| format!(":{id}")).collect()
}

/// A signed order as the paper writes it: `attack:G1:G3`.
pub fn written(order: Order, chain: &[GeneralId]) -> String {
    format!("{order}{}", signers(chain))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::limits::EIG_PAGE;
    use crate::engine::Session;
    use crate::ui::eig_tree::{reasoning, Reasoning, TreeView};
    use crate::ui::fixture::session;

    /// What the inspector writes for general `id`, page `page`: the V line
    /// and one line per signed order; `None` when it shows no signed view.
    fn shown(s: &Session, id: u32, page: usize) -> Option<(String, Vec<String>)> {
        match reasoning(
            s.latest_exchange()?,
            GeneralId(id),
            &TreeView::default(),
            page,
        )? {
            Reasoning::Signed(view) => Some((
                describe_view(&view),
                view.chains
                    .iter()
                    .map(|(chain, order, _)| written(*order, chain))
                    .collect(),
            )),
            _ => None,
        }
    }

    #[test]
    fn a_loyal_commander_gives_one_value_along_every_chain() {
        let mut s = session(4, 1);
        s.submit("g-protocol sm 1");
        assert_eq!(shown(&s, 2, 0), None, "no order yet");
        s.submit("actual-order attack");
        s.finish();
        let (values, chains) = shown(&s, 2, 0).unwrap();
        assert_eq!(values, "V = {attack}: choice(V) = attack");
        // The commander's order first, then the relays, in arrival order.
        assert_eq!(chains, ["attack:G1", "attack:G1:G3", "attack:G1:G4"]);
        assert_eq!(shown(&s, 1, 0), None, "the commander keeps no V");
        s.submit("g-protocol om 1");
        s.submit("actual-order attack");
        s.finish();
        assert_eq!(shown(&s, 2, 0), None, "oral messages carry no chain");
    }

    #[test]
    fn a_two_faced_commander_puts_both_orders_in_v() {
        let mut s = session(4, 1);
        s.submit("g-protocol sm 1");
        s.submit("g-state 1 faulty two-faced");
        s.submit("actual-order attack");
        s.finish();
        // G1 signs attack for G2, G3 (the first half) and retreat for G4.
        let (values, chains) = shown(&s, 2, 0).unwrap();
        assert_eq!(values, "V = {attack, retreat}: choice(V) = retreat");
        assert_eq!(chains, ["attack:G1", "attack:G1:G3", "retreat:G1:G4"]);
        let (_, chains) = shown(&s, 4, 0).unwrap();
        assert_eq!(chains, ["retreat:G1", "attack:G1:G2", "attack:G1:G3"]);
    }

    #[test]
    fn a_withholding_lieutenant_leaves_its_chain_out() {
        let mut s = session(3, 1);
        s.submit("g-protocol sm 1");
        s.submit("g-state 3 faulty silent");
        s.submit("actual-order retreat");
        s.finish();
        let (values, chains) = shown(&s, 2, 0).unwrap();
        assert_eq!(values, "V = {retreat}: choice(V) = retreat");
        assert_eq!(chains, ["retreat:G1"]);
        assert_eq!(
            describe_values(Values::default()),
            "V = {}: choice(V) = retreat"
        );
    }

    #[test]
    fn before_the_deadline_choice_is_so_far() {
        let mut s = session(4, 1);
        s.submit("g-protocol sm 1");
        s.submit("actual-order attack");
        s.advance(crate::engine::limits::HOP_TICKS);
        let (values, chains) = shown(&s, 2, 0).unwrap();
        assert_eq!(values, "V = {attack}: choice(V) = attack so far");
        assert_eq!(chains, ["attack:G1"]);
    }

    #[test]
    fn long_lists_are_paged() {
        let mut s = session(20, 1);
        s.submit("g-protocol sm 1");
        s.submit("actual-order attack");
        s.finish();
        // 19 received in all: one from G1 and 18 relays; pages of EIG_PAGE.
        let (_, first) = shown(&s, 2, 0).unwrap();
        assert_eq!(first.len(), EIG_PAGE);
        assert_eq!(first[..2], ["attack:G1", "attack:G1:G3"]);
        let (_, second) = shown(&s, 2, 1).unwrap();
        assert_eq!(second.len(), 19 - EIG_PAGE);
        assert_eq!(second.last().unwrap(), "attack:G1:G20");
    }
}
