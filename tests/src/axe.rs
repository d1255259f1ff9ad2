//! axe-core, the accessibility engine (Deque's, from npm: `tests/axe`, installed by
//! `scripts/setup.sh`), run inside a page the tests drive: the app's webview or a dashboard page
//! in Chromium. Its rules are WCAG 2.0/2.1 A and AA and the best practices axe tags; the tests
//! allow no violation of impact "serious" or "critical".

use fantoccini::Client;
use std::path::PathBuf;

/// One rule a page breaks, with the elements that break it.
#[derive(Debug, Clone)]
pub struct Violation {
    /// The rule's id (`color-contrast`, `scrollable-region-focusable` …).
    pub rule: String,
    /// axe's impact: minor, moderate, serious, critical.
    pub impact: String,
    /// What the rule asks.
    pub help: String,
    /// CSS selectors of the offending elements.
    pub targets: Vec<String>,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({}): {} — {}",
            self.rule,
            self.impact,
            self.help,
            self.targets.join(", ")
        )
    }
}

/// `tests/axe/node_modules/axe-core/axe.min.js` of this workspace.
fn script_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("axe/node_modules/axe-core/axe.min.js")
}

/// Runs axe on the page `client` shows and answers the violations of impact serious or
/// critical. Panics if axe-core is not installed (`make test` installs it).
pub async fn serious_violations(client: &Client) -> Vec<Violation> {
    let path = script_path();
    let axe = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} — run `make setup` (npm ci --prefix tests/axe)",
            path.display()
        )
    });
    // Loaded once per page; a page the app re-renders keeps it.
    let loaded = client
        .execute("return typeof window.axe !== 'undefined';", vec![])
        .await
        .unwrap_or_default();
    if loaded != serde_json::Value::Bool(true) {
        client
            .execute(&axe, vec![])
            .await
            .unwrap_or_else(|e| panic!("injecting axe-core: {e}"));
    }
    let script = "const done = arguments[arguments.length - 1];
        window.axe.run(document, { resultTypes: ['violations'] })
            .then(r => done(r.violations.map(v => ({
                rule: v.id, impact: v.impact || '', help: v.help,
                targets: v.nodes.map(n => n.target.join(' '))
            }))), e => done({ error: String(e) }));";
    let answer = client
        .execute_async(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("running axe-core: {e}"));
    if let Some(err) = answer.get("error") {
        panic!("axe-core failed: {err}");
    }
    let text = |v: &serde_json::Value, k: &str| v[k].as_str().unwrap_or_default().to_owned();
    answer
        .as_array()
        .into_iter()
        .flatten()
        .map(|v| Violation {
            rule: text(v, "rule"),
            impact: text(v, "impact"),
            help: text(v, "help"),
            targets: v["targets"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|t| t.as_str().map(str::to_owned))
                .collect(),
        })
        .filter(|v| matches!(v.impact.as_str(), "serious" | "critical"))
        .collect()
}
