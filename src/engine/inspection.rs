//! What `inspect <ID>` shows of one general: who it is, what it heard from
//! whom (as relayed testimony: "G3 says G1 said attack"), its majority, and
//! the console commands behind the page inspector's action buttons. The one
//! source for both front ends: the page's inspector panel shows these fields,
//! the command line prints them as notes (`Inspection::lines`).

use super::output::{thousands, Line};
use super::roster::{GeneralId, Role};
use super::session::Session;
use super::Majority;

/// Most heard values listed; the rest are counted.
pub const HEARD_LIMIT: usize = 12;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inspection {
    pub title: String,
    pub role: &'static str,
    pub state: &'static str,
    pub majority: String,
    pub heard: Vec<String>,
    /// The console command that toggles its state, and the button's label.
    pub toggle: (String, &'static str),
    pub kill: String,
}

/// What the inspector shows of general `id`, or `None` if it is not alive.
pub fn inspect(session: &Session, id: GeneralId) -> Option<Inspection> {
    let roster = session.roster();
    let member = roster.get(id)?;
    let role = roster.role_of(id);
    let exchange = session.latest_exchange();
    let majority = match (role, session.last_verdict(), exchange) {
        (_, Some(verdict), _) if !session.is_busy() => verdict
            .reports
            .iter()
            .find(|r| r.id == id)
            .map(|r| r.majority.to_string())
            .unwrap_or_default(),
        (Role::Primary, _, Some(e)) => format!("gives the order: {}", e.order()),
        (Role::Secondary, _, Some(e)) => match e.decision(id) {
            Some(Majority::Order(o)) => format!("{o} (decided)"),
            Some(Majority::Undefined) => "undefined (decided)".into(),
            None => "deciding\u{2026}".into(),
        },
        _ => "no order yet".into(),
    };
    let mut heard = Vec::new();
    if let Some(exchange) = exchange {
        let found = exchange.heard_by(id, HEARD_LIMIT + 1);
        heard = found
            .iter()
            .take(HEARD_LIMIT)
            .map(|h| {
                let mut chain = h.chain.iter().rev();
                let first = chain.next().expect("a chain has a sender");
                let relays: Vec<_> = chain.collect();
                if h.by_default {
                    // Nothing came by the deadline: say what was withheld.
                    let mut text = format!("{first} sent nothing");
                    if let Some((last, middle)) = relays.split_last() {
                        text += " of what";
                        for relay in middle {
                            text += &format!(" {relay} says");
                        }
                        text += &format!(" {last} said");
                    }
                    return text + ": retreat by default";
                }
                let mut text = format!("{first} ");
                for relay in relays {
                    text += &format!("says {relay} ");
                }
                text + &format!("said {}", h.order)
            })
            .collect();
        if found.len() > HEARD_LIMIT {
            let more = exchange.heard_count(id) - HEARD_LIMIT as u64;
            heard.push(format!("\u{2026} and {} more", thousands(more)));
        }
    }
    let toggle = if member.loyalty.is_faulty() {
        (format!("g-state {} non-faulty", id.0), "Make non-faulty")
    } else {
        (format!("g-state {} faulty", id.0), "Make faulty")
    };
    Some(Inspection {
        title: id.to_string(),
        role: role.as_str(),
        state: if member.loyalty.is_faulty() {
            "faulty (F)"
        } else {
            "non-faulty (NF)"
        },
        majority,
        heard,
        toggle,
        kill: format!("g-kill {}", id.0),
    })
}

impl Inspection {
    /// The inspector as console notes: what `inspect <ID>` prints (on the
    /// command line, on standard error like every note).
    pub fn lines(&self) -> Vec<Line> {
        let mut lines = vec![Line::note(format!(
            "{}: {}, {}; majority: {}",
            self.title, self.role, self.state, self.majority
        ))];
        if self.heard.is_empty() {
            lines.push(Line::note(format!("{} heard nothing yet", self.title)));
        }
        for heard in &self.heard {
            lines.push(Line::note(format!("{} heard: {heard}", self.title)));
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::LineKind;
    use crate::engine::SessionOptions;

    #[test]
    fn shows_testimony_and_the_commands_behind_the_buttons() {
        let mut s = Session::new(SessionOptions {
            seed: Some(3),
            primary: Some(1),
            ..SessionOptions::default()
        })
        .unwrap();
        let before = inspect(&s, GeneralId(2)).unwrap();
        assert_eq!(before.majority, "no order yet");
        assert_eq!(before.toggle.0, "g-state 2 faulty");
        assert_eq!(before.kill, "g-kill 2");
        s.submit("actual-order retreat");
        s.finish();
        let after = inspect(&s, GeneralId(2)).unwrap();
        assert_eq!(after.role, "secondary");
        assert_eq!(after.majority, "retreat");
        assert_eq!(
            after.heard,
            [
                "G1 said retreat",
                "G3 says G1 said retreat",
                "G4 says G1 said retreat"
            ]
        );
        assert!(inspect(&s, GeneralId(9)).is_none());
        s.submit("g-add 16");
        s.submit("actual-order attack");
        s.finish();
        let big = inspect(&s, GeneralId(5)).unwrap();
        assert_eq!(big.heard.len(), HEARD_LIMIT + 1);
        assert_eq!(big.heard[0], "G1 said attack");
        // 19 values heard in all: one from G1 and 18 relays.
        assert_eq!(big.heard[HEARD_LIMIT], "\u{2026} and 7 more");
    }

    #[test]
    fn inspect_prints_the_inspector_as_notes_and_marks_the_general_for_the_page() {
        let mut s = Session::new(SessionOptions {
            seed: Some(3),
            primary: Some(1),
            ..SessionOptions::default()
        })
        .unwrap();
        let texts = |lines: Vec<Line>| {
            assert!(lines.iter().all(|l| l.kind == LineKind::Note), "{lines:?}");
            lines.into_iter().map(|l| l.text).collect::<Vec<_>>()
        };
        assert_eq!(
            texts(s.submit("inspect 2")),
            [
                "G2: secondary, non-faulty (NF); majority: no order yet",
                "G2 heard nothing yet"
            ]
        );
        assert_eq!(s.take_inspected(), Some(GeneralId(2)));
        assert_eq!(s.take_inspected(), None, "taken once");
        s.submit("g-state 3 faulty");
        s.submit("actual-order retreat");
        s.finish();
        let shown = s.submit("inspect 3");
        let from_model = inspect(&s, GeneralId(3)).unwrap().lines();
        assert_eq!(shown, from_model, "one source for page and command line");
        assert_eq!(
            texts(shown)[0],
            "G3: secondary, faulty (F); majority: retreat"
        );
        assert_eq!(
            s.submit("inspect 9"),
            [Line::error(
                "there is no live general G9; g-state lists them"
            )]
        );
        assert_eq!(
            s.take_inspected(),
            Some(GeneralId(3)),
            "a refused inspect marks nobody"
        );
        s.submit("exit");
        assert!(s.submit("inspect 1")[0].kind == LineKind::Error);
        assert_eq!(s.take_inspected(), None, "nothing opens on a dead session");
    }

    #[test]
    fn inspect_answers_during_an_order_unless_a_change_is_queued() {
        let mut s = Session::new(SessionOptions {
            seed: Some(5),
            primary: Some(1),
            ..SessionOptions::default()
        })
        .unwrap();
        s.submit("actual-order attack");
        let now = s.submit("inspect 1");
        assert_eq!(
            now[0].text,
            "G1: primary, non-faulty (NF); majority: gives the order: attack"
        );
        assert_eq!(s.take_inspected(), Some(GeneralId(1)));
        s.submit("g-kill 4");
        let later = s.submit("inspect 2");
        assert_eq!(
            later,
            [Line::note(
                "queued until the order in flight completes (2 waiting)"
            )]
        );
        assert_eq!(s.take_inspected(), None);
        let done = s.finish();
        assert!(
            done.iter()
                .any(|l| l.text == "G2: secondary, non-faulty (NF); majority: no order yet"),
            "{done:?}"
        );
        assert_eq!(s.take_inspected(), Some(GeneralId(2)));
    }

    #[test]
    fn a_message_that_never_came_is_shown_as_a_default() {
        let mut s = Session::new(SessionOptions {
            seed: Some(3),
            primary: Some(1),
            generals: 5,
            depth: 2,
        })
        .unwrap();
        s.submit("g-state 1 faulty silent");
        s.submit("g-state 3 faulty silent");
        s.submit("actual-order attack");
        s.finish();
        let heard = inspect(&s, GeneralId(2)).unwrap().heard;
        assert_eq!(heard[0], "G1 sent nothing: retreat by default");
        assert_eq!(
            heard[1],
            "G3 sent nothing of what G1 said: retreat by default"
        );
        assert!(heard.contains(&"G4 says G1 said retreat".to_string()));
        assert!(heard
            .contains(&"G3 sent nothing of what G4 says G1 said: retreat by default".to_string()));
    }
}
