//! The Lessons panel's content: short guided scenarios, each with a replay
//! link that loads it and a hint of what to look at. The texts live in one
//! data file, `www/lessons.md`, which the page fetches when the panel is
//! first opened (and the native tests compile in with `include_str!`), read
//! by the small parser here (its format is described at the top of the file);
//! the tests check that every lesson's link loads and that its scenario does
//! what the lesson says.

use crate::engine::replay::{self, Link};
use crate::engine::{GeneralId, Line, Session};

/// The lesson texts (see the format at the top of the file).
pub const SOURCE: &str = include_str!("../../www/lessons.md");

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lesson {
    /// From 1, in the file's order.
    pub number: usize,
    pub title: String,
    /// The scenario: a replay link's fragment (without `#`).
    pub link: String,
    /// A second world to set beside the first (the two-worlds lesson).
    pub world_b: Option<String>,
    /// The general whose view is identical in both worlds.
    pub watch: Option<GeneralId>,
    pub hint: String,
    pub paragraphs: Vec<String>,
}

/// Reads the lessons from `text`: every `## ` heading starts one. A line the
/// format does not know is an error naming it, so a typo in the data file
/// fails the tests instead of vanishing from the page.
pub fn parse(text: &str) -> Result<Vec<Lesson>, String> {
    // Drop the leading comment.
    let body = match text.split_once("-->") {
        Some((_, after)) if text.trim_start().starts_with("<!--") => after,
        _ => text,
    };
    let body = format!("\n{body}");
    let mut lessons = Vec::new();
    for (i, chunk) in body.split("\n## ").skip(1).enumerate() {
        let mut lines = chunk.lines();
        let title = lines.next().unwrap_or_default().trim().to_string();
        let mut lesson = Lesson {
            number: i + 1,
            title,
            link: String::new(),
            world_b: None,
            watch: None,
            hint: String::new(),
            paragraphs: Vec::new(),
        };
        let mut paragraph = String::new();
        let mut in_header = true;
        for line in lines {
            let line = line.trim();
            if in_header {
                if line.is_empty() {
                    in_header = false;
                    continue;
                }
                let (key, value) = line
                    .split_once(':')
                    .ok_or_else(|| format!("lesson {}: not a key: {line}", i + 1))?;
                let value = value.trim().to_string();
                match key {
                    "link" => lesson.link = value,
                    "world-b" => lesson.world_b = Some(value),
                    "watch" => {
                        lesson.watch = Some(GeneralId(value.parse().map_err(|_| {
                            format!("lesson {}: watch is not a general id: {value}", i + 1)
                        })?))
                    }
                    "hint" => lesson.hint = value,
                    _ => return Err(format!("lesson {}: unknown key {key}", i + 1)),
                }
            } else if line.is_empty() {
                if !paragraph.is_empty() {
                    lesson.paragraphs.push(std::mem::take(&mut paragraph));
                }
            } else {
                if !paragraph.is_empty() {
                    paragraph.push(' ');
                }
                paragraph += line;
            }
        }
        if !paragraph.is_empty() {
            lesson.paragraphs.push(paragraph);
        }
        if lesson.link.is_empty() || lesson.hint.is_empty() {
            return Err(format!("lesson {}: needs a link and a hint", i + 1));
        }
        lessons.push(lesson);
    }
    Ok(lessons)
}

/// A lesson's scenario loaded as the page loads a link: every command
/// replayed, every order run to its end. Returns the session and the lines
/// printed. `None` if the link's options are not a session.
pub fn load(link: &str) -> Option<(Session, Vec<Line>)> {
    let (link, _) = Link::parse(link);
    let mut session = Session::new(link.options).ok()?;
    let mut lines = Vec::new();
    for entry in &link.entries {
        let (before, own) = replay::replay(&mut session, entry);
        lines.extend(before.into_iter().chain(own));
    }
    lines.extend(replay::finish(&mut session));
    Some((session, lines))
}

