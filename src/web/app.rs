//! The page's application state and what each user action does to it. All
//! decisions about the army are the session's; this only routes input to
//! it, advances it by the clock, redraws, and keeps the keyboard focus where
//! a person expects it (into the inspector when it opens, back where it came
//! from when it closes, onto the canvas when its general dies).

use std::collections::VecDeque;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::engine::command::overlong;
use crate::engine::limits::{
    FRAME_WORK_BUDGET, MAX_LINK_CHARS, MAX_TRACE_MESSAGES, REPLAY_FRAME_MS,
};
use crate::engine::output::thousands;
use crate::engine::replay::{self, Entry, Link, LinkFull, Stride};
use crate::engine::search_job::SearchAnswer;
use crate::engine::{trace, trace_job};
use crate::engine::{GeneralId, Session, SessionOptions};
use crate::ui::clock::Clock;
use crate::ui::start_options;

use super::canvas_view::{CanvasView, ViewState};
use super::console_panel::{ConsolePanel, Style};
use super::controls::Controls;
use super::dom;
use super::eig_panel::EigPanel;
use super::experiments_loader;
use super::explain_panel::ExplainPanel;
use super::inspector_panel::InspectorPanel;
use super::search_worker::SearchWorker;
use super::share::{self, ShareBar};
use super::time_travel::Past;
use super::timeline_panel::TimelinePanel;

/// How often the inspector is refreshed while messages fly, in wall ms.
const INSPECTOR_REFRESH_MS: f64 = 200.0;

/// Least time between two updates of the address bar, in wall ms.
const ADDRESS_REFRESH_MS: f64 = 250.0;

pub struct App {
    options: SessionOptions,
    pub session: Session,
    pub clock: Clock,
    pub view: CanvasView,
    pub console: ConsolePanel,
    pub controls: Controls,
    pub inspector: InspectorPanel,
    /// The selected general's EIG tree, in the inspector.
    pub eig: EigPanel,
    /// Caption, order buttons and message table.
    pub explain: ExplainPanel,
    /// Orders started when the explanation last looked: a new one resets
    /// the message table to follow the round on the wire.
    orders_seen: u64,
    pub share: ShareBar,
    pub timeline: TimelinePanel,
    /// An order shown at an earlier instant (see `time_travel`), or `None`:
    /// the present.
    pub past: Option<Past>,
    /// The session as a replay link: the page's address.
    link: Link,
    /// Set once the link is full; later commands are not in the address.
    link_full: bool,
    /// The address does not show the latest link yet.
    address_behind: bool,
    address_shown_at: f64,
    selected: Option<GeneralId>,
    /// The general the arrow keys are on while the canvas has the focus.
    cursor: Option<GeneralId>,
    /// Where the focus was before the inspector took it, to give it back.
    opener: Option<web_sys::HtmlElement>,
    inspector_shown_at: f64,
    now_ms: f64,
    /// Whether a frame has been drawn (and `<body data-ready>` set).
    drawn: bool,
    /// Runs the session's `g-search`es off the main thread.
    searcher: SearchWorker,
    /// The ticket of the search answer the session waits for.
    awaiting: Option<u64>,
    /// A replay link being replayed: over several frames if it is long, or
    /// waiting for a search (see `replay_on`).
    replay: Option<Replay>,
    /// Frames that did replay work for the latest replay, its first (in
    /// the page's load or a command) included: a hook for the page's tests.
    replay_frames: u32,
}

/// A replay link's commands not yet replayed: a long link is replayed a
/// frame's share at a time (`REPLAY_FRAME_MS`), and a search waits for its
/// worker; `finish`: run every order to its end (a link opened at load)
/// rather than leave the last in flight. Lines typed meanwhile wait behind
/// the link's commands, in order.
struct Replay {
    entries: VecDeque<Entry>,
    finish: bool,
    /// The link's commands in all, for the progress in the status.
    total: usize,
    /// Where the reach toward the next command's moment stands.
    stride: Stride,
    /// How many of `entries`, at the front, are the link's (the rest were
    /// typed meanwhile), and how many of the link's were replayed before
    /// them: a moment the replay cannot reach leaves out the link's rest.
    from_link: usize,
    replayed: usize,
}

