//! An empty Yew app: one line of text, then it tells the shell it is ready.

use wasm_bindgen::prelude::*;
use yew::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = ["window", "__TAURI__", "core"], js_name = invoke)]
    async fn invoke(cmd: &str) -> Result<JsValue, JsValue>;
}

#[function_component(Empty)]
fn empty() -> Html {
    use_effect_with((), |_| {
        wasm_bindgen_futures::spawn_local(async {
            let _ = invoke("ui_ready").await;
        });
    });
    html! { <main id="app" data-ready="true">{ "Tom app" }</main> }
}

fn main() {
    yew::Renderer::<Empty>::new().render();
}
