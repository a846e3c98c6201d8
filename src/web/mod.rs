//! The browser layer: binds the engine and the `ui` models to the page.
//! `start` runs when the module loads: it mounts the app on the page's
//! elements, wires the events and starts the animation loop, whose first
//! frame marks `<body data-ready="true">`. The ids it binds (`#view`, `#console-input`,
//! `#console-output`, the control and inspector ids in `index.html`) and
//! the ready flag are the page's test contract.

// Both modules.
#[cfg_attr(not(feature = "page"), allow(dead_code))]
mod dom;
/// `g-search` in a worker: the page's half and the Experiments module's.
pub mod search_worker;
#[cfg_attr(not(feature = "page"), allow(dead_code))]
pub mod share;

// The page (feature `page`).
#[cfg(feature = "page")]
pub mod app;
#[cfg(feature = "page")]
pub mod canvas_view;
#[cfg(feature = "page")]
mod check_marks;
#[cfg(feature = "page")]
pub mod console_panel;
#[cfg(feature = "page")]
pub mod controls;
#[cfg(feature = "page")]
pub mod eig_panel;
#[cfg(feature = "page")]
mod experiments_loader;
#[cfg(feature = "page")]
pub mod explain_panel;
#[cfg(feature = "page")]
mod frame_loop;
#[cfg(feature = "page")]
pub mod inspector_panel;
#[cfg(feature = "page")]
mod lesson_worlds;
#[cfg(feature = "page")]
mod stamps;
#[cfg(feature = "page")]
pub mod time_travel;
#[cfg(feature = "page")]
pub mod timeline_panel;
#[cfg(feature = "page")]
pub mod traitor_panel;

// The Experiments module (feature `experiments`), loaded when the
// Experiments panel or the Lessons panel is first opened.
#[cfg(feature = "experiments")]
pub mod experiment_chart;
#[cfg(feature = "experiments")]
pub mod experiment_worker;
#[cfg(feature = "experiments")]
pub mod experiments_panel;
#[cfg(feature = "experiments")]
pub mod lessons_panel;
#[cfg(feature = "experiments")]
pub mod trace_writer;

#[cfg(feature = "page")]
use std::{cell::RefCell, rc::Rc};

#[cfg(feature = "page")]
use wasm_bindgen::{prelude::*, JsCast};

#[cfg(feature = "page")]
use app::App;

#[cfg(feature = "page")]
thread_local! {
    /// The running app, for the exported functions below.
    static APP: RefCell<Option<Rc<RefCell<App>>>> = const { RefCell::new(None) };
    /// Milliseconds the engine's warm-up took at load.
    static WARM_UP_MS: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
}

#[cfg(feature = "page")]
#[wasm_bindgen(start)]
pub fn start() -> Result<(), JsValue> {
    // Under Node (wasm-bindgen-test) there is no page to run.
    let Some(window) = web_sys::window() else {
        return Ok(());
    };
    console_error_panic_hook::set_once();
    let Some(document) = window.document() else {
        return Ok(());
    };
    // wasm-bindgen-test's own page has none of the app's markup.
    if document.get_element_by_id("view").is_none() {
        return Ok(());
    }
    let app = mount(&window)?;
    // The visitor's first order as quick as a later one (issue 11); its
    // time kept for the page benchmark (`warm_up_ms`).
    let performance = window.performance();
    let began = performance.as_ref().map(|p| p.now());
    crate::engine::warm_up::warm_up();
    if let (Some(performance), Some(began)) = (performance, began) {
        WARM_UP_MS.set(performance.now() - began);
    }
    // The first frame sets `<body data-ready="true">` (see `App::frame`).
    frame_loop::run(window, move |now| app.borrow_mut().frame(now))
}