impl App {
    /// Builds the app from the page's address and prints the banner: a
    /// replay link in the fragment is replayed (see `engine::replay`);
    /// otherwise the query holds the start options.
    pub fn mount(query: &str, fragment: &str) -> Result<App, JsValue> {
        let (mut options, problems, entries) = if fragment.is_empty() {
            let (options, problems) = start_options::from_query(query);
            (options, problems, Vec::new())
        } else {
            let (link, problem) = Link::parse(fragment);
            let problems = start_options::query_beside_link(query, fragment)
                .into_iter()
                .chain(problem)
                .collect();
            (link.options, problems, link.entries)
        };
        // Fix the seed now, so Restart replays exactly this session.
        options.seed = Some(
            options
                .seed
                .unwrap_or_else(crate::engine::session::fresh_seed),
        );
        let mut session = Session::new(options).map_err(|e| JsValue::from_str(&e))?;
        session.defer_searches();
        let mut app = App {
            options,
            link: Link::new(options),
            link_full: false,
            address_behind: false,
            address_shown_at: f64::NEG_INFINITY,
            share: ShareBar::mount()?,
            timeline: TimelinePanel::mount()?,
            past: None,
            session,
            clock: Clock::default(),
            view: CanvasView::new(dom::by_id("view")?)?,
            console: ConsolePanel::mount()?,
            controls: Controls::mount()?,
            inspector: InspectorPanel::mount()?,
            eig: EigPanel::mount()?,
            explain: ExplainPanel::mount()?,
            orders_seen: 0,
            selected: None,
            cursor: None,
            opener: None,
            inspector_shown_at: 0.0,
            now_ms: 0.0,
            drawn: false,
            searcher: SearchWorker::default(),
            awaiting: None,
            replay: None,
            replay_frames: 0,
        };
        app.console.print_lines(&[app.session.banner()]);
        let errors: Vec<String> = problems.iter().map(|p| format!("error: {p}")).collect();
        app.console
            .print(errors.iter().map(|e| (Style::Error, e.as_str())));
        // A replay runs every order to its end, without animating: the link
        // says what was typed and when, not how the run was watched. What
        // does not fit the load's share goes on over the next frames.
        // Printed in one batch: a long link must not lay the page out per line.
        let shown = app.replay_on(entries, true);
        app.console
            .print(shown.iter().map(|(style, text)| (*style, text.as_str())));
        if app.replay.is_none() || app.session.is_searching() {
            // Nothing animates yet: the whole replay is shown with the page.
            app.console.show_all();
        }
        app.show_link();
        Ok(app)
    }

    /// Replays a link's commands from where the replay stands: each brought
    /// to its moment, then submitted. A `g-search` among them waits for its
    /// worker; the replay goes on when the answer comes (`take_answer`).
    /// Returns the lines to show.
    fn replay_on(&mut self, entries: Vec<Entry>, finish: bool) -> Vec<(Style, String)> {
        self.replay = Some(Replay {
            from_link: entries.len(),
            total: entries.len(),
            replayed: 0,
            stride: Stride::default(),
            entries: entries.into(),
            finish,
        });
        self.replay_frames = 0;
        self.continue_replay()
    }

    /// Replays on for this frame's share of time (`REPLAY_FRAME_MS`), each
    /// step at most `FRAME_WORK_BUDGET` units of engine work, so the page
    /// stays responsive however long the link. The session goes through the
    /// same states and prints the same lines as a replay in one go
    /// (`replay::Stride`). Returns the lines to show.
    fn continue_replay(&mut self) -> Vec<(Style, String)> {
        let until = dom::now_ms() + REPLAY_FRAME_MS;
        let mut shown = Vec::new();
        let mut worked = false;
        loop {
            shown.extend(self.send_search());
            let Some(replay) = self.replay.as_mut() else {
                break;
            };
            let next = replay.entries.front().cloned();
            // A command typed while this search ran (`@sN`) goes in while it runs.
            let during_search = next
                .as_ref()
                .is_some_and(|e| replay::during_this_search(&self.session, e));
            if self.session.is_searching() && !during_search {
                break;
            }
            // The rest in the next frames (at least one step per frame); but
            // a command typed while the search ran goes in before the worker
            // can answer, as it did, whatever the time.
            if worked && !during_search && dom::now_ms() >= until {
                break;
            }
            worked = true;
            let Some(entry) = next else {
                if replay.finish {
                    let strode = replay
                        .stride
                        .reach(&mut self.session, None, FRAME_WORK_BUDGET);
                    shown.extend(lines(strode.lines));
                    if !strode.reached {
                        continue;
                    }
                    shown.extend(self.send_search());
                    if self.session.is_searching() {
                        break;
                    }
                    // A replayed `inspect` printed its notes; it opens nothing on load.
                    self.session.take_inspected();
                }
                self.replay = None;
                break;
            };
            let strode = replay
                .stride
                .reach(&mut self.session, entry.during, FRAME_WORK_BUDGET);
            shown.extend(lines(strode.lines));
            if !strode.reached {
                continue;
            }
            // Reaching the moment may have started a search queued behind an
            // order: the entry waits for it, and reaches on afterwards.
            if self.session.is_searching() && !replay::during_this_search(&self.session, &entry) {
                continue;
            }
            let Some(replay) = self.replay.as_mut() else {
                break;
            };
            if replay.from_link > 0 {
                let number = replay.replayed + 1;
                if let Some(problem) = replay::missed(&self.session, number, &entry) {
                    // Left out with the link's commands after it; what is in
                    // flight runs on, and lines typed meanwhile still run.
                    replay.entries.drain(..replay.from_link);
                    replay.from_link = 0;
                    shown.push((Style::Error, format!("error: {problem}")));
                    continue;
                }
                replay.from_link -= 1;
                replay.replayed = number;
            }
            replay.entries.pop_front();
            shown.extend(match entry.unread {
                Some(bytes) => self.submit_unread(bytes),
                None => self.submit(&entry.text),
            });
            // `start` or `exit` may have abandoned the search.
            self.forget_search();
        }
        if worked {
            self.replay_frames += 1;
        }
        shown
    }

