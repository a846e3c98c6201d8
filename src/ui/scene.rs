//! What decides the canvas's pixels, so that the page draws only what
//! changed. The picture has two parts: the ground (the generals, the
//! primary's ring, each general's majority once an order is decided, the
//! check's marks, the inspected general and the keyboard's cursor), which
//! stays put while messages fly, and above it the messages in flight, the
//! highlighted relay chain and the notices. The page keeps the ground drawn
//! apart and redraws it only when its `Ground` changes (at n = 1000 its
//! thousand discs and rings cost more to raster than the messages), and
//! draws nothing in a frame whose `Scene` equals the one last drawn (an idle
//! page costs no raster at all).
//!
//! Both are compared, not hashed: a comparison cannot collide, and a
//! thousand generals compare in microseconds. No `Debug` outside tests:
//! the page's download carries no code it does not run.

use crate::engine::roster::Member;
use crate::engine::{GeneralId, Majority, Order, Session};

use super::traitors::{check_marks, Breaks};

/// What the ground shows.
#[derive(Clone, PartialEq)]
#[cfg_attr(test, derive(Debug))]
pub struct Ground {
    /// The live generals in roster order (where they stand), with their
    /// loyalty and strategy (how they are drawn and captioned).
    generals: Vec<Member>,
    primary: GeneralId,
    /// Each general's majority, once an order is decided and none is in flight.
    majorities: Option<Vec<Majority>>,
    marks: Vec<(GeneralId, Breaks)>,
    selected: Option<GeneralId>,
    cursor: Option<GeneralId>,
}

impl Ground {
    /// The ground of `session` with `selected` in the inspector and the
    /// keyboard's `cursor` shown.
    pub fn of(session: &Session, selected: Option<GeneralId>, cursor: Option<GeneralId>) -> Ground {
        let roster = session.roster();
        Ground {
            generals: roster.members().to_vec(),
            primary: roster.primary(),
            majorities: session
                .last_verdict()
                .filter(|_| !session.is_busy())
                .map(|verdict| verdict.reports.iter().map(|r| r.majority).collect()),
            marks: check_marks(session),
            selected,
            cursor,
        }
    }
}

/// The order on the wire, as far as it decides the picture: which order,
/// and its logical instant (where each message is) with the counts that
/// move within one instant while a round's landing is spread over frames.
#[derive(Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(Debug))]
struct Wire {
    number: u64,
    order: Order,
    now: u64,
    sent: u64,
    in_flight: usize,
    round: Option<u8>,
    landing: bool,
}

/// The whole picture.
#[derive(Clone, PartialEq)]
#[cfg_attr(test, derive(Debug))]
pub struct Scene {
    pub ground: Ground,
    /// The session, told apart from a restarted or newly opened one.
    seed: u64,
    wire: Option<Wire>,
    /// The highlighted hops, as roster positions (sender, receiver).
    highlight: Vec<(usize, usize)>,
    paused: bool,
    ended: bool,
}

impl Scene {
    /// The picture of `session` as the page shows it: `selected` and
    /// `cursor` as for `Ground::of`, the `highlight`ed hops, and whether
    /// time is `paused`.
    pub fn of(
        session: &Session,
        selected: Option<GeneralId>,
        cursor: Option<GeneralId>,
        highlight: &[(usize, usize)],
        paused: bool,
    ) -> Scene {
        Scene {
            ground: Ground::of(session, selected, cursor),
            seed: session.seed(),
            wire: session.exchange().map(|e| Wire {
                number: session.orders_started(),
                order: e.order(),
                now: e.now(),
                sent: e.sent(),
                in_flight: e.in_flight(),
                round: e.round(),
                landing: e.is_landing(),
            }),
            highlight: highlight.to_vec(),
            paused,
            ended: session.is_ended(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::limits::{FRAME_WORK_BUDGET, HOP_TICKS};
    use crate::ui::fixture;

    fn scene(s: &Session) -> Scene {
        Scene::of(s, None, None, &[], false)
    }

    #[test]
    fn an_idle_session_gives_the_same_scene_frame_after_frame() {
        let s = fixture::session(7, 1);
        assert_eq!(scene(&s), scene(&s));
        assert_eq!(scene(&s).wire, None);
    }

    #[test]
    fn messages_moving_change_the_scene_but_not_the_ground() {
        let mut s = fixture::session(7, 1);
        s.submit("actual-order attack");
        let sent = scene(&s);
        s.advance(1);
        let moved = scene(&s);
        assert_ne!(moved, sent, "one tick on, the messages moved");
        assert_eq!(moved.ground, sent.ground, "the generals did not");
        assert_eq!(moved.ground.majorities, None, "no majority while in flight");
        assert_eq!(scene(&s), moved, "no tick, no change");
    }

    #[test]
    fn a_landing_spread_over_frames_changes_the_scene_within_one_instant() {
        let mut s = fixture::session(60, 1);
        s.submit("actual-order attack");
        s.advance_within(HOP_TICKS, 1);
        let e = s.exchange().expect("in flight");
        assert!(
            e.is_landing(),
            "a one-unit budget leaves the landing under way"
        );
        let before = scene(&s);
        s.advance_within(0, FRAME_WORK_BUDGET);
        assert_ne!(
            scene(&s),
            before,
            "more of the round landed at the same tick"
        );
    }

    #[test]
    fn the_decision_changes_the_ground_and_the_next_order_takes_the_majorities_away() {
        let mut s = fixture::session(7, 1);
        s.submit("actual-order retreat");
        let flying = scene(&s).ground;
        s.finish();
        let decided = scene(&s);
        assert_ne!(decided.ground, flying);
        let majorities = decided.ground.majorities.clone().expect("decided");
        assert_eq!(majorities.len(), 7);
        assert!(majorities
            .iter()
            .all(|m| *m == Majority::Order(Order::Retreat)));
        assert_eq!(scene(&s), decided, "nothing moves once decided");
        s.submit("actual-order attack");
        assert_eq!(scene(&s).ground.majorities, None);
    }

    #[test]
    fn the_inspected_general_the_cursor_a_highlight_and_pause_each_change_the_scene() {
        let s = fixture::session(7, 1);
        let plain = scene(&s);
        let g2 = Some(GeneralId(2));
        assert_ne!(Scene::of(&s, g2, None, &[], false).ground, plain.ground);
        assert_ne!(Scene::of(&s, None, g2, &[], false).ground, plain.ground);
        let lit = Scene::of(&s, None, None, &[(0, 1)], false);
        assert_eq!(
            lit.ground, plain.ground,
            "the highlight is drawn above the ground"
        );
        assert_ne!(lit, plain);
        assert_ne!(Scene::of(&s, None, None, &[], true), plain);
    }

    #[test]
    fn a_traitor_or_a_new_army_changes_the_ground() {
        let mut s = fixture::session(7, 1);
        let loyal = scene(&s).ground;
        s.submit("g-state 3 faulty liar");
        let liar = scene(&s).ground;
        assert_ne!(liar, loyal);
        s.submit("g-state 3 faulty silent");
        assert_ne!(scene(&s).ground, liar, "the strategy is written beside it");
        s.submit("g-kill 4");
        assert_eq!(scene(&s).ground.generals.len(), 6);
    }
}
