//! The dashboard's charts, drawn by plotters as SVG: grouped bars, one group per category.

use plotters::prelude::*;

/// One series of bars (a job type, a sex …) with a value per category.
pub struct Series {
    /// Shown in the legend.
    pub name: String,
    /// One value per category.
    pub values: Vec<u64>,
}

/// Colours that stay apart for the colour-blind and on a projector.
const PALETTE: [RGBColor; 5] = [
    RGBColor(0x0b, 0x57, 0xd0),
    RGBColor(0xd5, 0x5e, 0x00),
    RGBColor(0x1e, 0x7e, 0x34),
    RGBColor(0x7a, 0x3e, 0xa1),
    RGBColor(0x6b, 0x6b, 0x6b),
];

/// A grouped bar chart as an SVG document. `id` names it for tests and styles.
pub fn bars(id: &str, title: &str, categories: &[String], series: &[Series]) -> String {
    let mut svg = String::new();
    if let Err(e) = draw(&mut svg, title, categories, series) {
        tracing::warn!(chart = id, "chart not drawn: {e}");
        return String::new();
    }
    // The SVG carries its own size; let the page scale it to the screen. The label is the
    // title as maud escapes text (quotes included), so it cannot leave its attribute.
    let label = maud::html! { (title) }.into_string();
    svg.replacen(
        "<svg ",
        &format!(
            "<svg id=\"{id}\" role=\"img\" aria-label=\"{label}\" preserveAspectRatio=\"xMidYMid meet\" "
        ),
        1,
    )
}

fn draw<'a>(
    out: &'a mut String,
    title: &str,
    categories: &[String],
    series: &[Series],
) -> Result<(), Box<dyn std::error::Error + 'a>> {
    let n = categories.len().max(1);
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1);
    let root = SVGBackend::with_string(out, (720, 340)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 22))
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(52)
        // Headroom above the tallest bar for the legend, which would otherwise cover bars.
        .build_cartesian_2d(
            -0.5f64..(n as f64 - 0.5),
            0f64..(max as f64 * if series.len() > 1 { 1.6 } else { 1.15 }),
        )?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE)
        .x_labels(n)
        .x_label_formatter(&|x| {
            let i = x.round();
            if (x - i).abs() < 1e-6 && i >= 0.0 {
                categories.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_label_formatter(&|y| format!("{y:.0}"))
        .label_style(("sans-serif", 15))
        .draw()?;
    let groups = series.len().max(1) as f64;
    let width = 0.8 / groups;
    for (k, s) in series.iter().enumerate() {
        let color = PALETTE[k % PALETTE.len()];
        chart
            .draw_series(s.values.iter().enumerate().map(|(i, v)| {
                let x0 = i as f64 - 0.4 + k as f64 * width;
                Rectangle::new([(x0, 0.0), (x0 + width * 0.92, *v as f64)], color.filled())
            }))?
            .label(s.name.clone())
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], color.filled()));
    }
    if series.len() > 1 {
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.3))
            .label_font(("sans-serif", 15))
            .draw()?;
    }
    root.present()?;
    Ok(())
}