    /// Brings the status line up to date (the shown session's, or how far a
    /// long replay is).
    fn show_status(&self) {
        let replaying = self.replay_status();
        self.controls
            .show_status(self.shown(), self.clock.paused, replaying.as_deref());
    }

    /// The status while a link is replayed over several frames (not while
    /// it waits for a search, which the status says itself).
    fn replay_status(&self) -> Option<String> {
        let replay = self.replay.as_ref()?;
        if self.session.is_searching() {
            return None;
        }
        let waiting = replay.entries.len() - replay.from_link;
        Some(crate::ui::status::replaying(
            replay.replayed,
            replay.total,
            waiting,
        ))
    }

    /// Sends the search the session asks for, if any, to the worker. If the
    /// worker cannot be reached the search is given up (an `error:` line).
    fn send_search(&mut self) -> Vec<(Style, String)> {
        match self.session.take_search_request() {
            Some(request) => self.post_search(request.encode()),
            None => Vec::new(),
        }
    }

    fn post_search(&mut self, request: String) -> Vec<(Style, String)> {
        match self.searcher.send(&request) {
            Ok(ticket) => {
                self.awaiting = Some(ticket);
                Vec::new()
            }
            Err(problem) => {
                self.awaiting = None;
                lines(self.session.cancel_search(&problem)).collect()
            }
        }
    }

    /// Gives the session the answer to its search, once the worker sent
    /// it, and goes on with a replay that waited for it. True when one came.
    fn take_answer(&mut self) -> bool {
        let Some(ticket) = self.awaiting else {
            return false;
        };
        let Some(answer) = self.searcher.take(ticket) else {
            return false;
        };
        self.awaiting = None;
        if answer.is_err() {
            // A worker whose module failed to load keeps failing (the
            // browser remembers a failed import): the next search starts anew.
            self.searcher.stop();
        }
        let mut shown: Vec<(Style, String)> =
            match answer.and_then(|text| SearchAnswer::decode(&text)) {
                Ok(answer) => lines(self.session.resume_search(answer)).collect(),
                Err(problem) => lines(self.session.cancel_search(&problem)).collect(),
            };
        shown.extend(self.continue_replay());
        self.console
            .print(shown.iter().map(|(style, text)| (*style, text.as_str())));
        self.open_inspected();
        true
    }

    /// Stops the worker's search if the session no longer waits for it
    /// (`exit`, `start`, Restart, a link opened).
    fn forget_search(&mut self) {
        if self.awaiting.is_some() && !self.session.is_searching() {
            self.awaiting = None;
            self.searcher.stop();
        }
    }

    /// Something is under way: an order in flight, a search, or a replay.
    fn is_working(&self) -> bool {
        self.session.is_busy() || self.session.is_searching() || self.replay.is_some()
    }

    /// Marks the address as behind the session; the next frame updates it
    /// (at most every `ADDRESS_REFRESH_MS`, as browsers throttle history
    /// updates and a replay or a fast typist makes many).
    fn show_link(&mut self) {
        self.address_behind = true;
    }

    /// The session's link as a whole address on this page.
    pub fn link_url(&self) -> String {
        share::address_with(&self.link.fragment())
    }

    /// Copies the session's link; the button says whether it worked.
    pub fn copy_link(&mut self) {
        let button = self.share.copy_link.clone();
        share::copy_text(&self.link_url(), move |copied| {
            dom::set_text(
                &button,
                if copied {
                    "Link copied"
                } else {
                    "Copy failed: use the address bar"
                },
            );
        });
    }

