//! The in-page console: an output log with one element per line (text only,
//! never HTML) and the command input with history and Tab completion.

use wasm_bindgen::prelude::*;

use crate::engine::{Line, LineKind, Roster};
use crate::ui::completion::{complete, Completion};
use crate::ui::history::History;

use super::dom;

/// Oldest lines are dropped past this, so a long session cannot grow the page without bound.
pub const MAX_LINES: u32 = 20_000;

/// How a line is shown; the class names are part of the page's test contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// A transcript line (the spec's output).
    Output,
    Error,
    Note,
    /// The command as typed, echoed before its answer.
    Echo,
}

impl Style {
    pub fn class(self) -> &'static str {
        match self {
            Style::Output => "line line-output",
            Style::Error => "line line-error",
            Style::Note => "line line-note",
            Style::Echo => "line line-echo",
        }
    }
}

impl From<LineKind> for Style {
    fn from(kind: LineKind) -> Style {
        match kind {
            LineKind::Output => Style::Output,
            LineKind::Error => Style::Error,
            LineKind::Note => Style::Note,
        }
    }
}

pub struct ConsolePanel {
    output: web_sys::Element,
    input: web_sys::HtmlInputElement,
    history: History,
}

impl ConsolePanel {
    pub fn new(output: web_sys::Element, input: web_sys::HtmlInputElement) -> ConsolePanel {
        ConsolePanel {
            output,
            input,
            history: History::default(),
        }
    }

    pub fn mount() -> Result<ConsolePanel, JsValue> {
        Ok(ConsolePanel::new(
            dom::by_id("console-output")?,
            dom::by_id("console-input")?,
        ))
    }

    pub fn input(&self) -> &web_sys::HtmlInputElement {
        &self.input
    }

    /// Appends lines in one DOM operation, then keeps the newest in view.
    pub fn print<'a>(&self, lines: impl IntoIterator<Item = (Style, &'a str)>) {
        let document = dom::document();
        let batch = document.create_document_fragment();
        let mut added = 0;
        for (style, text) in lines {
            let Ok(element) = document.create_element("div") else {
                continue;
            };
            element.set_class_name(style.class());
            // Text, never markup: whatever a user types is shown as typed.
            element.set_text_content(Some(text));
            let _ = batch.append_child(&element);
            added += 1;
        }
        if added == 0 {
            return;
        }
        let _ = self.output.append_child(&batch);
        while self.output.child_element_count() > MAX_LINES {
            match self.output.first_element_child() {
                Some(oldest) => oldest.remove(),
                None => break,
            }
        }
        self.output.set_scroll_top(self.output.scroll_height());
    }

    /// Every line shown, as text, one per line (the transcript download).
    pub fn text(&self) -> String {
        let lines = self.output.children();
        let mut text = String::new();
        for index in 0..lines.length() {
            if let Some(line) = lines.item(index) {
                text += &line.text_content().unwrap_or_default();
                text.push('\n');
            }
        }
        text
    }

    pub fn print_lines(&self, lines: &[Line]) {
        self.print(lines.iter().map(|l| (Style::from(l.kind), l.text.as_str())));
    }

    /// Takes the typed line out of the input, remembering it.
    pub fn take_input(&mut self) -> String {
        let text = self.input.value();
        self.input.set_value("");
        self.history.push(&text);
        text
    }

    pub fn remember(&mut self, command: &str) {
        self.history.push(command);
    }

    /// Handles the editing keys; true when the key was used. Tab completes
    /// ids from `roster`, the live generals.
    pub fn edit_key(&mut self, key: &str, roster: &Roster) -> bool {
        let replacement = match key {
            "ArrowUp" => self.history.up(&self.input.value()),
            "ArrowDown" => self.history.down(),
            // An empty line lets Tab move the focus on, as keyboard users expect.
            "Tab" if self.input.value().trim().is_empty() => return false,
            "Tab" => match complete(&self.input.value(), &ids(roster)) {
                Completion::Complete(text) => Some(text),
                Completion::Candidates(shown, more) => {
                    let listing = Completion::listing(&shown, more);
                    self.print([(Style::Note, listing.as_str())]);
                    None
                }
                Completion::Nothing => None,
            },
            _ => return false,
        };
        if let Some(text) = replacement {
            self.input.set_value(&text);
            let end = text.len() as u32;
            let _ = self.input.set_selection_range(end, end);
        }
        true
    }
}

/// The live generals' ids, ascending, for completion.
fn ids(roster: &Roster) -> Vec<u32> {
    roster.members().iter().map(|m| m.id.0).collect()
}
