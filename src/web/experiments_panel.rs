//! The Experiments panel: the same options as `generals experiment`, Run
//! and Cancel, a progress bar, the chart and a CSV download. Cells run in Web
//! Workers (`experiment_worker`), one cell per message and the next cell to
//! whichever worker answers, so the page keeps animating; results are kept in
//! cell order, so the CSV is the command line's whatever the workers did.
//! Clicking a cell of the chart opens its first failing run in the main view.
//! All of it is the Experiments module (feature `experiments`), which the page
//! loads when the panel is first opened and mounts with `mount_experiments`.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::engine::experiment::Sweep;
use crate::ui::chart_cursor::Cursor;
use crate::ui::experiment_form::{self, FIELDS};
use crate::ui::experiment_results::{self, Results};

use super::dom;
use super::experiment_chart::{self, Chart};
use super::experiment_worker::{self as worker, OnMessage};
use super::share;

thread_local! {
    /// The mounted panel, for `experiment_cell_point`.
    static PANEL: RefCell<Option<Rc<RefCell<ExperimentsPanel>>>> = const { RefCell::new(None) };
}

/// Where the chart drew cell (n, k) of depth m on its IC1 map, as canvas
/// pixels `[x, y]`, for tests and scripts that click a cell; `undefined`
/// before a chart is drawn.
#[wasm_bindgen]
pub fn experiment_cell_point(depth: u32, n: u32, k: u32) -> Option<Vec<i32>> {
    PANEL.with(|slot| {
        let panel = slot.borrow().clone()?;
        let panel = panel.borrow();
        let (x, y) = panel.chart.as_ref()?.point_of(depth, n, k)?;
        Some(vec![x, y])
    })
}

/// Takes over the panel's markup: `open` opens a replay link in the page's
/// main view; `module` and `wasm` are this module's own URLs, which the
/// workers load.
#[wasm_bindgen]
pub fn mount_experiments(
    open: js_sys::Function,
    module: String,
    wasm: String,
) -> Result<(), JsValue> {
    console_error_panic_hook::set_once();
    let open = move |link: &str| {
        let _ = open.call1(&JsValue::NULL, &JsValue::from_str(link));
    };
    ExperimentsPanel::mount(Box::new(open), (module, wasm))?;
    Ok(())
}

/// The panel's elements (ids `exp-<field>`, `exp-run`, ...; see index.html).
struct Elements {
    fields: Vec<web_sys::HtmlElement>,
    run: web_sys::HtmlButtonElement,
    cancel: web_sys::HtmlButtonElement,
    download: web_sys::HtmlButtonElement,
    progress: web_sys::HtmlProgressElement,
    status: web_sys::Element,
    canvas: web_sys::HtmlCanvasElement,
    /// The chart's text alternative: the chosen cell in words.
    cell: web_sys::Element,
}

/// One sweep in progress or done.
struct Run {
    sweep: Sweep,
    spec: String,
    urls: (String, String),
    results: Results,
    /// Cells in the order they are handed out (the costliest first).
    queue: Vec<usize>,
    workers: Vec<web_sys::Worker>,
    _handlers: Vec<OnMessage>,
    started_ms: f64,
    finished: bool,
}

pub struct ExperimentsPanel {
    elements: Elements,
    run: Option<Run>,
    chart: Option<Chart>,
    /// The cell the keyboard (or the last click) chose on the chart.
    cursor: Option<Cursor>,
    /// Opens a replay link in the main view.
    open: Box<dyn Fn(&str)>,
    /// This module's JavaScript and wasm URLs, for the workers.
    urls: (String, String),
}