#[cfg(feature = "page")]
/// Builds the app on the page's elements (options from the URL), wires its
/// events and makes it the one the exported functions reach. The animation
/// loop is started by `start`; tests drive `App::frame` themselves.
pub fn mount(window: &web_sys::Window) -> Result<Rc<RefCell<App>>, JsValue> {
    let query = window.location().search().unwrap_or_default();
    let fragment = share::fragment(window);
    let app = Rc::new(RefCell::new(App::mount(&query, &fragment)?));
    wire(window, &app)?;
    APP.with(|slot| *slot.borrow_mut() = Some(app.clone()));
    // The Experiments panel, from its own module once opened, opens a
    // failing run in this app's main view.
    let opener = app.clone();
    experiments_loader::on_first_open(move |link: &str| opener.borrow_mut().open_link(link))?;
    // The Lessons panel is in the same module, loaded when it is opened.
    experiments_loader::lessons_on_first_open()?;
    {
        let mut app = app.borrow_mut();
        app.controls.show_paused(false);
        app.refresh();
        // The console takes the focus on a laptop; not on a phone, where that
        // would raise the on-screen keyboard and scroll the page on load.
        let wide = window
            .match_media("(min-width: 861px)")
            .ok()
            .flatten()
            .is_some_and(|m| m.matches());
        if wide {
            let _ = app.console.input().focus();
        }
    }
    Ok(app)
}

#[cfg(feature = "page")]
/// Runs a console command as if typed, for scripts and benchmarks.
#[wasm_bindgen]
pub fn run_command(text: &str) {
    with_app(|app| app.run_command(text));
}

#[cfg(feature = "page")]
/// The session's replay link as a whole address (what Copy link copies).
#[wasm_bindgen]
pub fn replay_link() -> String {
    let mut link = String::new();
    with_app(|app| link = app.link_url());
    link
}

#[cfg(feature = "page")]
/// Bytes of linear memory the wasm heap holds now (it grows and is never
/// returned): what the page benchmark prints after each order.
#[wasm_bindgen]
pub fn heap_bytes() -> f64 {
    (core::arch::wasm32::memory_size(0) * 65_536) as f64
}

#[cfg(feature = "page")]
/// Milliseconds the engine's warm-up took as the page loaded (what it adds
/// to the time to ready): for the page benchmark.
#[wasm_bindgen]
pub fn warm_up_ms() -> f64 {
    WARM_UP_MS.get()
}

#[cfg(feature = "page")]
/// Times whole OM(`depth`) orders among `generals` generals (primary G1,
/// seed 42; loyal, or with G2 a faulty liar when `liar`), each from its
/// start to every decision, with no page work in between: the order the
/// native `per_message` benchmark runs (`--first-and-warm`), for the page
/// benchmark's wasm-versus-native figure and its first-versus-warm order.
/// Returns `samples` figures, each the mean milliseconds of `per_sample`
/// orders run back to back: `performance.now()` is coarsened to 0.1 ms in
/// a page that is not cross-origin isolated, about an order's time, so
/// single orders would be timed by that grain. At most `MAX_TIMED_ORDERS`
/// orders a call (fewer samples). The first call in a fresh page with
/// `per_sample` 1 times the page's first order. With `as_command`, each
/// order is instead the console's whole `actual-order attack` in a session
/// of its own made for the call (G2 made a faulty liar there by
/// `g-state`), submitted and finished with every line written, as the
/// native benchmark's `--first-session-after-warm-up` times the twin's.
#[wasm_bindgen]
pub fn time_orders(
    generals: usize,
    depth: u32,
    samples: u32,
    per_sample: u32,
    liar: bool,
    as_command: bool,
) -> Vec<f64> {
    use crate::engine::limits::{MAX_GENERALS, MAX_TIMED_ORDERS};
    use crate::engine::warm_up::whole_order;
    use crate::engine::{Loyalty, Protocol, Roster, Strategy};
    use rand::SeedableRng;
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
        return Vec::new();
    };
    let generals = generals.clamp(2, MAX_GENERALS);
    let per_sample = per_sample.clamp(1, MAX_TIMED_ORDERS);
    let samples = samples.min(MAX_TIMED_ORDERS / per_sample);
    let time = |order: &mut dyn FnMut()| {
        (0..samples)
            .map(|_| {
                let start = performance.now();
                for _ in 0..per_sample {
                    order();
                }
                (performance.now() - start) / f64::from(per_sample)
            })
            .collect()
    };
    if as_command {
        use crate::engine::{Session, SessionOptions};
        let Ok(mut session) = Session::new(SessionOptions {
            generals,
            seed: Some(42),
            primary: Some(1),
            depth,
        }) else {
            return Vec::new();
        };
        if liar {
            session.submit("g-state 2 faulty liar");
        }
        return time(&mut || {
            std::hint::black_box(session.submit("actual-order attack"));
            std::hint::black_box(session.finish());
        });
    }
    let mut roster = Roster::new(generals, 1);
    if liar
        && roster
            .set_state(2, Loyalty::Faulty, Strategy::Liar)
            .is_err()
    {
        return Vec::new();
    }
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(42);
    time(&mut || {
        // The warm-up's own function (see `engine::warm_up`).
        std::hint::black_box(whole_order(&roster, Protocol::oral(depth), &mut rng));
    })
}