    /// The console's lines as text, one per line: the transcript download.
    pub fn transcript(&self) -> String {
        self.console.text()
    }

    pub fn download_transcript(&mut self) {
        let name = format!("generals-seed-{}.txt", self.session.seed());
        if let Err(problem) = share::download(&name, "text/plain;charset=utf-8", &self.transcript())
        {
            let text = format!("Could not save the transcript: {problem:?}");
            self.console.print([(Style::Note, text.as_str())]);
        }
    }

    /// Saves the trace of the session's completed orders (JSON Lines, see
    /// `engine::trace`): the latest that fit `MAX_TRACE_MESSAGES`. The lines
    /// are written by the Experiments module (`engine::trace_job`), loaded
    /// the first time; the note says so meanwhile, then what was left out,
    /// or why nothing was saved.
    pub fn download_trace(&mut self) {
        let (orders, left_out) = trace::latest_within(self.session.orders(), MAX_TRACE_MESSAGES);
        let records = trace_job::encode(orders);
        let name = format!("generals-seed-{}.trace.jsonl", self.session.seed());
        let note = self.share.note.clone();
        dom::set_text(&note, "Writing the trace...");
        let (saved, failed) = (note.clone(), note);
        let written = move |text: String| {
            let note = match share::download(&name, "application/x-ndjson", &text) {
                Err(problem) => format!("Could not save the trace: {problem:?}"),
                Ok(()) if left_out > 0 => format!(
                    "The trace leaves out the {left_out} oldest orders: a file holds at most {} messages.",
                    thousands(MAX_TRACE_MESSAGES)
                ),
                Ok(()) => String::new(),
            };
            dom::set_text(&saved, &note);
        };
        let failed = move |why: String| {
            dom::set_text(&failed, &format!("Could not save the trace: {why}"));
        };
        experiments_loader::write_trace(&records, written, failed);
    }

    /// Runs one console line, echoing it first, exactly as typed. It acts
    /// on the present, which the picture then shows.
    pub fn run_command(&mut self, text: &str) {
        self.past = None;
        if let Some(replay) = self.replay.as_mut() {
            // A replay goes on (or waits for a search): this line runs after
            // it, as typed; the status counts it meanwhile.
            if !text.trim().is_empty() {
                replay.entries.push_back(Entry::typed(text));
            }
            self.show_status();
            return;
        }
        let mut shown = self.submit(text);
        shown.extend(self.send_search());
        self.forget_search();
        self.console
            .print(shown.iter().map(|(style, text)| (*style, text.as_str())));
        self.open_inspected();
        self.refresh();
    }

    /// Submits a line, adding it to the link: the lines to show, echo first.
    fn submit(&mut self, text: &str) -> Vec<(Style, String)> {
        if text.trim().is_empty() {
            return Vec::new();
        }
        let mut shown = vec![(Style::Echo, format!("> {text}"))];
        let recorded = self.link.record(&self.session, text);
        self.say_if_link_full(recorded);
        let was_ended = self.session.is_ended();
        shown.extend(lines(self.session.submit(text)));
        if self.session.is_ended() && !was_ended {
            // The page, unlike the command line, lives on after `exit`.
            shown.push((
                Style::Note,
                "Type start <N> to begin a new session with N generals.".into(),
            ));
        }
        self.show_link();
        shown
    }

    /// Says once, beside the link's buttons (not in the console, whose
    /// lines are the transcript), that the link took no more commands.
    fn say_if_link_full(&mut self, recorded: Result<(), LinkFull>) {
        if recorded.is_err() && !self.link_full {
            self.link_full = true;
            dom::set_text(
                &self.share.note,
                &format!(
                    "The link is full ({} characters): it replays the first {} commands.",
                    thousands(MAX_LINK_CHARS as u64),
                    self.link.entries.len()
                ),
            );
        }
    }

    /// Replays a line the link kept only the length of (it was too long to
    /// read): echoed as that, refused with the error line it had.
    fn submit_unread(&mut self, bytes: u64) -> Vec<(Style, String)> {
        let mut shown = vec![(
            Style::Echo,
            format!("> (a line of {} bytes)", thousands(bytes)),
        )];
        let recorded = self.link.record_unread(&self.session, bytes);
        self.say_if_link_full(recorded);
        shown.extend(lines(self.session.refuse(overlong(bytes))));
        self.show_link();
        shown
    }

    /// A click action: written into the console as its command, then run.
    /// A click on an action that is already queued is ignored, so a double
    /// click on Kill during an order cannot queue the same kill twice.
    pub fn run_action(&mut self, command: &str) {
        if self.session.is_queued(command) {
            return;
        }
        self.console.remember(command);
        self.run_command(command);
    }