/// The lessons of `SOURCE`. The tests prove it parses. The page does not
/// call it (nor carry `SOURCE`): it parses the fetched file.
pub fn all() -> Vec<Lesson> {
    parse(SOURCE).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::check::Agreement;
    use crate::engine::{LineKind, Majority, Order, Outcome, Session};
    use crate::ui::eig_tree::{reasoning, Children, EigNode, Heard, Lie, Reasoning, TreeView};

    /// Loads a lesson's link as the page does: every command replayed, every
    /// order run to its end. Returns the session and the lines printed.
    fn load(link: &str) -> (Session, Vec<String>) {
        assert_eq!(Link::parse(link).1, None, "the link reads cleanly");
        let (session, lines) = super::load(link).expect("valid options");
        let shown = lines
            .into_iter()
            .filter(|l| l.kind == LineKind::Output)
            .map(|l| l.text)
            .collect();
        (session, shown)
    }

    fn lesson(number: usize) -> Lesson {
        all().into_iter().nth(number - 1).unwrap()
    }

    fn tree(session: &Session, id: u32) -> EigNode {
        match reasoning(
            session.latest_exchange().unwrap(),
            GeneralId(id),
            &TreeView::default(),
            0,
        ) {
            Some(Reasoning::Oral(tree)) => tree.root,
            other => panic!("{other:?}"),
        }
    }

    /// Every (chain, value) in an opened tree, depth first.
    fn values(node: &EigNode) -> Vec<(String, Heard)> {
        let mut out = vec![(node.label(), node.heard)];
        if let Children::Open { shown, .. } = &node.children {
            out.extend(shown.iter().flat_map(values));
        }
        out
    }

    fn decision(session: &Session, id: u32) -> Option<Majority> {
        session.latest_exchange().unwrap().decision(GeneralId(id))
    }

    #[test]
    fn eight_lessons_each_with_two_to_five_paragraphs_a_hint_and_a_link() {
        let lessons = parse(SOURCE).expect("the lesson file parses");
        assert!(lessons.len() >= 8, "{} lessons", lessons.len());
        for lesson in &lessons {
            assert!(
                (2..=5).contains(&lesson.paragraphs.len()),
                "lesson {} has {} paragraphs",
                lesson.number,
                lesson.paragraphs.len()
            );
            assert!(!lesson.title.is_empty() && lesson.hint.ends_with('.'));
            // Loading must not print an error line.
            let (link, problem) = Link::parse(&lesson.link);
            assert_eq!(problem, None, "lesson {}", lesson.number);
            let mut session = Session::new(link.options).unwrap();
            for entry in &link.entries {
                let (before, own) = replay::replay(&mut session, entry);
                assert!(
                    before.iter().chain(&own).all(|l| l.kind != LineKind::Error),
                    "lesson {}: {} printed an error",
                    lesson.number,
                    entry.text
                );
            }
        }
    }

    #[test]
    fn the_format_refuses_what_it_does_not_know() {
        assert!(parse("## A\nlink: x\nhint: y.\ncolour: red\n\nText.\n").is_err());
        assert!(parse("## A\nhint: y.\n\nText.\n").is_err());
        let one = parse("## A\nlink: x\nhint: y.\n\nOne\ntwo.\n\nThree.\n").unwrap();
        assert_eq!(one[0].paragraphs, ["One two.", "Three."]);
    }

    #[test]
    fn lesson_1_replays_the_exercise_t1_to_t10() {
        let expected: Vec<&str> = include_str!("../../tests/vectors/spec_t1_t10.txt")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("> ") && !l.is_empty())
            .collect();
        let (_, lines) = load(&lesson(1).link);
        assert_eq!(lines, expected);
    }

    #[test]
    fn lesson_2_the_lie_is_outvoted() {
        let (s, _) = load(&lesson(2).link);
        assert!(s.last_check().unwrap().holds());
        let g2 = tree(&s, 2);
        assert!(matches!(
            shown_child(&g2, "G1 → G3").lie,
            Some(Lie::Told { .. })
        ));
        assert_eq!(g2.majority, Some(Majority::Order(Order::Attack)));
    }

    fn shown_child<'a>(node: &'a EigNode, label: &str) -> &'a EigNode {
        let Children::Open { shown, .. } = &node.children else {
            panic!()
        };
        shown.iter().find(|c| c.label() == label).unwrap()
    }

    #[test]
    fn lesson_3_loyal_lieutenants_hold_the_same_values() {
        let (s, _) = load(&lesson(3).link);
        let held = |id| {
            let mut v: Vec<Heard> = values(&tree(&s, id)).into_iter().map(|(_, h)| h).collect();
            v.sort_by_key(|h| format!("{h:?}"));
            v
        };
        assert_eq!(held(2), held(3));
        assert_eq!(held(3), held(4));
        for id in 2..=4 {
            assert_eq!(decision(&s, id), Some(Majority::Order(Order::Attack)));
        }
        assert_eq!(s.last_check().unwrap().ic1, Agreement::Holds);
    }

    #[test]
    fn lesson_4_two_worlds_look_the_same_to_g2() {
        let lesson = lesson(4);
        let watch = lesson.watch.unwrap();
        let (a, _) = load(&lesson.link);
        let (b, _) = load(lesson.world_b.as_ref().unwrap());
        // World A: loyal commander, lying G3. World B: lying commander, honest G3.
        assert!(!a.roster().get(GeneralId(1)).unwrap().loyalty.is_faulty());
        assert!(a.roster().get(GeneralId(3)).unwrap().loyalty.is_faulty());
        assert!(b.roster().get(GeneralId(1)).unwrap().loyalty.is_faulty());
        assert!(!b.roster().get(GeneralId(3)).unwrap().loyalty.is_faulty());
        let view_a = values(&tree(&a, watch.0));
        let view_b = values(&tree(&b, watch.0));
        assert_eq!(view_a, view_b);
        assert_eq!(
            view_a,
            [
                ("G1".to_string(), Heard::Value(Order::Attack)),
                ("G1 → G3".to_string(), Heard::Value(Order::Retreat))
            ]
        );
        assert_eq!(decision(&a, 2), decision(&b, 2));
        assert_eq!(decision(&a, 2), Some(Majority::Undefined));
        assert_eq!(
            a.last_verdict().unwrap().outcome,
            Outcome::NotEnoughGenerals
        );
    }

    #[test]
    fn lesson_5_the_search_finds_the_break_and_replays_it() {
        let lesson = lesson(5);
        assert!(lesson.link.ends_with("~g-search"), "{}", lesson.link);
        let (_, lines) = super::load(&lesson.link).unwrap();
        let notes: Vec<&str> = lines
            .iter()
            .filter(|l| l.kind == LineKind::Note)
            .map(|l| l.text.as_str())
            .collect();
        // Exhaustive at n = 4: every behaviour of the two traitors is tried.
        assert!(notes.contains(
            &"search: IC1 broken (behaviour 10 of 32, exhaustive): G1 told G2 retreat; \
              G3 told G2 retreat; replaying it as an order"
        ));
        assert!(notes.contains(
            &"check: IC1 broken (loyal lieutenants disagree: G4 attack; G2 retreat); \
              IC2 n/a (faulty commander)"
        ));
        // The replay is the session's last order: what the page shows.
        let (s, _) = load(&lesson.link);
        assert_eq!(s.orders_started(), 1);
        assert!(matches!(s.last_check().unwrap().ic1, Agreement::Broken(_)));
        assert_eq!(decision(&s, 2), Some(Majority::Order(Order::Retreat)));
        assert_eq!(decision(&s, 4), Some(Majority::Order(Order::Attack)));
        // What the lesson's text says each loyal lieutenant holds.
        let held = |id| {
            values(&tree(&s, id))
                .into_iter()
                .map(|(chain, heard)| format!("{chain}: {heard:?}"))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            held(2),
            [
                "G1: Value(Retreat)",
                "G1 → G3: Value(Retreat)",
                "G1 → G4: Value(Attack)"
            ]
        );
        assert_eq!(
            held(4),
            [
                "G1: Value(Attack)",
                "G1 → G2: Value(Retreat)",
                "G1 → G3: Value(Attack)"
            ]
        );
    }

    #[test]
    fn lesson_6_om2_holds_and_costs_156_messages_in_3_rounds() {
        let (s, _) = load(&lesson(6).link);
        assert_eq!(s.roster().faulty_count(), 2);
        assert_eq!(s.roster().len(), 7);
        assert!(s.last_check().unwrap().holds());
        let exchange = s.latest_exchange().unwrap();
        assert_eq!((exchange.sent(), exchange.rounds()), (156, 3));
        assert_eq!(crate::engine::Protocol::oral(1).message_count(7), 36);
    }

    #[test]
    fn lesson_7_signed_messages_agree_with_three_generals() {
        let (s, _) = load(&lesson(7).link);
        assert_eq!(s.protocol(), crate::engine::Protocol::signed(1));
        assert_eq!(s.roster().len(), 3);
        assert!(s.last_check().unwrap().holds());
        let v = s
            .latest_exchange()
            .unwrap()
            .signed_values(GeneralId(2))
            .unwrap();
        assert!(v.attack && v.retreat);
        assert_eq!(decision(&s, 2), decision(&s, 3));
    }

    #[test]
    fn lesson_8_silence_means_retreat() {
        let (s, _) = load(&lesson(8).link);
        let exchange = s.latest_exchange().unwrap();
        assert_eq!((exchange.sent(), exchange.total()), (6, 9));
        for id in 2..=4 {
            assert_eq!(decision(&s, id), Some(Majority::Order(Order::Retreat)));
            let root = tree(&s, id);
            assert_eq!(root.heard, Heard::ByDefault);
            assert_eq!(
                root.lie,
                Some(Lie::Withheld {
                    sender: GeneralId(1)
                })
            );
        }
        assert!(s.last_check().unwrap().holds());
    }
}
