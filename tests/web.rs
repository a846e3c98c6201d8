//! Browser tests of the web layer (wasm-bindgen-test in headless Chromium):
//! the app mounted on the real `index.html` markup, driven through its DOM
//! events and frame by frame, as the page runs it.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use byzantine_generals::engine::limits::{
    CONSOLE_LINES_PER_FRAME, MAX_CONSOLE_LINES, MAX_CONSOLE_LINES_SHOWN,
};
use byzantine_generals::engine::GeneralId;
use byzantine_generals::web::app::App;
use byzantine_generals::web::console_panel::{ConsolePanel, Style};
use byzantine_generals::web::{self};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Document, Element, HtmlCanvasElement, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

const PAYLOAD: &str = "<img src=x onerror=alert(1)>";

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// The page's own markup (the body of index.html), mounted in a container.
struct Page {
    container: Element,
    app: Rc<RefCell<App>>,
}

impl Page {
    fn open(query: &str) -> Page {
        let html = include_str!("../index.html");
        let body = &html[html.find("<body>").unwrap() + 6..html.find("</body>").unwrap()];
        let container = document().create_element("div").unwrap();
        container.set_inner_html(body);
        document().body().unwrap().append_child(&container).unwrap();
        let canvas: HtmlElement = by_id("view");
        canvas.style().set_property("width", "640px").unwrap();
        canvas.style().set_property("height", "420px").unwrap();
        let window = web_sys::window().unwrap();
        let path = window.location().pathname().unwrap();
        window
            .history()
            .unwrap()
            .replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&format!("{path}{query}")),
            )
            .unwrap();
        let app = web::mount(&window).expect("the app mounts on the page's markup");
        Page { container, app }
    }

    fn lines(&self, class: &str) -> Vec<String> {
        let output: Element = by_id("console-output");
        std::iter::successors(output.first_element_child(), |e| e.next_element_sibling())
            .filter(|e| e.class_list().contains(class))
            .map(|e| e.text_content().unwrap_or_default())
            .collect()
    }

    fn type_line(&self, text: &str) {
        let input: HtmlInputElement = by_id("console-input");
        input.set_value(text);
        press(&input, "Enter");
    }

    /// Runs `count` animation frames of 16 ms; returns the last timestamp.
    fn frames(&self, start: f64, count: u32) -> f64 {
        let mut now = start;
        for _ in 0..count {
            now += 16.0;
            self.app.borrow_mut().frame(now);
        }
        now
    }

    /// Runs animation frames of 16 ms until `until` holds (at most `limit` frames).
    fn frames_until(&self, start: f64, limit: u32, until: impl Fn(&App) -> bool) -> f64 {
        let mut now = start;
        for _ in 0..limit {
            if until(&self.app.borrow()) {
                return now;
            }
            now += 16.0;
            self.app.borrow_mut().frame(now);
        }
        panic!("condition not reached in {limit} frames");
    }

    fn canvas_picture(&self) -> String {
        by_id::<HtmlCanvasElement>("view").to_data_url().unwrap()
    }
}

impl Drop for Page {
    fn drop(&mut self) {
        self.container.remove();
    }
}

/// The page's `<body data-busy>` flag: whether an order is in flight.
fn busy_flag() -> Option<String> {
    document().body().unwrap().get_attribute("data-busy")
}

fn by_id<T: JsCast>(id: &str) -> T {
    document()
        .get_element_by_id(id)
        .unwrap_or_else(|| panic!("#{id}"))
        .dyn_into()
        .unwrap()
}

