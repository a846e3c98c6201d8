//! `g-search` off the page's main thread. The page's module does not carry
//! the adversary search: the session hands out a request
//! (`engine::search_job`), `SearchWorker` posts it to a module worker that
//! imports the Experiments module (the files `experiments_loader` names)
//! and answers with that module's `search_answer`, which runs the search
//! with the same engine; the app polls for the answer on each frame and
//! gives it to the session. Meanwhile the page animates and takes commands
//! (they wait behind the search, as behind an order).

#[cfg(feature = "page")]
pub use page::SearchWorker;

/// The worker's half, in the Experiments module.
#[cfg(feature = "experiments")]
mod experiments {
    use wasm_bindgen::prelude::*;

    /// Runs the search a request's text asks for and returns the answer's
    /// text (`engine::search_job::run`). Called inside the search worker.
    #[wasm_bindgen]
    pub fn search_answer(request: &str) -> Result<String, JsValue> {
        crate::engine::search_job::run(request).map_err(|e| JsValue::from_str(&e))
    }
}

#[cfg(feature = "experiments")]
pub use experiments::search_answer;

/// The page's half: the worker, started at the first search and kept.
#[cfg(feature = "page")]
mod page {
    use std::cell::RefCell;
    use std::rc::Rc;

    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    /// The worker: loads the module on its first message (and again after
    /// a failed load); each message `{module, wasm, ticket, request}` is
    /// answered with `{ticket, answer}` or `{ticket, error}`.
    const SCRIPT: &str = r#"
let loaded = null;
self.onmessage = async (event) => {
  const { module, wasm, ticket, request } = event.data;
  try {
    loaded ??= import(module).then(async (m) => {
      await m.default({ module_or_path: wasm });
      return m;
    });
    const m = await loaded;
    self.postMessage({ ticket, answer: m.search_answer(request) });
  } catch (e) {
    loaded = null;
    self.postMessage({ ticket, error: String(e) });
  }
};
"#;

    /// Answers as they came: the ticket and the answer's text or what went wrong.
    type Inbox = Rc<RefCell<Vec<(u64, Result<String, String>)>>>;

    struct Running {
        worker: web_sys::Worker,
        _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
        _on_error: Closure<dyn FnMut(web_sys::Event)>,
    }

    #[derive(Default)]
    pub struct SearchWorker {
        running: Option<Running>,
        inbox: Inbox,
        /// The last ticket sent: the answer the app waits for.
        ticket: Rc<RefCell<u64>>,
    }

    impl SearchWorker {
        /// Posts a request's text to the worker (started if need be);
        /// returns the ticket its answer will carry.
        pub fn send(&mut self, request: &str) -> Result<u64, String> {
            let problem = |e: JsValue| {
                e.as_string()
                    .unwrap_or_else(|| "the browser refused to start a worker".into())
            };
            if self.running.is_none() {
                self.running = Some(self.start().map_err(problem)?);
            }
            let ticket = *self.ticket.borrow() + 1;
            *self.ticket.borrow_mut() = ticket;
            let (module, wasm) = super::super::experiments_loader::urls().map_err(problem)?;
            let message = js_sys::Object::new();
            for (key, value) in [
                ("module", JsValue::from_str(&module)),
                ("wasm", JsValue::from_str(&wasm)),
                ("ticket", JsValue::from_f64(ticket as f64)),
                ("request", JsValue::from_str(request)),
            ] {
                js_sys::Reflect::set(&message, &JsValue::from_str(key), &value).map_err(problem)?;
            }
            let worker = &self.running.as_ref().expect("started above").worker;
            worker.post_message(&message).map_err(problem)?;
            Ok(ticket)
        }

        /// The answer to `ticket`, once it came; older answers are dropped.
        pub fn take(&mut self, ticket: u64) -> Option<Result<String, String>> {
            let mut inbox = self.inbox.borrow_mut();
            let at = inbox.iter().position(|(t, _)| *t == ticket)?;
            let answer = inbox.remove(at).1;
            inbox.retain(|(t, _)| *t > ticket);
            Some(answer)
        }

        /// Stops a search nobody waits for any more (its session ended or
        /// was replaced); the next search starts a new worker.
        pub fn stop(&mut self) {
            if let Some(running) = self.running.take() {
                running.worker.terminate();
            }
            self.inbox.borrow_mut().clear();
        }

        fn start(&self) -> Result<Running, JsValue> {
            let worker = super::super::dom::module_worker(SCRIPT)?;
            let inbox = self.inbox.clone();
            let on_message = Closure::new(move |event: web_sys::MessageEvent| {
                let data = event.data();
                let get = |key: &str| js_sys::Reflect::get(&data, &JsValue::from_str(key)).ok();
                let ticket = get("ticket").and_then(|v| v.as_f64()).unwrap_or(0.0) as u64;
                let answer = match get("answer").and_then(|v| v.as_string()) {
                    Some(text) => Ok(text),
                    None => Err(format!(
                        "the search worker failed: {}",
                        get("error")
                            .and_then(|v| v.as_string())
                            .unwrap_or_else(|| "it sent nothing".into())
                    )),
                };
                inbox.borrow_mut().push((ticket, answer));
            });
            // A worker that cannot run its script at all says only this.
            let (inbox, ticket) = (self.inbox.clone(), self.ticket.clone());
            let on_error = Closure::new(move |_: web_sys::Event| {
                let problem = "the search worker could not start".to_string();
                inbox.borrow_mut().push((*ticket.borrow(), Err(problem)));
            });
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            Ok(Running {
                worker,
                _on_message: on_message,
                _on_error: on_error,
            })
        }
    }
}