    /// Opens the inspector on the general an `inspect` command showed.
    fn open_inspected(&mut self) {
        if let Some(id) = self.session.take_inspected() {
            self.open_inspector(id);
        }
    }

    /// Shows a general in the inspector and moves the focus into it,
    /// remembering where the focus was.
    pub fn open_inspector(&mut self, id: GeneralId) {
        if self.session.is_ended() || self.shown().roster().get(id).is_none() {
            return;
        }
        let active = dom::active_element();
        if !active.as_ref().is_some_and(|e| self.inspector.contains(e)) {
            self.opener = active;
        }
        self.selected = Some(id);
        self.cursor = Some(id);
        let shown = self.past.as_ref().map_or(&self.session, |past| &past.view);
        self.inspector.show(shown, self.selected);
        self.eig.show(shown, self.selected);
        self.inspector_shown_at = self.now_ms;
        self.inspector.focus();
    }

    /// Closes the inspector and gives the focus back to where it came from
    /// (the console, the canvas, a control), or to the canvas.
    pub fn close_inspector(&mut self) {
        let was_open = self.selected.is_some();
        let had_focus = dom::active_element().is_some_and(|e| self.inspector.contains(&e));
        self.selected = None;
        let shown = self.past.as_ref().map_or(&self.session, |past| &past.view);
        self.inspector.show(shown, None);
        self.eig.show(shown, None);
        self.view.highlight.clear();
        if was_open && had_focus {
            match self.opener.take().filter(|e| e.is_connected()) {
                Some(opener) => {
                    let _ = opener.focus();
                }
                None => self.focus_view(),
            }
        }
    }

    pub fn inspector_open(&self) -> bool {
        self.selected.is_some()
    }

    fn focus_view(&self) {
        let _ = self.view.canvas().focus();
    }

    /// Brings the body's flags, the inspector, the controls and the status
    /// up to date.
    pub fn refresh(&mut self) {
        let ended = self.session.is_ended();
        if let Some(body) = dom::document().body() {
            let _ = body.class_list().toggle_with_force("ended", ended);
            let flag = |on: bool| if on { "true" } else { "false" };
            dom::set_attribute(&body, "data-busy", flag(self.is_working()));
            dom::set_attribute(&body, "data-searching", flag(self.session.is_searching()));
        }
        if let Some(gone) = self
            .selected
            .filter(|&id| ended || self.shown().roster().get(id).is_none())
        {
            // Its general died (or the session ended): close, and keep the
            // keyboard on the army, on the general that took its place.
            let had_focus = dom::active_element()
                .is_none_or(|e| self.inspector.contains(&e) || e.tag_name() == "BODY");
            self.selected = None;
            let shown = self.past.as_ref().map_or(&self.session, |past| &past.view);
            self.inspector.show(shown, None);
            self.cursor = self.neighbour_of(gone);
            if had_focus && !ended {
                self.opener = None;
                self.focus_view();
            }
        }
        if self
            .cursor
            .is_some_and(|id| self.shown().roster().get(id).is_none())
        {
            self.cursor = None;
        }
        let shown = self.past.as_ref().map_or(&self.session, |past| &past.view);
        self.inspector.show(shown, self.selected);
        self.eig.show(shown, self.selected);
        self.controls.show_enabled(&self.session);
        self.show_status();
        self.show_timeline();
        self.explain_now();
    }

    /// Brings caption and table up to date at once (after a command or a
    /// click), following a newly started order.
    pub fn explain_now(&mut self) {
        if self.session.orders_started() != self.orders_seen {
            self.orders_seen = self.session.orders_started();
            self.explain.follow();
        }
        let shown = self.past.as_ref().map_or(&self.session, |past| &past.view);
        self.explain.show(shown, self.now_ms, true);
    }

    /// Opens or closes an EIG node, or pages its children.
    pub fn eig_action(
        &mut self,
        node: crate::engine::paths::Node,
        page: Option<usize>,
        open_now: bool,
    ) {
        match page {
            Some(page) => self.eig.set_page(node, page),
            None => self.eig.toggle(node, open_now),
        }
        self.eig.invalidate();
        let shown = self.past.as_ref().map_or(&self.session, |past| &past.view);
        self.eig.show(shown, self.selected);
    }

