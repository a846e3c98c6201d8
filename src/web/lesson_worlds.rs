//! The Lessons panel's two worlds (the panel itself is the Experiments
//! module's, src/web/lessons_panel.rs): each world replayed from its link,
//! who is loyal and who a traitor, the watched general's view drawn as its
//! EIG tree in both and marked as the same, and the world's check. The page
//! draws them because it has all they need (the session's replay, the EIG
//! tree and its drawing, which the inspector uses); the panel calls `show`
//! through the function the page hands it when it mounts.

use wasm_bindgen::prelude::*;

use crate::engine::GeneralId;
use crate::ui::eig_tree::{reasoning, TreeView};
use crate::ui::lessons;

use super::dom::{self, element};
use super::eig_panel;

/// The function the Lessons panel calls as `worlds(number, link, world_b,
/// watch)` to fill `#two-worlds-<number>`.
pub fn function() -> JsValue {
    let show = Closure::<dyn Fn(u32, String, String, u32)>::new(
        |number: u32, link: String, world_b: String, watch: u32| {
            show(number, &link, &world_b, GeneralId(watch))
        },
    );
    show.into_js_value()
}

/// Fills lesson `number`'s two-worlds box: the worlds of `link` and
/// `world_b`, with `watch`'s view drawn in both and marked as the same.
pub fn show(number: u32, link: &str, world_b: &str, watch: GeneralId) {
    let Ok(box_) = dom::by_id::<web_sys::HtmlElement>(&format!("two-worlds-{number}")) else {
        return;
    };
    box_.set_text_content(None);
    for (name, link) in [("World A", link), ("World B", world_b)] {
        let column = element("section", "world", None);
        let _ = column.set_attribute("aria-label", name);
        let Some((session, _)) = lessons::load(link) else {
            continue;
        };
        let _ = column.append_child(&element("h4", "", Some(name)));
        let roster = session.roster();
        let who: Vec<String> = roster
            .members()
            .iter()
            .map(|m| {
                let role = if m.id == roster.primary() {
                    "commander"
                } else {
                    "lieutenant"
                };
                if m.loyalty.is_faulty() {
                    format!("{} ({role}) is a traitor ({})", m.id, m.strategy)
                } else {
                    format!("{} ({role}) is loyal", m.id)
                }
            })
            .collect();
        let _ = column.append_child(&element("p", "world-cast", Some(&(who.join("; ") + "."))));
        let view = element("div", "watched", None);
        let _ = view.set_attribute("data-watch", &watch.0.to_string());
        let _ = view.append_child(&element(
            "p",
            "watched-title",
            Some(&format!("{watch}'s view (the same in both worlds)")),
        ));
        let tree = element("div", "eig-box", None);
        let exchange = session.latest_exchange();
        let shown =
            exchange.and_then(|e| reasoning(e, GeneralId(watch.0), &TreeView::default(), 0));
        eig_panel::render(&tree, shown.as_ref(), false);
        let _ = view.append_child(&tree);
        let _ = column.append_child(&view);
        if let Some(check) = session.last_check() {
            let _ = column.append_child(&element(
                "p",
                "world-check",
                Some(&crate::engine::check::describe(check)),
            ));
        }
        let _ = box_.append_child(&column);
    }
    box_.set_hidden(false);
}