#[cfg(feature = "page")]
/// The app's state as a plain object: generals, seed, busy, round, sent,
/// total, inFlight, paused, speed, ended.
#[wasm_bindgen]
pub fn snapshot() -> JsValue {
    APP.with(|slot| {
        slot.borrow()
            .as_ref()
            .map(|app| app.borrow().snapshot().to_js())
            .unwrap_or(JsValue::NULL)
    })
}

#[cfg(feature = "page")]
/// Where general `id` was last drawn, as `[x, y, radius]` in CSS pixels of
/// the canvas, or null: lets tests and scripts click a general without
/// repeating the layout's geometry.
#[wasm_bindgen]
pub fn general_position(id: u32) -> Option<Vec<f64>> {
    APP.with(|slot| {
        let app = slot.borrow();
        let app = app.as_ref()?.borrow();
        let (x, y, radius) = app
            .view
            .position_of(&app.session, crate::engine::GeneralId(id))?;
        Some(vec![x, y, radius])
    })
}

#[cfg(feature = "page")]
/// The words drawn beside the generals on the last frame, one
/// `[text, bold, align, x, y]` per line (CSS pixels of the canvas, `y` the
/// line's middle): lets tests measure what was drawn where.
#[wasm_bindgen]
pub fn drawn_labels() -> js_sys::Array {
    let lines = js_sys::Array::new();
    with_app(|app| {
        for label in app.view.labels() {
            for line in &label.lines {
                let entry = js_sys::Array::new();
                entry.push(&JsValue::from_str(&line.text));
                entry.push(&JsValue::from_bool(
                    line.weight == crate::ui::labels::Weight::Check,
                ));
                entry.push(&JsValue::from_str(label.align.as_str()));
                entry.push(&JsValue::from_f64(line.x));
                entry.push(&JsValue::from_f64(line.y));
                lines.push(&entry);
            }
        }
    });
    lines
}

#[cfg(feature = "page")]
fn with_app(f: impl FnOnce(&mut App)) {
    APP.with(|slot| {
        if let Some(app) = slot.borrow().as_ref() {
            f(&mut app.borrow_mut());
        }
    });
}

#[cfg(feature = "page")]
/// What a button does to the app.
type Action = fn(&mut App);

