//! The in-page console: an output log with one element per line (text only,
//! never HTML) and the command input with history and Tab completion.
//!
//! Lines are shown in order, at most `CONSOLE_LINES_PER_FRAME` per animation
//! frame: a larger print (the verdict of an order among a thousand generals)
//! waits in a queue and is added over the next frames, so laying it out never
//! takes a frame's whole budget. While lines wait, the log says so with
//! `data-pending` (how many; "0" when none) and `aria-busy`, which lets a
//! screen reader announce the lines once they are all in, as one addition.
//! The console keeps the newest `MAX_CONSOLE_LINES` and lays out only the
//! newest `MAX_CONSOLE_LINES_SHOWN` of them: the older ones stay, hidden.

use std::collections::VecDeque;

use wasm_bindgen::prelude::*;

use crate::engine::limits::{CONSOLE_LINES_PER_FRAME, MAX_CONSOLE_LINES, MAX_CONSOLE_LINES_SHOWN};
use crate::engine::{Line, LineKind, Roster};
use crate::ui::completion::{complete, Completion};
use crate::ui::history::History;

use super::dom;

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
    /// Lines printed but not in the page yet, oldest first.
    pending: VecDeque<(Style, String)>,
    /// How many of the oldest lines in the page are hidden.
    hidden: usize,
    /// Lines added to the page since the current frame began.
    added_this_frame: usize,
    /// The count `data-pending` shows.
    pending_shown: Option<usize>,
    /// Lines were added since the output was last scrolled to its end.
    scroll_behind: bool,
    /// The output's height at the end of the last frame, and whether its
    /// newest line was in view then: a panel opened or closed above it
    /// changes its height, and one that showed the newest line keeps it.
    shown_height: i32,
    at_end: bool,
}

impl ConsolePanel {
    pub fn new(output: web_sys::Element, input: web_sys::HtmlInputElement) -> ConsolePanel {
        let mut panel = ConsolePanel {
            output,
            input,
            history: History::default(),
            pending: VecDeque::new(),
            hidden: 0,
            added_this_frame: 0,
            pending_shown: None,
            scroll_behind: false,
            shown_height: 0,
            at_end: true,
        };
        panel.show_pending();
        panel
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

    /// Prints lines after every line printed before: at once while this
    /// frame has room for them, the rest over the next frames (`begin_frame`).
    pub fn print<'a>(&mut self, lines: impl IntoIterator<Item = (Style, &'a str)>) {
        self.pending.extend(
            lines
                .into_iter()
                .map(|(style, text)| (style, text.to_owned())),
        );
        // Lines past the bound would leave the page as soon as shown.
        let excess = self.pending.len().saturating_sub(MAX_CONSOLE_LINES);
        self.pending.drain(..excess);
        let room = CONSOLE_LINES_PER_FRAME.saturating_sub(self.added_this_frame);
        self.show(room);
    }

    /// A new animation frame: shows the next lines that wait, if any.
    pub fn begin_frame(&mut self) {
        self.added_this_frame = 0;
        if !self.pending.is_empty() {
            self.show(CONSOLE_LINES_PER_FRAME);
        }
    }

    /// The frame's last DOM step: keeps the newest line in view. Reading
    /// the output's height lays the page out; done after the frame's other
    /// writes, that layout is the frame's only one (the rendering finds it
    /// clean). Done mid-frame, every later write laid the page out again:
    /// some 48 ms over an order at n = 1000 (a Chromium profile).
    /// The output also keeps its newest line in view when its height
    /// changes (a panel above it opened), if it showed that line before;
    /// these reads find the layout clean, after the frame's writes.
    pub fn end_frame(&mut self) {
        let height = self.output.client_height();
        let resized = std::mem::replace(&mut self.shown_height, height) != height;
        if std::mem::take(&mut self.scroll_behind) || (resized && self.at_end) {
            self.output.set_scroll_top(self.output.scroll_height());
        }
        // Within a pixel: scroll positions may be fractional.
        self.at_end = self.output.scroll_top() + height >= self.output.scroll_height() - 1;
    }

    /// Whether every line printed is in the page.
    pub fn is_caught_up(&self) -> bool {
        self.pending.is_empty()
    }

    /// Shows every line that waits, whatever this frame has done (the page's
    /// load, which animates nothing yet).
    pub fn show_all(&mut self) {
        self.show(self.pending.len());
    }

    /// Moves up to `most` waiting lines into the page in one DOM operation,
    /// then keeps the newest in view.
    fn show(&mut self, most: usize) {
        let count = most.min(self.pending.len());
        if count > 0 {
            let document = dom::document();
            let batch = document.create_document_fragment();
            for (style, text) in self.pending.drain(..count) {
                let Ok(element) = document.create_element("div") else {
                    continue;
                };
                element.set_class_name(style.class());
                // Text, never markup: whatever a user types is shown as typed.
                element.set_text_content(Some(&text));
                let _ = batch.append_child(&element);
            }
            let _ = self.output.append_child(&batch);
            self.added_this_frame += count;
            let kept = self.output.child_element_count() as usize;
            for _ in MAX_CONSOLE_LINES..kept {
                match self.output.first_element_child() {
                    Some(oldest) => oldest.remove(),
                    None => break,
                }
            }
            // The oldest lines went first, the hidden ones among them.
            self.hidden = self
                .hidden
                .saturating_sub(kept.saturating_sub(MAX_CONSOLE_LINES));
            let lines = self.output.children();
            let to_hide = (lines.length() as usize).saturating_sub(MAX_CONSOLE_LINES_SHOWN);
            for index in self.hidden..to_hide {
                if let Some(line) = lines.item(index as u32) {
                    let _ = line.set_attribute("hidden", "");
                }
            }
            self.hidden = self.hidden.max(to_hide);
            self.scroll_behind = true;
        }
        self.show_pending();
    }

    /// Brings `data-pending` and `aria-busy` up to date.
    fn show_pending(&mut self) {
        let waiting = self.pending.len();
        if self.pending_shown == Some(waiting) {
            return;
        }
        dom::set_attribute(&self.output, "data-pending", &waiting.to_string());
        if waiting > 0 {
            dom::set_attribute(&self.output, "aria-busy", "true");
        } else {
            let _ = self.output.remove_attribute("aria-busy");
        }
        self.pending_shown = Some(waiting);
    }

    /// Every line kept, as text, one per line (the transcript download):
    /// those in the page, hidden or not, then those waiting to be shown.
    pub fn text(&self) -> String {
        let lines = self.output.children();
        let in_page = lines.length() as usize;
        // The oldest lines in the page, which the waiting ones will push out.
        let leaving = (in_page + self.pending.len()).saturating_sub(MAX_CONSOLE_LINES);
        let mut text = String::new();
        for index in leaving.min(in_page)..in_page {
            if let Some(line) = lines.item(index as u32) {
                text += &line.text_content().unwrap_or_default();
                text.push('\n');
            }
        }
        for (_, line) in &self.pending {
            text += line;
            text.push('\n');
        }
        text
    }

    pub fn print_lines(&mut self, lines: &[Line]) {
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