    /// Highlights a relay chain's hops (general ids, commander first) on the
    /// way to `owner`; an empty chain clears the highlight.
    pub fn highlight(&mut self, chain: &[u32], owner: u32) {
        let shown = self.past.as_ref().map_or(&self.session, |past| &past.view);
        let members = shown.roster().members();
        let index = |id: u32| members.iter().position(|m| m.id.0 == id);
        let ids: Vec<GeneralId> = chain.iter().map(|&id| GeneralId(id)).collect();
        self.view.highlight = crate::ui::eig_tree::hops(&ids, GeneralId(owner))
            .into_iter()
            .filter_map(|(a, b)| Some((index(a.0)?, index(b.0)?)))
            .collect();
        if chain.is_empty() {
            self.view.highlight.clear();
        }
    }

    /// The live general nearest in id to one that died: the next one, or the
    /// last if it was the last.
    fn neighbour_of(&self, gone: GeneralId) -> Option<GeneralId> {
        let members = self.shown().roster().members();
        members
            .iter()
            .find(|m| m.id > gone)
            .or(members.last())
            .map(|m| m.id)
    }

    /// One animation frame: advance logical time, print what completed, draw.
    pub fn frame(&mut self, now_ms: f64) {
        self.now_ms = now_ms;
        // Sizes are read before anything is written (see `CanvasView::fit`).
        self.view.fit();
        // Lines a large print left waiting come first, before this frame's.
        self.console.begin_frame();
        let answered = self.take_answer();
        let ticks = self.clock.ticks(now_ms);
        let was_busy = self.session.is_busy();
        let travelling = self.travel_frame(ticks);
        // A long replay goes on: it alone moves the session meanwhile.
        let replaying = self.replay.is_some() && !self.session.is_searching();
        if replaying {
            let shown = self.continue_replay();
            self.console
                .print(shown.iter().map(|(style, text)| (*style, text.as_str())));
            if self.replay.is_none() {
                self.open_inspected();
                self.refresh();
            }
        }
        // A landing under way goes on even while paused: its deadline has
        // been reached, only its work is spread over frames.
        let landing = self.session.exchange().is_some_and(|e| e.is_landing());
        if (ticks > 0 || landing) && was_busy && !travelling && !replaying {
            let lines = self.session.advance_within(ticks, FRAME_WORK_BUDGET);
            self.console.print_lines(&lines);
            // A queued `g-search` may just have started.
            let shown = self.send_search();
            self.console
                .print(shown.iter().map(|(style, text)| (*style, text.as_str())));
            // A queued `inspect` may just have run.
            self.open_inspected();
        }
        if replaying {
            // Orders start and end several times a frame: the status says
            // how far the replay is, and the panels catch up once it is over
            // (`refresh` above); the timeline follows the order in flight.
            self.show_status();
            self.show_timeline();
        } else if answered || was_busy != self.session.is_busy() {
            self.refresh();
        } else {
            self.show_status();
            self.show_timeline();
            // While a round's landing is spread over frames, the inspector,
            // caption and table keep showing the instant before it: its
            // generals are part way through taking the round, a state the
            // run passes through only within one deadline.
            let landing = self.shown().exchange().is_some_and(|e| e.is_landing());
            let moving = (was_busy || self.shown().is_busy()) && !landing;
            if moving && now_ms - self.inspector_shown_at > INSPECTOR_REFRESH_MS {
                let shown = self.past.as_ref().map_or(&self.session, |past| &past.view);
                self.inspector.show(shown, self.selected);
                self.eig.show(shown, self.selected);
                self.inspector_shown_at = now_ms;
            }
            if moving {
                let shown = self.past.as_ref().map_or(&self.session, |past| &past.view);
                self.explain.show(shown, now_ms, false);
            }
        }
        if self.address_behind && now_ms - self.address_shown_at >= ADDRESS_REFRESH_MS {
            share::set_address(&self.link.fragment());
            self.address_behind = false;
            self.address_shown_at = now_ms;
            dom::set_text(&self.share.copy_link, "Copy link");
        }
        let focused = dom::active_element()
            .is_some_and(|e| e.is_same_node(Some(self.view.canvas().unchecked_ref())));
        let state = ViewState {
            selected: self.selected,
            cursor: self.cursor.filter(|_| focused),
            paused: self.clock.paused && !self.session.is_ended(),
        };
        let shown = self.past.as_ref().map_or(&self.session, |past| &past.view);
        self.view.draw(shown, &state);
        self.console.end_frame();
        // Ready once a link opened at load is replayed and shown (as when
        // the replay took the load alone): a long one goes on over the
        // first frames, and its lines are added 150 a frame.
        if !self.drawn && !replaying && self.console.is_caught_up() {
            self.drawn = true;
            // Ready means "running and drawn": set after the first frame, by
            // which time the loader has also exposed the module's exports.
            if let Some(body) = dom::document().body() {
                let _ = body.set_attribute("data-ready", "true");
            }
        }
    }