#[cfg(feature = "page")]
fn wire(window: &web_sys::Window, app: &Rc<RefCell<App>>) -> Result<(), JsValue> {
    let a = app.borrow();

    let on_key = app.clone();
    dom::listen(
        a.console.input(),
        "keydown",
        move |event: web_sys::KeyboardEvent| {
            let mut app = on_key.borrow_mut();
            let app = &mut *app;
            if event.key() == "Enter" {
                let text = app.console.take_input();
                app.run_command(&text);
            } else if app.console.edit_key(&event.key(), app.session.roster()) {
                event.prevent_default();
            }
        },
    )?;

    let on_click = app.clone();
    dom::listen(
        a.view.canvas(),
        "click",
        move |event: web_sys::MouseEvent| {
            on_click
                .borrow_mut()
                .click(f64::from(event.offset_x()), f64::from(event.offset_y()));
        },
    )?;

    // The canvas takes the focus (tabindex="0"): arrow keys walk the
    // generals, Enter inspects the one under the cursor.
    let on_view_key = app.clone();
    dom::listen(
        a.view.canvas(),
        "keydown",
        move |event: web_sys::KeyboardEvent| {
            if event.ctrl_key() || event.meta_key() || event.alt_key() || event.shift_key() {
                return;
            }
            if on_view_key.borrow_mut().view_key(&event.key()) {
                event.prevent_default();
            }
        },
    )?;

    let buttons: [(&web_sys::HtmlButtonElement, Action); 10] = [
        (&a.timeline.present, App::present),
        (&a.share.trace, App::download_trace),
        (&a.share.copy_link, App::copy_link),
        (&a.share.transcript, App::download_transcript),
        (&a.controls.pause, App::toggle_pause),
        (&a.controls.step, App::step),
        (&a.controls.restart, App::restart),
        (&a.inspector.close, App::close_inspector),
        (&a.inspector.toggle, |app| {
            if let Some(command) = app.inspector.toggle_command() {
                app.run_action(&command);
            }
        }),
        (&a.inspector.kill, |app| {
            if let Some(command) = app.inspector.kill_command() {
                app.run_action(&command);
            }
        }),
    ];
    for (button, action) in buttons {
        let target = app.clone();
        dom::listen(button, "click", move |_: web_sys::MouseEvent| {
            action(&mut target.borrow_mut())
        })?;
    }

    // A strategy picked in the inspector runs `g-state <ID> faulty <S>`,
    // echoed in the console like the inspector's buttons.
    let pick = app.clone();
    dom::listen(
        &a.inspector.traitors.strategy,
        "change",
        move |event: web_sys::Event| {
            let word = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                .map(|input| input.value());
            let mut app = pick.borrow_mut();
            if let Some(command) = word.and_then(|w| app.inspector.traitors.command_for(&w)) {
                app.run_action(&command);
            }
        },
    )?;
    wire_explain(app)?;

    let speed = app.clone();
    dom::listen(&a.controls.speed, "change", move |event: web_sys::Event| {
        let value = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            .and_then(|select| crate::ui::clock::speed_named(&select.value()));
        if let Some(value) = value {
            speed.borrow_mut().set_speed(value);
        }
    })?;

    // Keyboard: Escape closes the inspector wherever the focus is; Space
    // pauses and "." steps, unless the focus is in the console or on a control
    // (the timeline's scrubber takes its keys, `,` `.` `<` `>`).
    let keys = app.clone();
    let document: web_sys::EventTarget = window.document().ok_or("no document")?.into();
    dom::listen(
        &document,
        "keydown",
        move |event: web_sys::KeyboardEvent| {
            if event.key() == "Escape" && keys.borrow().inspector_open() {
                keys.borrow_mut().close_inspector();
                event.prevent_default();
                return;
            }
            let key = event.key();
            // On the timeline's scrubber (the page's one range input) its own
            // keys act too (it has no use for them); Space there stays a
            // control's, as elsewhere.
            let timeline_key = matches!(key.as_str(), "," | "." | "<" | ">");
            let typing = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|e| {
                    matches!(
                        e.tag_name().as_str(),
                        "INPUT" | "SELECT" | "BUTTON" | "TEXTAREA"
                    ) && !(timeline_key && e.get_attribute("type").as_deref() == Some("range"))
                });
            if typing || event.ctrl_key() || event.meta_key() || event.alt_key() {
                return;
            }
            match key.as_str() {
                " " => keys.borrow_mut().toggle_pause(),
                "." if !event.shift_key() => keys.borrow_mut().step(),
                // The timeline: `,` back half a hop, Shift by a round, Home, End.
                _ => match crate::ui::timeline::Move::from_key(&key, event.shift_key()) {
                    Some(step) => keys.borrow_mut().timeline_move(step),
                    None => return,
                },
            }
            event.prevent_default();
        },
    )?;

    // The scrubber shows the instant it is dragged to.
    let scrub = app.clone();
    dom::listen(&a.timeline.range, "input", move |event: web_sys::Event| {
        let tick = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|range| range.value().parse::<u64>().ok());
        if let Some(tick) = tick {
            scrub.borrow_mut().scrub(tick);
        }
    })?;

    // Choosing an order of the list shows the army as it was then.
    let choose = app.clone();
    dom::listen(
        &a.timeline.orders,
        "click",
        move |event: web_sys::MouseEvent| {
            if let Some(number) = time_travel::clicked_order(&event) {
                choose.borrow_mut().view_order(number);
            }
        },
    )?;

    // Colours come from CSS: re-read them when the colour scheme flips.
    if let Ok(Some(scheme)) = window.match_media("(prefers-color-scheme: dark)") {
        let repaint = app.clone();
        dom::listen(&scheme, "change", move |_: web_sys::Event| {
            repaint.borrow_mut().view.refresh_palette()
        })?;
    }
    Ok(())
}