fn press(target: &Element, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
fn console_lines_are_text_one_element_each_and_bounded() {
    let output = document().create_element("div").unwrap();
    let input: HtmlInputElement = document()
        .create_element("input")
        .unwrap()
        .dyn_into()
        .unwrap();
    let mut console = ConsolePanel::new(output.clone(), input);
    console.print([(Style::Error, PAYLOAD), (Style::Output, "G1, state=NF")]);
    assert_eq!(output.child_element_count(), 2);
    let first = output.first_element_child().unwrap();
    assert_eq!(first.text_content().unwrap(), PAYLOAD);
    assert_eq!(first.class_name(), "line line-error");
    assert!(output.query_selector("img").unwrap().is_none());
    assert_eq!(output.get_attribute("data-pending").as_deref(), Some("0"));
    assert_eq!(output.get_attribute("aria-busy"), None);

    // A large print: one frame's worth at once, the rest a frame's worth a
    // frame, in order; the page keeps the newest lines.
    let many: Vec<String> = (0..MAX_CONSOLE_LINES + 5)
        .map(|i| format!("line {i}"))
        .collect();
    console.begin_frame();
    console.print(many.iter().map(|t| (Style::Output, t.as_str())));
    assert_eq!(
        output.child_element_count() as usize,
        2 + CONSOLE_LINES_PER_FRAME
    );
    let waiting = MAX_CONSOLE_LINES - CONSOLE_LINES_PER_FRAME;
    assert_eq!(
        output.get_attribute("data-pending"),
        Some(waiting.to_string())
    );
    assert_eq!(output.get_attribute("aria-busy").as_deref(), Some("true"));
    // Typed meanwhile: shown after the lines that wait.
    console.print([(Style::Echo, "> help")]);
    let mut frames = 0;
    while output.get_attribute("data-pending").as_deref() != Some("0") {
        console.begin_frame();
        frames += 1;
        assert!(output.child_element_count() as usize <= MAX_CONSOLE_LINES);
    }
    assert_eq!(frames, (waiting + 1).div_ceil(CONSOLE_LINES_PER_FRAME));
    assert_eq!(output.get_attribute("aria-busy"), None);
    assert_eq!(output.child_element_count() as usize, MAX_CONSOLE_LINES);
    assert_eq!(
        output
            .first_element_child()
            .unwrap()
            .text_content()
            .unwrap(),
        "line 6"
    );
    assert_eq!(
        output.last_element_child().unwrap().text_content().unwrap(),
        "> help"
    );
    // Only the newest are laid out; the older ones stay, hidden.
    let shown: Vec<Element> =
        std::iter::successors(output.first_element_child(), |e| e.next_element_sibling())
            .filter(|e| !e.has_attribute("hidden"))
            .collect();
    assert_eq!(shown.len(), MAX_CONSOLE_LINES_SHOWN);
    let first_shown = MAX_CONSOLE_LINES + 6 - MAX_CONSOLE_LINES_SHOWN;
    assert_eq!(
        shown[0].text_content().unwrap(),
        format!("line {first_shown}")
    );
    // The transcript has every line kept, hidden or not.
    let transcript = console.text();
    assert!(transcript.starts_with("line 6\nline 7\n"));
    assert!(transcript.ends_with(&format!("line {}\n> help\n", MAX_CONSOLE_LINES + 4)));
    assert_eq!(transcript.lines().count(), MAX_CONSOLE_LINES);
}

#[wasm_bindgen_test]
fn the_console_answers_with_the_engine_and_keeps_history_and_completion() {
    let page = Page::open("?generals=4&seed=11&primary=1");
    let notes = page.lines("line-note");
    assert!(
        notes[0].contains("seed 11") && notes[0].contains("help"),
        "{notes:?}"
    );
    page.type_line("g-state 3 faulty");
    assert_eq!(page.lines("line-echo"), ["> g-state 3 faulty"]);
    assert_eq!(
        page.lines("line-output"),
        [
            "G1, state=NF",
            "G2, state=NF",
            "G3, state=F",
            "G4, state=NF"
        ]
    );
    page.type_line(PAYLOAD);
    assert_eq!(
        page.lines("line-error"),
        ["error: unknown command '<img'; type help to list the commands"]
    );
    assert!(document()
        .query_selector("#console-output img")
        .unwrap()
        .is_none());

    let input: HtmlInputElement = by_id("console-input");
    press(&input, "ArrowUp");
    assert_eq!(input.value(), PAYLOAD);
    press(&input, "ArrowUp");
    assert_eq!(input.value(), "g-state 3 faulty");
    press(&input, "ArrowDown");
    press(&input, "ArrowDown");
    assert_eq!(input.value(), "");
    input.set_value("act");
    press(&input, "Tab");
    assert_eq!(input.value(), "actual-order ");
}

#[wasm_bindgen_test]
fn an_order_animates_frame_by_frame_and_prints_its_verdict_on_completion() {
    let page = Page::open("?generals=5&seed=3&primary=1");
    page.type_line("actual-order retreat");
    assert!(page.app.borrow().session.is_busy());
    assert_eq!(busy_flag().as_deref(), Some("true"));
    page.app.borrow_mut().frame(0.0);
    let early = page.canvas_picture();
    let now = page.frames(0.0, 30);
    let later = page.canvas_picture();
    assert_ne!(early, later, "messages in flight move between frames");
    assert!(
        page.lines("line-output").is_empty(),
        "no verdict before the exchange completes"
    );
    page.frames_until(now, 400, |app| !app.session.is_busy());
    let lines = page.lines("line-output");
    assert_eq!(lines.len(), 6);
    assert_eq!(
        lines[5],
        "Execute order: retreat! Non-faulty nodes in the system \u{2013} 3 out of 5 quorum suggest retreat"
    );
    assert_eq!(busy_flag().as_deref(), Some("false"));
}

#[wasm_bindgen_test]
fn changing_commands_typed_mid_order_wait_and_pausing_stops_time() {
    let page = Page::open("?generals=4&seed=3&primary=1");
    page.type_line("actual-order attack");
    page.type_line("g-kill 4");
    assert_eq!(
        page.lines("line-note").last().unwrap(),
        "queued until the order in flight completes (1 waiting)"
    );
    page.app.borrow_mut().toggle_pause();
    page.app.borrow_mut().frame(0.0);
    page.app.borrow_mut().frame(5_000.0);
    assert!(
        page.app.borrow().session.is_busy(),
        "paused: no logical time passes"
    );
    page.app.borrow_mut().toggle_pause();
    page.frames_until(5_000.0, 400, |app| !app.session.is_busy());
    let lines = page.lines("line-output");
    assert_eq!(
        &lines[lines.len() - 3..],
        ["G1, state=NF", "G2, state=NF", "G3, state=NF"]
    );
}

#[wasm_bindgen_test]
fn clicking_a_general_inspects_it_and_actions_become_console_commands() {
    let page = Page::open("?generals=4&seed=3&primary=1");
    page.app.borrow_mut().frame(0.0);
    let (x, y, _) = {
        let app = page.app.borrow();
        app.view.position_of(&app.session, GeneralId(2)).unwrap()
    };
    page.app.borrow_mut().click(x, y);
    let inspector: HtmlElement = by_id("inspector");
    assert!(!inspector.hidden());
    assert_eq!(
        by_id::<Element>("inspector-title").text_content().unwrap(),
        "G2"
    );
    let toggle: HtmlElement = by_id("inspector-toggle");
    toggle.click();
    assert_eq!(page.lines("line-echo"), ["> g-state 2 faulty"]);
    assert_eq!(
        by_id::<Element>("inspector-state").text_content().unwrap(),
        "faulty (F)"
    );
    by_id::<HtmlElement>("inspector-kill").click();
    assert_eq!(
        page.lines("line-echo"),
        ["> g-state 2 faulty", "> g-kill 2"]
    );
    assert!(inspector.hidden(), "a killed general's inspector closes");
}

#[wasm_bindgen_test]
fn exit_dims_the_view_and_start_begins_again() {
    let page = Page::open("?generals=4&seed=3");
    page.type_line("exit");
    let body = document().body().unwrap();
    assert!(body.class_list().contains("ended"));
    page.type_line("g-state");
    assert_eq!(
        page.lines("line-error").last().unwrap(),
        "error: the session has ended; type start <N> to begin a new one with N generals"
    );
    page.type_line("start 6");
    assert!(!body.class_list().contains("ended"));
    assert_eq!(page.app.borrow().session.roster().len(), 6);
}

#[wasm_bindgen_test]
fn bad_url_options_are_reported_and_defaults_used() {
    let page = Page::open("?generals=abc&primary=0");
    let errors = page.lines("line-error");
    assert_eq!(
        errors,
        [
            "error: URL option generals='abc' must be a whole number from 1 to 1000; using 4",
            "error: URL option primary='0' is not one of the 4 generals; choosing the primary at random",
        ]
    );
    assert_eq!(page.app.borrow().session.roster().len(), 4);
}
