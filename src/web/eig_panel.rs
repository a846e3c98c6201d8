//! Draws a general's reasoning (`ui::eig_tree`) as nested lists: the EIG
//! tree under OM(m), the set V and signature chains under SM(m). Used by the
//! inspector and by the two-worlds view of the lessons.
//!
//! The markup is the contract the page tests and the wiring in `mod.rs` rely
//! on: each node is a focusable `.eig-node` with `data-chain` (the general
//! ids of its relay chain, commander first) and `data-owner`; a toggle
//! button carries `data-node` and `aria-expanded`; a pager button carries
//! `data-node`, `data-page` and `data-dir` (previous or next). Values are
//! words as well as colours. Under SM(m) the section is retitled: it shows
//! the set V and the chains in place of the tree, the only place the
//! inspector shows them.

use crate::engine::paths::Node;
use crate::engine::{GeneralId, Kind, Majority, Order, Session};
use crate::ui::eig_tree::{
    reasoning, Children, EigNode, EigTree, Heard, Lie, Reasoning, SignedView, TreeView,
};

use crate::ui::signatures;

use super::dom::{self, element};

/// The section's title under OM(m) and under SM(m), where it shows the set V
/// and the signature chains instead of a tree.
const ORAL_TITLE: &str = "EIG tree: what it heard along each chain, and the majority at each level";
const SIGNED_TITLE: &str = "Signed orders (SM): the set V and each signature chain";

fn append(parent: &web_sys::Element, child: &web_sys::Element) {
    let _ = parent.append_child(child);
}

fn value_span(order: Order) -> web_sys::Element {
    // The word, in the order's colour; attack also bold so the two differ by
    // more than hue.
    element("span", &format!("val {order}"), Some(order.as_str()))
}

fn majority_text(majority: Option<Majority>, settled: bool) -> String {
    match (majority, settled) {
        (None, _) => "\u{21d2} nothing yet".into(),
        (Some(m), true) => format!("\u{21d2} {m}"),
        (Some(m), false) => format!("\u{21d2} {m} so far"),
    }
}

/// Replaces `container`'s content with `reasoning` (or a line saying why
/// there is none). Only an `interactive` tree (the inspector's) gets the
/// buttons that close, open and page levels; a still one (the two worlds)
/// shows what is open without controls that would do nothing.
pub fn render(container: &web_sys::Element, reasoning: Option<&Reasoning>, interactive: bool) {
    container.set_text_content(None);
    match reasoning {
        None => append(
            container,
            &element(
                "p",
                "eig-empty",
                Some("No order yet: send one to see what it hears."),
            ),
        ),
        Some(Reasoning::Commander { order }) => append(
            container,
            &element(
                "p",
                "eig-empty",
                Some(&format!(
                    "The commander hears nothing: it gives the order ({order})."
                )),
            ),
        ),
        Some(Reasoning::Oral(tree)) => oral(container, tree, interactive),
        Some(Reasoning::Signed(view)) => signed(container, view, interactive),
    }
}

fn oral(container: &web_sys::Element, tree: &EigTree, interactive: bool) {
    let summary = format!(
        "{} values in all; {} shown{}.",
        tree.total,
        tree.shown,
        if tree.truncated {
            " (the view's limit: close a level to open another)"
        } else {
            ""
        }
    );
    append(container, &element("p", "eig-summary", Some(&summary)));
    let list = element("ul", "eig", None);
    node(&list, &tree.root, tree.owner, interactive);
    append(container, &list);
}

fn node(list: &web_sys::Element, node: &EigNode, owner: GeneralId, interactive: bool) {
    let item = element("li", "eig-item", None);
    let row = element("div", "eig-row", None);
    if interactive
        && matches!(
            node.children,
            Children::Open { .. } | Children::Collapsed { .. }
        )
    {
        let open = matches!(node.children, Children::Open { .. });
        let toggle = element(
            "button",
            "eig-toggle",
            Some(if open { "\u{25be}" } else { "\u{25b8}" }),
        );
        let _ = toggle.set_attribute("type", "button");
        let _ = toggle.set_attribute("data-node", &node.node.to_string());
        let _ = toggle.set_attribute("aria-expanded", if open { "true" } else { "false" });
        let label = if open { "Close" } else { "Open" };
        let _ = toggle.set_attribute("aria-label", &format!("{label} {}", node.label()));
        append(&row, &toggle);
    }
    let body = element("span", "eig-node", None);
    let _ = body.set_attribute("tabindex", "0");
    let chain: Vec<String> = node.chain.iter().map(|id| id.0.to_string()).collect();
    let _ = body.set_attribute("data-chain", &chain.join(","));
    let _ = body.set_attribute("data-owner", &owner.0.to_string());
    append(&body, &element("span", "chain", Some(&node.label())));
    append(&body, &element("span", "sep", Some(": ")));
    match node.heard {
        Heard::Pending => append(&body, &element("span", "val pending", Some("pending"))),
        Heard::Value(order) => append(&body, &value_span(order)),
        Heard::ByDefault => append(
            &body,
            &element("span", "val retreat", Some("retreat by default")),
        ),
    }
    match node.lie {
        Some(Lie::Told { sender, had, .. }) => append(
            &body,
            &element("span", "lie", Some(&format!(" lie: {sender} had {had}"))),
        ),
        Some(Lie::Withheld { sender }) => append(
            &body,
            &element("span", "lie", Some(&format!(" {sender} sent nothing"))),
        ),
        None => {}
    }
    if !matches!(node.children, Children::Leaf) {
        append(
            &body,
            &element(
                "span",
                "maj",
                Some(&format!(" {}", majority_text(node.majority, node.settled))),
            ),
        );
    }
    append(&row, &body);
    append(&item, &row);
    match &node.children {
        Children::Open {
            shown,
            count,
            page,
            pages,
        } => {
            let sub = element("ul", "eig", None);
            for child in shown {
                self::node(&sub, child, owner, interactive);
            }
            append(&item, &sub);
            if interactive && *pages > 1 {
                let pager = element("div", "eig-pager", None);
                pager_buttons(&pager, node.node, *page, *pages);
                append(
                    &pager,
                    &element(
                        "span",
                        "",
                        Some(&format!(
                            " page {} of {pages} ({count} under {})",
                            page + 1,
                            node.label()
                        )),
                    ),
                );
                append(&item, &pager);
            }
        }
        Children::Collapsed { count } => append(
            &item,
            &element("span", "eig-count", Some(&format!(" {count} below"))),
        ),
        Children::Leaf => {}
    }
    append(list, &item);
}