    /// Pauses or resumes logical time; nothing once the session has ended.
    pub fn toggle_pause(&mut self) {
        if self.session.is_ended() {
            return;
        }
        self.clock.paused = !self.clock.paused;
        self.controls.show_paused(self.clock.paused);
        self.show_status();
    }

    /// Pauses, then moves the order in flight (or the one shown from the
    /// past) on by half a hop. With nothing in flight there is nothing to
    /// step: it does nothing (the button says so), rather than silently
    /// freezing the next order. To step an order from its start, pause
    /// first, then give it.
    pub fn step(&mut self) {
        if self.past.is_some() {
            return self.timeline_move(crate::ui::timeline::Move::ForwardHalf);
        }
        if self.replay.is_some() {
            // The replay moves the session; a step would cut into it.
            return;
        }
        let Some(now) = self.session.exchange().map(|e| e.now()) else {
            return;
        };
        if !self.clock.paused {
            self.toggle_pause();
        }
        let lines = self.session.advance(Clock::step_ticks(now));
        self.console.print_lines(&lines);
        let shown = self.send_search();
        self.console
            .print(shown.iter().map(|(style, text)| (*style, text.as_str())));
        self.open_inspected();
        self.refresh();
    }

    pub fn set_speed(&mut self, speed: f64) {
        self.clock.speed = speed;
    }

    /// A new session from the page's start options (the same seed: a replay).
    pub fn restart(&mut self) {
        match Session::new(self.options) {
            Ok(mut session) => {
                session.defer_searches();
                self.session = session;
                self.replay = None;
                self.forget_search();
                self.past = None;
                self.link = Link::new(self.options);
                self.link_full = false;
                dom::set_text(&self.share.note, "");
                self.show_link();
                self.selected = None;
                self.cursor = None;
                self.console
                    .print([(Style::Note, "Restarted from the page's start options.")]);
                self.console.print_lines(&[self.session.banner()]);
            }
            Err(problem) => self.console.print([(Style::Error, problem.as_str())]),
        }
        self.refresh();
    }

    /// Opens a replay link in the main view in place of the session (the
    /// Experiments panel's failing runs): its session, its commands, and its
    /// last order left in flight, so it animates as if just typed.
    pub fn open_link(&mut self, fragment: &str) {
        let (link, problem) = Link::parse(fragment);
        let mut options = link.options;
        options.seed = Some(
            options
                .seed
                .unwrap_or_else(crate::engine::session::fresh_seed),
        );
        let Ok(mut session) = Session::new(options) else {
            return;
        };
        session.defer_searches();
        self.options = options;
        self.session = session;
        self.replay = None;
        self.forget_search();
        self.past = None;
        self.link = Link::new(options);
        self.link_full = false;
        self.selected = None;
        dom::set_text(&self.share.note, "");
        self.console
            .print([(Style::Note, "Opened a run from the Experiments panel.")]);
        self.console.print_lines(&[self.session.banner()]);
        let mut shown: Vec<(Style, String)> = problem
            .into_iter()
            .map(|p| (Style::Error, format!("error: {p}")))
            .collect();
        shown.extend(self.replay_on(link.entries, false));
        self.console
            .print(shown.iter().map(|(style, text)| (*style, text.as_str())));
        self.show_link();
        self.refresh();
    }

    /// A click on the canvas: inspects the general under it, if any.
    pub fn click(&mut self, x: f64, y: f64) {
        let shown = self.past.as_ref().map_or(&self.session, |past| &past.view);
        match self.view.hit(shown, x, y) {
            Some(id) => self.open_inspector(id),
            None => self.close_inspector(),
        }
    }

    /// Arrow keys on the focused canvas walk the generals in roster order;
    /// Enter inspects the one under the cursor. True when the key was used.
    pub fn view_key(&mut self, key: &str) -> bool {
        let members = self.shown().roster().members();
        if members.is_empty() || self.session.is_ended() {
            return false;
        }
        let at = self
            .cursor
            .or(self.selected)
            .and_then(|id| members.iter().position(|m| m.id == id));
        let last = members.len() - 1;
        let next = match (key, at) {
            ("ArrowRight" | "ArrowDown", Some(i)) => (i + 1).min(last),
            ("ArrowLeft" | "ArrowUp", Some(i)) => i.saturating_sub(1),
            ("ArrowRight" | "ArrowDown" | "ArrowLeft" | "ArrowUp", None) => 0,
            ("Enter", Some(i)) => {
                self.open_inspector(members[i].id);
                return true;
            }
            _ => return false,
        };
        let id = members[next].id;
        self.cursor = Some(id);
        let shown = self.past.as_ref().map_or(&self.session, |past| &past.view);
        self.view.announce(shown, id);
        true
    }

