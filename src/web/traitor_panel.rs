//! The inspector's strategy picker: a radio group built from
//! `ui::traitors::picker`; each pick runs its console command through
//! `App::run_action`, echoed like the inspector's buttons. (Under SM(m) the
//! set V and the signature chains are the EIG section's, `eig_panel`.)

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::engine::{GeneralId, Session, Strategy};
use crate::ui::traitors::{choices, picker};

use super::dom;

pub struct TraitorPanel {
    /// The fieldset the radios live in; its `change` events carry the picks.
    pub strategy: web_sys::HtmlElement,
    radios: Vec<(Strategy, web_sys::HtmlInputElement)>,
    /// The command behind each radio, for the general shown.
    commands: Vec<(Strategy, String)>,
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

    /// Shows general `id`'s strategy (no radio checked while it is loyal).
    pub fn show(&mut self, session: &Session, id: Option<GeneralId>) {
        let Some(model) = id.and_then(|id| picker(session, id)) else {
            self.commands.clear();
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
    }
}