/// Scrolls the panel to the top of the window now (it was just opened, and
/// mounted) and whenever it is opened again: on a desktop its content runs
/// on below the first screen (www/experiments.css), so opening it would
/// otherwise show nothing new.
fn show_when_opened() -> Result<(), JsValue> {
    let details: web_sys::Element = dom::by_id("experiments")?;
    details.scroll_into_view();
    let target = details.clone();
    dom::listen(&details, "toggle", move |_: web_sys::Event| {
        if target.has_attribute("open") {
            target.scroll_into_view();
        }
    })
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

fn value(element: &web_sys::HtmlElement) -> String {
    js_sys::Reflect::get(element, &JsValue::from_str("value"))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

impl ExperimentsPanel {
    /// Binds the panel's markup and wires its buttons and chart.
    pub fn mount(
        open: Box<dyn Fn(&str)>,
        urls: (String, String),
    ) -> Result<Rc<RefCell<ExperimentsPanel>>, JsValue> {
        let elements = Elements {
            fields: FIELDS
                .iter()
                .map(|f| dom::by_id(&format!("exp-{f}")))
                .collect::<Result<_, _>>()?,
            run: dom::by_id("exp-run")?,
            cancel: dom::by_id("exp-cancel")?,
            download: dom::by_id("exp-csv")?,
            progress: dom::by_id("exp-progress")?,
            status: dom::by_id("exp-status")?,
            canvas: dom::by_id("exp-chart")?,
            cell: dom::by_id("exp-cell")?,
        };
        let panel = Rc::new(RefCell::new(ExperimentsPanel {
            elements,
            run: None,
            chart: None,
            cursor: None,
            open,
            urls,
        }));
        let p = panel.borrow();
        let on = panel.clone();
        dom::listen(&p.elements.run, "click", move |_: web_sys::MouseEvent| {
            ExperimentsPanel::start(&on)
        })?;
        let on = panel.clone();
        dom::listen(
            &p.elements.cancel,
            "click",
            move |_: web_sys::MouseEvent| on.borrow_mut().cancel(),
        )?;
        let on = panel.clone();
        dom::listen(
            &p.elements.download,
            "click",
            move |_: web_sys::MouseEvent| on.borrow().download(),
        )?;
        let on = panel.clone();
        dom::listen(
            &p.elements.canvas,
            "click",
            move |e: web_sys::MouseEvent| on.borrow_mut().click(e),
        )?;
        let on = panel.clone();
        dom::listen(
            &p.elements.canvas,
            "keydown",
            move |e: web_sys::KeyboardEvent| {
                if e.ctrl_key() || e.meta_key() || e.alt_key() {
                    return;
                }
                if on.borrow_mut().key(&e.key()) {
                    e.prevent_default();
                }
            },
        )?;
        for (event, shown) in [("focus", true), ("blur", false)] {
            let on = panel.clone();
            dom::listen(&p.elements.canvas, event, move |_: web_sys::Event| {
                on.borrow().redraw(shown)
            })?;
        }
        p.say("Each cell runs its trials in a Web Worker; the animation keeps going.");
        p.set_running(false);
        drop(p);
        show_when_opened()?;
        PANEL.with(|slot| *slot.borrow_mut() = Some(panel.clone()));
        Ok(panel)
    }

    fn say(&self, text: &str) {
        dom::set_text(&self.elements.status, text);
    }

    fn set_running(&self, running: bool) {
        // The keyboard stays on the panel: a button about to be disabled
        // hands the focus to the one about to be enabled.
        let had = |b: &web_sys::HtmlButtonElement| {
            dom::active_element().is_some_and(|e| e.is_same_node(Some(b)))
        };
        let (from, to) = match running {
            true => (&self.elements.run, &self.elements.cancel),
            false => (&self.elements.cancel, &self.elements.run),
        };
        let moving = had(from);
        self.elements.run.set_disabled(running);
        self.elements.cancel.set_disabled(!running);
        if moving {
            let _ = to.focus();
        }
        if let Some(body) = dom::document().body() {
            let _ = body.set_attribute("data-experiment", if running { "running" } else { "idle" });
        }
    }

    /// Reads the form, starts the workers and hands each its first cell.
    fn start(panel: &Rc<RefCell<ExperimentsPanel>>) {
        let mut this = panel.borrow_mut();
        this.cancel();
        let pairs: Vec<(&str, String)> = FIELDS
            .iter()
            .zip(&this.elements.fields)
            .map(|(f, e)| (*f, value(e)))
            .collect();
        let sweep = match experiment_form::sweep_from(pairs.iter().map(|(f, v)| (*f, v.as_str()))) {
            Ok(sweep) => sweep,
            Err(problem) => return this.say(&format!("error: {problem}")),
        };
        let urls = this.urls.clone();
        let cells = sweep.cells().len();
        let count = worker::worker_count().min(cells);
        let mut workers = Vec::new();
        let mut handlers = Vec::new();
        for _ in 0..count {
            let w = match worker::spawn() {
                Ok(w) => w,
                Err(e) => return this.say(&format!("error: no worker: {e:?}")),
            };
            let target = panel.clone();
            let me = w.clone();
            let handler: OnMessage = Closure::new(move |event: web_sys::MessageEvent| {
                ExperimentsPanel::receive(&target, &me, &event);
            });
            worker::on_message(&w, &handler);
            workers.push(w);
            handlers.push(handler);
        }
        let spec = experiment_form::spec(&sweep);
        this.elements.progress.set_max(cells as f64);
        this.elements.progress.set_value(0.0);
        this.say(&experiment_results::running(cells, sweep.trials, count));
        this.chart = None;
        this.cursor = None;
        this.elements.canvas.set_width(760);
        this.elements
            .canvas
            .set_height(experiment_chart::height(sweep.m.count() as u32));
        this.set_running(true);
        let mut run = Run {
            sweep,
            spec,
            urls,
            results: Results::new(cells),
            // Later cells are the larger armies: hand them out first.
            queue: (0..cells).collect(),
            workers,
            _handlers: handlers,
            started_ms: now_ms(),
            finished: false,
        };
        for w in run.workers.clone() {
            if let Some(index) = run.queue.pop() {
                let _ = worker::send(&w, &run.urls, &run.spec, index);
            }
        }
        this.run = Some(run);
    }

    /// A worker answered: keep its row, give it the next cell, and draw
    /// once every cell is in.
    fn receive(
        panel: &Rc<RefCell<ExperimentsPanel>>,
        from: &web_sys::Worker,
        event: &web_sys::MessageEvent,
    ) {
        let mut this = panel.borrow_mut();
        let Some(run) = this.run.as_mut() else {
            return;
        };
        if run.finished {
            return;
        }
        let (index, row) = worker::answer(event);
        let row = match (index, row) {
            (Some(index), Ok(row)) => {
                run.results.receive(index, row);
                None
            }
            (_, Err(problem)) => Some(problem),
            (None, Ok(_)) => Some("a worker answered without a cell".to_string()),
        };
        if let Some(problem) = row {
            this.stop();
            return this.say(&format!("error: {problem}"));
        }
        let run = this.run.as_mut().expect("checked above");
        if let Some(next) = run.queue.pop() {
            let _ = worker::send(from, &run.urls, &run.spec, next);
        }
        let (received, total) = (run.results.received(), run.results.total());
        this.elements.progress.set_value(received as f64);
        if received < total {
            return this.say(&format!("{received} of {total} cells done..."));
        }
        let run = this.run.as_mut().expect("checked above");
        let seconds = (now_ms() - run.started_ms) / 1000.0;
        let text = experiment_results::finished(total, run.sweep.trials, seconds);
        this.stop();
        this.say(&text);
        this.draw();
    }

    fn draw(&mut self) {
        let Some(run) = self.run.as_ref() else {
            return;
        };
        match experiment_chart::draw(&self.elements.canvas, &run.sweep, &run.results.parsed()) {
            Ok(chart) => {
                self.chart = Some(chart);
                let cursor = Cursor::first(&run.sweep);
                self.cursor = Some(cursor);
                self.describe(cursor);
                if let Some(body) = dom::document().body() {
                    let _ = body.set_attribute("data-experiment", "charted");
                }
            }
            Err(problem) => self.say(&format!("error: {problem}")),
        }
    }

    /// Ends the workers; the results received so far stay.
    fn stop(&mut self) {
        if let Some(run) = self.run.as_mut() {
            for w in &run.workers {
                w.terminate();
            }
            run.workers.clear();
            run.finished = true;
        }
        self.set_running(false);
    }

    fn cancel(&mut self) {
        let running = self.run.as_ref().is_some_and(|r| !r.finished);
        self.stop();
        if running {
            self.run = None;
            self.elements.progress.set_value(0.0);
            self.say("Cancelled.");
        }
    }

    fn download(&self) {
        let Some(run) = self.run.as_ref().filter(|r| r.results.is_complete()) else {
            return self.say("Run an experiment first: the CSV holds its results.");
        };
        let name = format!("experiment-seed-{}.csv", run.sweep.seed);
        if let Err(problem) = share::download(&name, "text/csv;charset=utf-8", &run.results.csv()) {
            self.say(&format!("Could not save the CSV: {problem:?}"));
        }
    }

    /// Says the cell `cursor` in words under the chart.
    fn describe(&self, cursor: Cursor) {
        if let Some(run) = self.run.as_ref() {
            let text = cursor.describe(run.sweep.kind, &run.results.parsed());
            dom::set_text(&self.elements.cell, &text);
        }
    }

    /// Draws the chart again, with the keyboard's cell outlined if `shown`.
    fn redraw(&self, shown: bool) {
        let (Some(run), Some(chart)) = (self.run.as_ref(), self.chart.as_ref()) else {
            return;
        };
        let canvas = &self.elements.canvas;
        if experiment_chart::draw(canvas, &run.sweep, &run.results.parsed()).is_err() {
            return;
        }
        if let Some(c) = self.cursor.filter(|_| shown) {
            experiment_chart::highlight(canvas, chart, c.depth, c.n, c.k);
        }
    }

    /// A key on the chart: arrows and pages move the cursor, Enter or Space
    /// open its cell. Whether the key was the chart's.
    fn key(&mut self, key: &str) -> bool {
        let (Some(run), Some(cursor)) = (self.run.as_ref(), self.cursor) else {
            return false;
        };
        if key == "Enter" || key == " " {
            self.open_cell(cursor);
            return true;
        }
        let Some(next) = cursor.moved(key, &run.sweep) else {
            return false;
        };
        self.cursor = Some(next);
        self.describe(next);
        self.redraw(true);
        true
    }

    fn click(&mut self, event: web_sys::MouseEvent) {
        let Some(chart) = self.chart.as_ref() else {
            return;
        };
        // The canvas may be shown smaller than it is drawn.
        let canvas = &self.elements.canvas;
        let scale = f64::from(canvas.width()) / f64::from(canvas.client_width().max(1));
        let x = (f64::from(event.offset_x()) * scale) as i32;
        let y = (f64::from(event.offset_y()) * scale) as i32;
        let Some((depth, n, k)) = chart.cell_at(x, y) else {
            return;
        };
        let cursor = Cursor { depth, n, k };
        self.cursor = Some(cursor);
        self.describe(cursor);
        self.open_cell(cursor);
    }

    /// Opens the cell's first failing run in the main view, or says it has none.
    fn open_cell(&self, cursor: Cursor) {
        let Some(run) = self.run.as_ref() else {
            return;
        };
        let Cursor { depth, n, k } = cursor;
        let rows = run.results.parsed();
        match cursor.row(&rows).and_then(|r| r.link.as_deref()) {
            Some(link) => {
                self.say(&format!(
                    "Opened m = {depth}, n = {n}, k = {k}: its first failing run, in the main view."
                ));
                (self.open)(link);
                // The main view is above the panel: show it.
                if let Some(window) = web_sys::window() {
                    window.scroll_to_with_x_and_y(0.0, 0.0);
                }
            }
            None => self.say(&format!(
                "m = {depth}, n = {n}, k = {k}: no trial broke IC1 or IC2."
            )),
        }
    }
}
