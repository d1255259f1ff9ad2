//! A reader of Prometheus's text exposition format (version 0.0.4), for checking `/metrics`.
//!
//! Written here rather than taken from crates.io: the one crate for it (`prometheus-parse`
//! 0.2) reads labels with a regular expression that stops at the first `}` or `,`, so a route
//! label such as `/api/v1/jobs/{job}` is misread. This reads label values as the format
//! defines them: quoted, with `\\`, `\"` and `\n` escapes.

use std::collections::BTreeMap;

/// One sample line: `name{labels} value [timestamp]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// The sample's name (a histogram's lines are `…_bucket`, `…_sum`, `…_count`).
    pub name: String,
    /// Its labels.
    pub labels: BTreeMap<String, String>,
    /// Its value.
    pub value: f64,
}

/// A whole exposition: every sample, and each metric family's declared type.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scrape {
    /// `# TYPE` lines: family name → `counter`, `gauge`, `histogram`, `summary`, `untyped`.
    pub types: BTreeMap<String, String>,
    /// `# HELP` lines: family name → text.
    pub help: BTreeMap<String, String>,
    /// Every sample, in order.
    pub samples: Vec<Sample>,
}

impl Scrape {
    /// Reads `text`; an error names the line and what is wrong with it.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut scrape = Self::default();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            let at = |e: String| format!("line {}: {e}: {line:?}", i + 1);
            if line.is_empty() {
                continue;
            }
            if let Some(comment) = line.strip_prefix('#') {
                let mut words = comment.trim_start().splitn(3, ' ');
                match (words.next(), words.next(), words.next()) {
                    (Some("TYPE"), Some(name), Some(kind)) => {
                        let kind = kind.trim();
                        if !["counter", "gauge", "histogram", "summary", "untyped"].contains(&kind)
                        {
                            return Err(at(format!("unknown type {kind}")));
                        }
                        scrape.types.insert(name.into(), kind.into());
                    }
                    (Some("HELP"), Some(name), text) => {
                        scrape.help.insert(name.into(), text.unwrap_or("").into());
                    }
                    _ => {} // any other comment
                }
                continue;
            }
            scrape.samples.push(sample(line).map_err(at)?);
        }
        Ok(scrape)
    }

    /// The samples named `name` whose labels include every pair of `labels`.
    pub fn matching<'a>(
        &'a self,
        name: &'a str,
        labels: &'a [(&'a str, &'a str)],
    ) -> impl Iterator<Item = &'a Sample> + 'a {
        self.samples.iter().filter(move |s| {
            s.name == name
                && labels
                    .iter()
                    .all(|(k, v)| s.labels.get(*k).is_some_and(|x| x == v))
        })
    }

    /// The sum of the samples [`Scrape::matching`] finds (0 if none).
    pub fn sum(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        self.matching(name, labels).map(|s| s.value).sum()
    }
}

/// Whether `c` may appear in a metric or label name.
fn name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == ':'
}

fn sample(line: &str) -> Result<Sample, String> {
    let name_end = line.find(|c: char| !name_char(c)).unwrap_or(line.len());
    let name = &line[..name_end];
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        return Err("no metric name".into());
    }
    let mut rest = &line[name_end..];
    let mut labels = BTreeMap::new();
    if let Some(after) = rest.strip_prefix('{') {
        rest = after;
        loop {
            rest = rest.trim_start();
            if let Some(after) = rest.strip_prefix('}') {
                rest = after;
                break;
            }
            let key_end = rest.find(|c: char| !name_char(c)).unwrap_or(rest.len());
            let key = &rest[..key_end];
            if key.is_empty() {
                return Err("a label without a name".into());
            }
            rest = rest[key_end..].trim_start();
            rest = rest.strip_prefix('=').ok_or("a label without '='")?;
            rest = rest
                .trim_start()
                .strip_prefix('"')
                .ok_or("a label value not quoted")?;
            let mut value = String::new();
            let mut chars = rest.char_indices();
            let end = loop {
                match chars.next() {
                    None => return Err("a label value not closed".into()),
                    Some((i, '"')) => break i,
                    Some((_, '\\')) => match chars.next() {
                        Some((_, '\\')) => value.push('\\'),
                        Some((_, '"')) => value.push('"'),
                        Some((_, 'n')) => value.push('\n'),
                        _ => return Err("an unknown escape in a label value".into()),
                    },
                    Some((_, c)) => value.push(c),
                }
            };
            rest = &rest[end + 1..];
            if labels.insert(key.to_owned(), value).is_some() {
                return Err(format!("label {key} twice"));
            }
            rest = rest.trim_start();
            if let Some(after) = rest.strip_prefix(',') {
                rest = after;
            } else if !rest.starts_with('}') {
                return Err("labels not separated by ','".into());
            }
        }
    }
    let mut fields = rest.split_whitespace();
    let value = match fields.next().ok_or("no value")? {
        "+Inf" | "Inf" => f64::INFINITY,
        "-Inf" => f64::NEG_INFINITY,
        "NaN" => f64::NAN,
        v => v
            .parse()
            .map_err(|_| format!("value {v:?} is not a number"))?,
    };
    if let Some(ts) = fields.next() {
        ts.parse::<i64>()
            .map_err(|_| format!("timestamp {ts:?} is not an integer"))?;
    }
    if fields.next().is_some() {
        return Err("text after the timestamp".into());
    }
    Ok(Sample {
        name: name.to_owned(),
        labels,
        value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_format_with_braces_commas_and_escapes_inside_label_values() {
        let text = r#"
# HELP samverka_http_requests_total Requests answered, by route, method and status.
# TYPE samverka_http_requests_total counter
samverka_http_requests_total{route="/api/v1/jobs/{job}",method="GET",status="200"} 3
samverka_http_requests_total{method="POST",route="a,b=\"c\"\\d\n"} 1 1700000000000
# TYPE d histogram
d_bucket{le="0.005"} 2
d_bucket{le="+Inf"} 4
d_sum 0.5
d_count 4
plain NaN
"#;
        let s = Scrape::parse(text).expect("parses");
        assert_eq!(s.types["samverka_http_requests_total"], "counter");
        assert_eq!(s.types["d"], "histogram");
        assert_eq!(
            s.sum(
                "samverka_http_requests_total",
                &[("route", "/api/v1/jobs/{job}"), ("status", "200")]
            ),
            3.0
        );
        assert_eq!(
            s.sum(
                "samverka_http_requests_total",
                &[("route", "a,b=\"c\"\\d\n")]
            ),
            1.0
        );
        assert_eq!(s.sum("d_bucket", &[("le", "+Inf")]), 4.0);
        assert_eq!(s.sum("d_count", &[]), 4.0);
        assert!(s.matching("plain", &[]).all(|x| x.value.is_nan()));
    }

    #[test]
    fn malformed_lines_are_refused_with_their_number() {
        for bad in [
            "x{a=\"1\" 2",
            "x{a=1} 2",
            "x{a=\"1\"b=\"2\"} 3",
            "x one",
            "x 1 2 3",
            "{a=\"1\"} 2",
            "x{a=\"\\q\"} 1",
        ] {
            let err = Scrape::parse(&format!("ok 1\n{bad}\n")).err();
            assert!(
                err.as_ref().is_some_and(|e| e.starts_with("line 2:")),
                "{bad}: {err:?}"
            );
        }
    }
}
