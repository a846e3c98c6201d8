//! The Lessons panel: the lessons of `ui::lessons` (texts from
//! `www/lessons.md`, which trunk copies beside the page), each a disclosure
//! with its paragraphs, its hint, a button that loads its scenario (the page
//! reopens at the lesson's replay link) and, for a two-worlds lesson, a
//! button that sets both worlds side by side with the watched general's view
//! highlighted in each. Hovering or focusing a node of one world's view marks
//! the same chain's node in both (`mark_same_chain`), so the identical view is
//! seen node by node.
//!
//! It needs nothing of the page's app (a lesson loads by reopening the page),
//! so it is part of the Experiments module (feature `experiments`), not of
//! the page's: the page loads that module when `#lessons` is first opened
//! (src/web/experiments_loader.rs) and calls `mount_lessons`, which fetches
//! the text and fills the list. The page's own download carries neither the
//! text nor this code. The two worlds are the page's to draw
//! (`lesson_worlds`): they replay sessions and draw EIG trees, which the
//! page does anyway and which would add some 35 KB to the Experiments
//! module.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::ui::lessons::{self, Lesson};

use super::dom::{self, element};
use super::share;

pub struct LessonsPanel {
    pub list: web_sys::Element,
    lessons: Vec<Lesson>,
    /// The page's function that fills a two-worlds box.
    worlds: js_sys::Function,
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

/// Takes over `#lessons-list` (the page calls it once, when the panel is
/// first opened and this module has loaded): fetches the lessons' text,
/// lists the lessons (or says why there are none) and wires their buttons
/// and the two worlds' marks. `worlds(number, link, world_b, watch)` is the
/// page's: it fills lesson `number`'s two-worlds box.
#[wasm_bindgen]
pub fn mount_lessons(worlds: js_sys::Function) -> Result<(), JsValue> {
    console_error_panic_hook::set_once();
    let panel = Rc::new(RefCell::new(LessonsPanel::mount(worlds)?));
    wire(&panel)?;
    let (done, failed) = (panel.clone(), panel);
    let done = Closure::once_into_js(move |text: JsValue| {
        done.borrow_mut()
            .fill(Ok(text.as_string().unwrap_or_default()))
    });
    let failed = Closure::once_into_js(move |why: JsValue| {
        failed.borrow_mut().fill(Err(why
            .as_string()
            .unwrap_or_else(|| "the request failed".into())))
    });
    let fetch = js_sys::Function::new_with_args("url, done, failed", FETCH);
    fetch.call3(&JsValue::NULL, &JsValue::from_str(TEXT), &done, &failed)?;
    Ok(())
}

/// The lessons' buttons (load a scenario, show the two worlds) and the two
/// worlds' marks.
fn wire(panel: &Rc<RefCell<LessonsPanel>>) -> Result<(), JsValue> {
    let lessons: web_sys::EventTarget = panel.borrow().list.clone().into();
    let chosen = panel.clone();
    dom::listen(&lessons, "click", move |event: web_sys::Event| {
        let Some(button) = dom::closest(&event, "button[data-lesson]") else {
            return;
        };
        let Some(number) = button
            .get_attribute("data-lesson")
            .and_then(|n| n.parse().ok())
        else {
            return;
        };
        let panel = chosen.borrow();
        if button.class_list().contains("lesson-worlds") {
            panel.show_worlds(number);
        } else {
            panel.load(number);
        }
    })?;
    // The two worlds: the node under the pointer, else the focused one, and
    // its twin in the other world, marked alike. (Focusing a node scrolls
    // it into view, which moves the pointer off whatever it was over: that
    // mouseout must not wipe the focus's marks.)
    for (kind, on) in dom::HOVER_AND_FOCUS {
        let marking = panel.clone();
        dom::listen(&lessons, kind, move |event: web_sys::Event| {
            const NODE: &str = ".two-worlds .eig-node";
            let node = dom::closest(&event, NODE).filter(|_| on).or_else(|| {
                let focused: web_sys::Element = dom::active_element()?.into();
                focused.matches(NODE).unwrap_or(false).then_some(focused)
            });
            if let Ok(panel) = marking.try_borrow() {
                panel.mark_same_chain(node.as_ref());
            }
        })?;
    }
    Ok(())
}

impl LessonsPanel {
    /// The panel, empty until its text comes (`fill`).
    pub fn mount(worlds: js_sys::Function) -> Result<LessonsPanel, JsValue> {
        Ok(LessonsPanel {
            list: dom::by_id("lessons-list")?,
            lessons: Vec::new(),
            worlds,
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
            // Named after its lesson: a screen reader's list of buttons
            // would otherwise hold eight alike (the text starts the name).
            let load = button("lesson-load", "Load this scenario", lesson.number);
            let _ = load.set_attribute(
                "aria-label",
                &format!("Load this scenario: {}", lesson.title),
            );
            let _ = actions.append_child(&load);
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

    /// Has the page fill the lesson's two-worlds box (`worlds`: the page's
    /// `lesson_worlds::show`, which replays both worlds with its own engine).
    pub fn show_worlds(&self, number: usize) {
        let Some(lesson) = self.lessons.iter().find(|l| l.number == number) else {
            return;
        };
        let (Some(world_b), Some(watch)) = (&lesson.world_b, lesson.watch) else {
            return;
        };
        let args = js_sys::Array::of4(
            &JsValue::from(number as u32),
            &JsValue::from_str(&lesson.link),
            &JsValue::from_str(world_b),
            &JsValue::from(watch.0),
        );
        let _ = self.worlds.apply(&JsValue::NULL, &args);
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
