//! The Lessons panel: the lessons of `ui::lessons` (texts from
//! `www/lessons.md`, which trunk copies beside the page and the panel
//! fetches the first time it is opened, so the page's own download does not
//! carry them), each a disclosure with its paragraphs, its hint, a
//! button that loads its scenario (the page reopens at the lesson's replay
//! link) and, for a two-worlds lesson, a button that sets both worlds side by
//! side with the watched general's view highlighted in each. Hovering or
//! focusing a node of one world's view marks the same chain's node in both
//! (`mark_same_chain`), so the identical view is seen node by node.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::engine::GeneralId;
use crate::ui::eig_tree::{reasoning, TreeView};
use crate::ui::lessons::{self, Lesson};

use super::{dom, eig_panel, share};

pub struct LessonsPanel {
    pub list: web_sys::Element,
    lessons: Vec<Lesson>,
}

fn element(tag: &str, class: &str, text: Option<&str>) -> web_sys::Element {
    let element = dom::document()
        .create_element(tag)
        .expect("the document creates elements");
    if !class.is_empty() {
        element.set_class_name(class);
    }
    element.set_text_content(text);
    element
}

fn button(class: &str, text: &str, lesson: usize) -> web_sys::Element {
    let button = element("button", class, Some(text));
    let _ = button.set_attribute("type", "button");
    let _ = button.set_attribute("data-lesson", &lesson.to_string());
    button
}

/// The lessons' text, relative to the page (trunk's `copy-file`).
const TEXT: &str = "lessons.md";

/// Fetches a text file and calls `done(text)` or `failed(why)`: `fetch` has
/// no shorter Rust spelling than this line.
const FETCH: &str =
    "fetch(url).then((r) => (r.ok ? r.text() : Promise.reject(`HTTP ${r.status}`)))\
    .then(done, (why) => failed(String(why)));";

/// Fetches the lessons' text when `#lessons` is first opened and hands it
/// (or what went wrong) to `fill`.
pub fn fetch_on_first_open(fill: impl Fn(Result<String, String>) + 'static) -> Result<(), JsValue> {
    let details: web_sys::Element = dom::by_id("lessons")?;
    let fill = Rc::new(fill);
    let started = Cell::new(false);
    let target: web_sys::EventTarget = details.clone().into();
    dom::listen(&target, "toggle", move |_: web_sys::Event| {
        let open = details.has_attribute("open");
        if !open || started.replace(true) {
            return;
        }
        let (done, failed) = (fill.clone(), fill.clone());
        let done = Closure::once_into_js(move |text: JsValue| {
            done(Ok(text.as_string().unwrap_or_default()))
        });
        let failed = Closure::once_into_js(move |why: JsValue| {
            failed(Err(why
                .as_string()
                .unwrap_or_else(|| "the request failed".into())))
        });
        let fetch = js_sys::Function::new_with_args("url, done, failed", FETCH);
        if fetch
            .call3(&JsValue::NULL, &JsValue::from_str(TEXT), &done, &failed)
            .is_err()
        {
            fill(Err("the browser cannot fetch".into()));
        }
    })
}

impl LessonsPanel {
    /// The panel, empty until its text comes (`fill`).
    pub fn mount() -> Result<LessonsPanel, JsValue> {
        Ok(LessonsPanel {
            list: dom::by_id("lessons-list")?,
            lessons: Vec::new(),
        })
    }

    /// Lists the lessons of `text` (the fetched `lessons.md`), or says why
    /// there are none.
    pub fn fill(&mut self, text: Result<String, String>) {
        match text.and_then(|text| lessons::parse(&text)) {
            Ok(lessons) => self.lessons = lessons,
            Err(problem) => {
                let text = format!("Could not load the lessons: {problem}");
                let _ = self.list.append_child(&element("li", "", Some(&text)));
                return;
            }
        }
        let panel = &*self;
        for lesson in &panel.lessons {
            let item = element("li", "", None);
            let details = element("details", "lesson", None);
            let _ = details.set_attribute("id", &format!("lesson-{}", lesson.number));
            let summary = element("summary", "", Some(&lesson.title));
            let _ = details.append_child(&summary);
            for paragraph in &lesson.paragraphs {
                let _ = details.append_child(&element("p", "", Some(paragraph)));
            }
            let hint = element("p", "hint", Some(&format!("Hint: {}", lesson.hint)));
            let _ = details.append_child(&hint);
            let actions = element("div", "lesson-actions", None);
            let _ =
                actions.append_child(&button("lesson-load", "Load this scenario", lesson.number));
            if lesson.world_b.is_some() {
                let _ = actions.append_child(&button(
                    "lesson-worlds",
                    "Show the two worlds side by side",
                    lesson.number,
                ));
            }
            let _ = details.append_child(&actions);
            if lesson.world_b.is_some() {
                let worlds = element("div", "two-worlds", None);
                let _ = worlds.set_attribute("id", &format!("two-worlds-{}", lesson.number));
                let _ = worlds.set_attribute("hidden", "");
                let _ = details.append_child(&worlds);
            }
            let _ = item.append_child(&details);
            let _ = panel.list.append_child(&item);
        }
    }