#[cfg(feature = "page")]
/// The explanation's controls: order buttons, the message table, the EIG
/// tree (clicks, and hover or focus highlighting a chain on the canvas).
/// (The Lessons panel is the Experiments module's: `experiments_loader`.)
/// Every click that changes the army goes through the console.
fn wire_explain(app: &Rc<RefCell<App>>) -> Result<(), JsValue> {
    let a = app.borrow();
    let commands: [(&web_sys::HtmlButtonElement, &'static str); 3] = [
        (&a.explain.attack, "actual-order attack"),
        (&a.explain.retreat, "actual-order retreat"),
        (&a.explain.add, "g-add 1"),
    ];
    for (button, command) in commands {
        let target = app.clone();
        dom::listen(button, "click", move |_: web_sys::MouseEvent| {
            target.borrow_mut().run_action(command)
        })?;
    }
    let moves: [(&web_sys::HtmlButtonElement, i64, i64); 4] = [
        (&a.explain.prev_round, -1, 0),
        (&a.explain.next_round, 1, 0),
        (&a.explain.prev_page, 0, -1),
        (&a.explain.next_page, 0, 1),
    ];
    for (button, rounds, pages) in moves {
        let target = app.clone();
        dom::listen(button, "click", move |_: web_sys::MouseEvent| {
            let mut app = target.borrow_mut();
            let app = &mut *app;
            app.explain.move_table(&app.session, rounds, pages);
        })?;
    }
    let table: web_sys::EventTarget = dom::by_id::<web_sys::Element>("message-table")?.into();
    let opened = app.clone();
    dom::listen(&table, "toggle", move |_: web_sys::Event| {
        opened.borrow_mut().explain_now()
    })?;

    let eig: web_sys::EventTarget = a.eig.container().clone().into();
    let clicked = app.clone();
    dom::listen(&eig, "click", move |event: web_sys::Event| {
        let Some(button) = dom::closest(&event, "button[data-node]") else {
            return;
        };
        let Some(node) = button
            .get_attribute("data-node")
            .and_then(|n| n.parse().ok())
        else {
            return;
        };
        let page = button
            .get_attribute("data-page")
            .and_then(|p| p.parse().ok());
        let open_now = button.get_attribute("aria-expanded").as_deref() == Some("true");
        clicked.borrow_mut().eig_action(node, page, open_now);
        // Keep the keyboard where it was: the redrawn twin of this button
        // (a pager's button that just became disabled hands the focus to
        // its enabled sibling, so the reader can page back).
        let twin = match page {
            Some(_) => {
                let dir = button.get_attribute("data-dir").unwrap_or_default();
                let other = if dir == "next" { "previous" } else { "next" };
                [dir.as_str(), other]
                    .iter()
                    .map(|d| {
                        format!(
                            "#inspector-eig button.eig-page[data-node=\"{node}\"][data-dir=\"{d}\"]:not([disabled])"
                        )
                    })
                    .find_map(|s| dom::document().query_selector(&s).ok().flatten())
            }
            None => dom::document()
                .query_selector(&format!(
                    "#inspector-eig button.eig-toggle[data-node=\"{node}\"]"
                ))
                .ok()
                .flatten(),
        };
        if let Some(again) = twin.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = again.focus();
        }
    })?;
    for (kind, on) in dom::HOVER_AND_FOCUS {
        let hover = app.clone();
        dom::listen(&eig, kind, move |event: web_sys::Event| {
            let node = dom::closest(&event, "[data-chain]");
            // Redrawing the tree removes the focused node, which fires
            // focusout while the app is busy redrawing: nothing to do then.
            let Ok(mut app) = hover.try_borrow_mut() else {
                return;
            };
            match node.filter(|_| on) {
                Some(node) => {
                    let chain: Vec<u32> = node
                        .get_attribute("data-chain")
                        .unwrap_or_default()
                        .split(',')
                        .filter_map(|id| id.parse().ok())
                        .collect();
                    let owner = node
                        .get_attribute("data-owner")
                        .and_then(|o| o.parse().ok())
                        .unwrap_or(0);
                    app.highlight(&chain, owner);
                }
                None => app.highlight(&[], 0),
            }
        })?;
    }

    Ok(())
}