fn signed(container: &web_sys::Element, view: &SignedView, interactive: bool) {
    append(
        container,
        &element("p", "eig-summary", Some(&signatures::describe_view(view))),
    );
    let list = element("ul", "eig", None);
    for (chain, order, lie) in &view.chains {
        let item = element("li", "eig-item", None);
        let body = element("span", "eig-node", None);
        let _ = body.set_attribute("tabindex", "0");
        let ids: Vec<String> = chain.iter().map(|id| id.0.to_string()).collect();
        let _ = body.set_attribute("data-chain", &ids.join(","));
        let _ = body.set_attribute("data-owner", &view.owner.0.to_string());
        // The paper's notation, `attack:G1:G3`: the value, then its signers.
        append(&body, &value_span(*order));
        append(
            &body,
            &element("span", "chain", Some(&signatures::signers(chain))),
        );
        if let Some(Lie::Told { sender, had, .. }) = lie {
            append(
                &body,
                &element(
                    "span",
                    "lie",
                    Some(&format!(" lie: {sender} was given {had}")),
                ),
            );
        }
        append(&item, &body);
        append(&list, &item);
    }
    if view.chains.is_empty() {
        append(
            &list,
            &element("li", "eig-count", Some("nothing signed yet")),
        );
    }
    append(container, &list);
    if view.pages > 1 {
        let pager = element("div", "eig-pager", None);
        if interactive {
            // The chain list is not a node of the tree: its pages are the
            // panel's, under node 0.
            pager_buttons(&pager, 0, view.page, view.pages);
        }
        append(
            &pager,
            &element(
                "span",
                "",
                Some(&format!(
                    " page {} of {} ({} signed orders)",
                    view.page + 1,
                    view.pages,
                    view.count
                )),
            ),
        );
        append(container, &pager);
    }
}

/// The previous and next buttons of a pager over `pages` pages; `data-dir`
/// lets the wiring give the focus back to the same button after a redraw.
fn pager_buttons(pager: &web_sys::Element, node: Node, page: usize, pages: usize) {
    for (label, dir, target, enabled) in [
        (
            "\u{25c2} previous",
            "previous",
            page.saturating_sub(1),
            page > 0,
        ),
        ("next \u{25b8}", "next", page + 1, page + 1 < pages),
    ] {
        let button = element("button", "eig-page", Some(label));
        let _ = button.set_attribute("type", "button");
        let _ = button.set_attribute("data-node", &node.to_string());
        let _ = button.set_attribute("data-page", &target.to_string());
        let _ = button.set_attribute("data-dir", dir);
        if !enabled {
            let _ = button.set_attribute("disabled", "");
        }
        append(pager, &button);
    }
}

/// The inspector's EIG section: the selected general's reasoning, redrawn
/// only when it changes, and the reader's opened nodes and pages.
pub struct EigPanel {
    container: web_sys::Element,
    title: web_sys::Element,
    view: TreeView,
    page: usize,
    owner: Option<GeneralId>,
    shown: Option<Option<Reasoning>>,
}

impl EigPanel {
    pub fn mount() -> Result<EigPanel, wasm_bindgen::JsValue> {
        Ok(EigPanel {
            container: dom::by_id("inspector-eig")?,
            title: dom::by_id("inspector-eig-title")?,
            view: TreeView::default(),
            page: 0,
            owner: None,
            shown: None,
        })
    }

    pub fn container(&self) -> &web_sys::Element {
        &self.container
    }

    /// Opens or closes a node (its toggle said whether it was open).
    pub fn toggle(&mut self, node: Node, open_now: bool) {
        self.view.toggle(node, open_now);
    }

    /// Shows page `page` of a node's children (SM(m): of the chain list).
    pub fn set_page(&mut self, node: Node, page: usize) {
        self.view.set_page(node, page);
        self.page = page;
    }

    /// Redraws for `owner` in `session`'s latest exchange if anything changed.
    pub fn show(&mut self, session: &Session, owner: Option<GeneralId>) {
        if owner != self.owner {
            self.view = TreeView::default();
            self.page = 0;
            self.owner = owner;
        }
        let Some(owner) = owner else {
            self.shown = None;
            return;
        };
        let kind = session
            .latest_exchange()
            .map_or(session.protocol().kind, |e| e.protocol().kind);
        dom::set_text(
            &self.title,
            match kind {
                Kind::Oral => ORAL_TITLE,
                Kind::Signed => SIGNED_TITLE,
            },
        );
        let reasoning = session
            .latest_exchange()
            .and_then(|e| reasoning(e, owner, &self.view, self.page));
        if self.shown.as_ref() == Some(&reasoning) {
            return;
        }
        render(&self.container, reasoning.as_ref(), true);
        self.shown = Some(reasoning);
    }

    /// Forces the next `show` to redraw (after the reader opened a node).
    pub fn invalidate(&mut self) {
        self.shown = None;
    }
}