    /// Reopens the page at the lesson's replay link.
    pub fn load(&self, number: usize) {
        let Some(lesson) = self.lessons.iter().find(|l| l.number == number) else {
            return;
        };
        let Some(window) = web_sys::window() else {
            return;
        };
        let location = window.location();
        // Only the fragment changes, which would not reload by itself.
        let _ = location.assign(&share::address_with(&lesson.link));
        let _ = location.reload();
    }

    /// Fills the lesson's two-worlds box: each world replayed here, the
    /// watched general's view drawn in both and marked as the same.
    pub fn show_worlds(&self, number: usize) {
        let Some(lesson) = self.lessons.iter().find(|l| l.number == number) else {
            return;
        };
        let (Some(world_b), Some(watch)) = (&lesson.world_b, lesson.watch) else {
            return;
        };
        let Ok(box_) = dom::by_id::<web_sys::HtmlElement>(&format!("two-worlds-{number}")) else {
            return;
        };
        box_.set_text_content(None);
        for (name, link) in [("World A", &lesson.link), ("World B", world_b)] {
            let column = element("section", "world", None);
            let _ = column.set_attribute("aria-label", name);
            let Some((session, _)) = lessons::load(link) else {
                continue;
            };
            let _ = column.append_child(&element("h4", "", Some(name)));
            let roster = session.roster();
            let who: Vec<String> = roster
                .members()
                .iter()
                .map(|m| {
                    let role = if m.id == roster.primary() {
                        "commander"
                    } else {
                        "lieutenant"
                    };
                    if m.loyalty.is_faulty() {
                        format!("{} ({role}) is a traitor ({})", m.id, m.strategy)
                    } else {
                        format!("{} ({role}) is loyal", m.id)
                    }
                })
                .collect();
            let _ = column.append_child(&element("p", "world-cast", Some(&(who.join("; ") + "."))));
            let view = element("div", "watched", None);
            let _ = view.set_attribute("data-watch", &watch.0.to_string());
            let _ = view.append_child(&element(
                "p",
                "watched-title",
                Some(&format!("{watch}'s view (the same in both worlds)")),
            ));
            let tree = element("div", "eig-box", None);
            let exchange = session.latest_exchange();
            let shown =
                exchange.and_then(|e| reasoning(e, GeneralId(watch.0), &TreeView::default(), 0));
            eig_panel::render(&tree, shown.as_ref(), false);
            let _ = view.append_child(&tree);
            let _ = column.append_child(&view);
            if let Some(check) = session.last_check() {
                let _ = column.append_child(&element(
                    "p",
                    "world-check",
                    Some(&crate::engine::check::describe(check)),
                ));
            }
            let _ = box_.append_child(&column);
        }
        box_.set_hidden(false);
    }

    /// Marks, in both worlds of the box it is in, the nodes of `node`'s
    /// chain (class `same-chain`); `None` clears the marks. A node outside a
    /// two-worlds box clears them too.
    pub fn mark_same_chain(&self, node: Option<&web_sys::Element>) {
        // A live collection: copied before the marks it lists are removed.
        for marked in elements(&self.list.get_elements_by_class_name("same-chain")) {
            let _ = marked.class_list().remove_1("same-chain");
        }
        let Some(node) = node else {
            return;
        };
        let (Some(worlds), Some(chain)) = (
            node.closest(".two-worlds").ok().flatten(),
            node.get_attribute("data-chain"),
        ) else {
            return;
        };
        for same in elements(&worlds.get_elements_by_class_name("eig-node")) {
            if same.get_attribute("data-chain").as_ref() == Some(&chain) {
                let _ = same.class_list().add_1("same-chain");
            }
        }
    }
}

fn elements(collection: &web_sys::HtmlCollection) -> Vec<web_sys::Element> {
    (0..collection.length())
        .filter_map(|i| collection.item(i))
        .collect()
}
