//! The inspector's traitor parts: the strategy picker (a radio group built
//! from `ui::traitors::picker`; each pick runs its console command through
//! `App::run_action`, echoed like the inspector's buttons) and, under SM(m),
//! the lieutenant's set V and signature chains (`ui::signatures`).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::engine::{GeneralId, Session, Strategy};
use crate::ui::signatures::signed;
use crate::ui::traitors::{choices, picker};

use super::dom;

pub struct TraitorPanel {
    /// The fieldset the radios live in; its `change` events carry the picks.
    pub strategy: web_sys::HtmlElement,
    radios: Vec<(Strategy, web_sys::HtmlInputElement)>,
    /// The command behind each radio, for the general shown.
    commands: Vec<(Strategy, String)>,
    signed: web_sys::HtmlElement,
    values: web_sys::Element,
    chains: web_sys::Element,
    shown_chains: Vec<String>,
}

impl TraitorPanel {
    /// Builds one radio per strategy inside `#inspector-strategy`, named and
    /// described by the model.
    pub fn mount() -> Result<TraitorPanel, JsValue> {
        let strategy: web_sys::HtmlElement = dom::by_id("inspector-strategy")?;
        let document = dom::document();
        let mut radios = Vec::new();
        for (strategy_value, label_text, hint) in choices() {
            let label = document.create_element("label")?;
            let input: web_sys::HtmlInputElement = document.create_element("input")?.dyn_into()?;
            input.set_type("radio");
            input.set_name("inspector-strategy");
            input.set_value(strategy_value.as_str());
            input.set_id(&format!("inspector-strategy-{strategy_value}"));
            label.append_child(&input)?;
            let name = document.create_element("span")?;
            name.set_class_name("strategy-name");
            name.set_text_content(Some(label_text));
            label.append_child(&name)?;
            let note = document.create_element("span")?;
            note.set_class_name("strategy-hint");
            note.set_text_content(Some(hint));
            label.append_child(&note)?;
            strategy.append_child(&label)?;
            radios.push((strategy_value, input));
        }
        Ok(TraitorPanel {
            strategy,
            radios,
            commands: Vec::new(),
            signed: dom::by_id("inspector-signed")?,
            values: dom::by_id("inspector-values")?,
            chains: dom::by_id("inspector-chains")?,
            shown_chains: Vec::new(),
        })
    }

    /// The command behind the radio whose value is `word`, for the general
    /// shown.
    pub fn command_for(&self, word: &str) -> Option<String> {
        let strategy = Strategy::parse(word)?;
        self.commands
            .iter()
            .find(|(s, _)| *s == strategy)
            .map(|(_, command)| command.clone())
    }

    /// Shows general `id`'s strategy (no radio checked while it is loyal) and,
    /// under SM(m), its set V and chains.
    pub fn show(&mut self, session: &Session, id: Option<GeneralId>) {
        let Some(model) = id.and_then(|id| picker(session, id)) else {
            self.commands.clear();
            self.signed.set_hidden(true);
            return;
        };
        for (strategy, radio) in &self.radios {
            radio.set_checked(model.current == Some(*strategy));
            radio.set_disabled(session.is_ended());
        }
        self.commands = model
            .options
            .into_iter()
            .map(|o| (o.strategy, o.command))
            .collect();
        match id.and_then(|id| signed(session, id)) {
            Some(view) => {
                self.signed.set_hidden(false);
                dom::set_text(&self.values, &view.values);
                if view.chains != self.shown_chains {
                    self.chains.set_text_content(None);
                    let document = dom::document();
                    let items = if view.chains.is_empty() {
                        vec!["nothing signed yet".to_string()]
                    } else {
                        view.chains.clone()
                    };
                    for text in items {
                        if let Ok(item) = document.create_element("li") {
                            item.set_text_content(Some(&text));
                            let _ = self.chains.append_child(&item);
                        }
                    }
                    self.shown_chains = view.chains;
                }
            }
            None => self.signed.set_hidden(true),
        }
    }
}