    /// A snapshot for tests and benchmarks to read.
    pub fn snapshot(&self) -> Snapshot {
        let exchange = self.shown().exchange();
        Snapshot {
            viewing: self.past.as_ref().map(|past| past.number as f64),
            tick: exchange.map(|e| e.now() as f64),
            generals: self.shown().roster().len(),
            seed: self.session.seed().to_string(),
            busy: self.is_working(),
            ended: self.session.is_ended(),
            round: exchange.and_then(|e| e.round()).unwrap_or(0),
            sent: exchange.map_or(0, |e| e.sent()) as f64,
            total: exchange.map_or(0, |e| e.total()) as f64,
            in_flight: exchange.map_or(0, |e| e.in_flight()) as f64,
            paused: self.clock.paused,
            speed: self.clock.speed,
            highlighted: self
                .view
                .highlight
                .iter()
                .filter_map(|&(a, b)| {
                    let members = self.session.roster().members();
                    Some([members.get(a)?.id.0, members.get(b)?.id.0])
                })
                .collect(),
            selected: self.selected.map(|id| id.0),
            cursor: self.cursor.map(|id| id.0),
            replaying: self.replay.is_some(),
            replay_frames: self.replay_frames,
        }
    }
}

/// Engine lines as the console shows them.
fn lines(lines: Vec<crate::engine::Line>) -> impl Iterator<Item = (Style, String)> {
    lines.into_iter().map(|l| (Style::from(l.kind), l.text))
}

/// What `snapshot()` returns to JavaScript: a plain object with these
/// fields in camelCase (`Snapshot::to_js`), `undefined` for a `None`.
pub struct Snapshot {
    /// The order shown from the past, or null for the present.
    pub viewing: Option<f64>,
    /// The shown exchange's logical clock, or null when none is in flight.
    pub tick: Option<f64>,
    /// The army shown (the present's, unless an earlier order is shown).
    pub generals: usize,
    /// A string: a u64 does not fit a JavaScript number.
    pub seed: String,
    pub busy: bool,
    pub ended: bool,
    pub round: u8,
    pub sent: f64,
    pub total: f64,
    pub in_flight: f64,
    pub paused: bool,
    pub speed: f64,
    /// Hops of the relay chain highlighted on the canvas, as general ids
    /// `[from, to]` (hovered or focused EIG-tree node).
    pub highlighted: Vec<[u32; 2]>,
    /// The general in the inspector, if open.
    pub selected: Option<u32>,
    /// The general the arrow keys are on.
    pub cursor: Option<u32>,
    /// A replay link is being replayed (or waits for a search).
    pub replaying: bool,
    /// Frames that did work for the latest replay, its first included.
    pub replay_frames: u32,
}

impl Snapshot {
    /// The plain object. Written out by hand rather than derived with serde:
    /// serde and serde-wasm-bindgen cost the page's download more than
    /// these few lines (README, "Design decisions").
    pub fn to_js(&self) -> JsValue {
        let number = |v: f64| JsValue::from_f64(v);
        let maybe = |v: Option<f64>| v.map_or(JsValue::UNDEFINED, JsValue::from_f64);
        let highlighted: js_sys::Array = self
            .highlighted
            .iter()
            .map(|&[a, b]| js_sys::Array::of2(&number(a.into()), &number(b.into())))
            .collect();
        let object = js_sys::Object::new();
        let fields: [(&str, JsValue); 17] = [
            ("viewing", maybe(self.viewing)),
            ("tick", maybe(self.tick)),
            ("generals", number(self.generals as f64)),
            ("seed", JsValue::from_str(&self.seed)),
            ("busy", JsValue::from_bool(self.busy)),
            ("ended", JsValue::from_bool(self.ended)),
            ("round", number(self.round.into())),
            ("sent", number(self.sent)),
            ("total", number(self.total)),
            ("inFlight", number(self.in_flight)),
            ("paused", JsValue::from_bool(self.paused)),
            ("speed", number(self.speed)),
            ("highlighted", highlighted.into()),
            ("selected", maybe(self.selected.map(f64::from))),
            ("cursor", maybe(self.cursor.map(f64::from))),
            ("replaying", JsValue::from_bool(self.replaying)),
            ("replayFrames", number(self.replay_frames.into())),
        ];
        for (key, value) in fields {
            let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), &value);
        }
        object.into()
    }
}
