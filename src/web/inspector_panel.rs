//! The inspector beside the canvas: shows `engine::inspection` for the selected
//! general and holds the buttons whose commands go through the console. A
//! button whose command is already queued says so and is `aria-disabled`
//! (the app ignores a click on it), keeping the focus where it is.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::engine::inspect;
use crate::engine::{GeneralId, Session};

use super::dom;
use super::traitor_panel::TraitorPanel;

pub struct InspectorPanel {
    root: web_sys::HtmlElement,
    title: web_sys::Element,
    role: web_sys::Element,
    state: web_sys::Element,
    majority: web_sys::Element,
    heard: web_sys::Element,
    pub toggle: web_sys::HtmlButtonElement,
    pub kill: web_sys::HtmlButtonElement,
    pub close: web_sys::HtmlButtonElement,
    /// The strategy picker.
    pub traitors: TraitorPanel,
    /// Commands behind the two action buttons, for the shown general.
    commands: Option<(String, String)>,
    /// The heard list last rendered; `None` until the first, so an empty
    /// list is rendered ("nothing yet") the first time too.
    shown: Option<Vec<String>>,
}

impl InspectorPanel {
    pub fn mount() -> Result<InspectorPanel, JsValue> {
        Ok(InspectorPanel {
            root: dom::by_id("inspector")?,
            title: dom::by_id("inspector-title")?,
            role: dom::by_id("inspector-role")?,
            state: dom::by_id("inspector-state")?,
            majority: dom::by_id("inspector-majority")?,
            heard: dom::by_id("inspector-heard")?,
            toggle: dom::by_id("inspector-toggle")?,
            kill: dom::by_id("inspector-kill")?,
            close: dom::by_id("inspector-close")?,
            traitors: TraitorPanel::mount()?,
            commands: None,
            shown: None,
        })
    }

    /// Whether the element is inside the inspector.
    pub fn contains(&self, element: &web_sys::HtmlElement) -> bool {
        self.root.contains(Some(element))
    }

    /// Moves the keyboard focus to the inspector's heading, so a screen
    /// reader reads which general it shows and Tab reaches its buttons.
    pub fn focus(&self) {
        if let Some(title) = self.title.dyn_ref::<web_sys::HtmlElement>() {
            let _ = title.focus();
        }
    }

    pub fn toggle_command(&self) -> Option<String> {
        self.commands.as_ref().map(|(toggle, _)| toggle.clone())
    }

    pub fn kill_command(&self) -> Option<String> {
        self.commands.as_ref().map(|(_, kill)| kill.clone())
    }

    /// Shows the general, or hides the panel when there is none (or it died).
    pub fn show(&mut self, session: &Session, id: Option<GeneralId>) {
        self.traitors.show(session, id);
        let Some(model) = id.and_then(|id| inspect(session, id)) else {
            self.root.set_hidden(true);
            self.commands = None;
            return;
        };
        self.root.set_hidden(false);
        dom::set_text(&self.title, &model.title);
        dom::set_text(&self.role, model.role);
        dom::set_text(&self.state, model.state);
        dom::set_text(&self.majority, &model.majority);
        let pending = |command: &str| session.is_queued(command);
        let (toggle_queued, kill_queued) = (pending(&model.toggle.0), pending(&model.kill));
        let label = |text: &str, queued: bool| {
            if queued {
                format!("{text} (queued)")
            } else {
                text.to_string()
            }
        };
        dom::set_text(&self.toggle, &label(model.toggle.1, toggle_queued));
        dom::set_text(&self.kill, &label("Kill", kill_queued));
        let flag = |b: bool| if b { "true" } else { "false" };
        dom::set_attribute(&self.toggle, "aria-disabled", flag(toggle_queued));
        dom::set_attribute(&self.kill, "aria-disabled", flag(kill_queued));
        self.kill.set_disabled(session.roster().len() == 1);
        if self.shown.as_ref() != Some(&model.heard) {
            let document = dom::document();
            self.heard.set_text_content(None);
            let items = if model.heard.is_empty() {
                vec!["nothing yet".to_string()]
            } else {
                model.heard.clone()
            };
            for text in items {
                if let Ok(item) = document.create_element("li") {
                    item.set_text_content(Some(&text));
                    let _ = self.heard.append_child(&item);
                }
            }
            self.shown = Some(model.heard);
        }
        self.commands = Some((model.toggle.0, model.kill));
    }
}
