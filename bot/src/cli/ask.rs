use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::print_json;
use crate::App;
use crate::service::ask::{self as service, AskView, EvalReport, OfftopicReport};
use crate::service::compare;

#[derive(Debug, Args)]
pub struct AskArgs {
    /// The question, in plain words.
    question: String,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    /// How many passages to show (1–20).
    #[arg(long, default_value_t = 3)]
    limit: usize,
    /// Search this index folder (default: your built material, else the handbook).
    #[arg(long, value_name = "DIR")]
    index: Option<PathBuf>,
    /// Your role (see `skillbot roles`): comparisons then say how much it
    /// needs each side.
    #[arg(long, value_name = "ROLE_ID")]
    role: Option<String>,
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    #[command(subcommand)]
    command: IndexCommand,
}

#[derive(Debug, Subcommand)]
enum IndexCommand {
    /// Build a search index from files and folders of skill material
    /// (.md .markdown .txt .html .htm), replacing the index that was there.
    Build(BuildArgs),
}

#[derive(Debug, Args)]
struct BuildArgs {
    /// Files or folders to read (folders recursively).
    #[arg(long, required = true, num_args = 1.., value_name = "PATH")]
    from: Vec<PathBuf>,
    /// Where to write the index (default: <data dir>/index/material, which
    /// `ask` then searches by default).
    #[arg(long, value_name = "DIR")]
    index: Option<PathBuf>,
    /// Leave the built-in handbook out (by default it is searched alongside
    /// your material, and answers name which one they come from).
    #[arg(long, conflicts_with = "with_handbook")]
    without_handbook: bool,
    /// Include the built-in handbook (the default; kept for old scripts).
    #[arg(long, hide = true)]
    with_handbook: bool,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Question file: question<TAB>patterns joined by ' && '<TAB>skill ids.
    #[arg(required_unless_present = "offtopic")]
    file: Option<PathBuf>,
    /// Off-topic questions, one per line: reports how many got an answer
    /// (every one should get "I don't have material").
    #[arg(long, value_name = "FILE")]
    offtopic: Option<PathBuf>,
    /// Search this index folder (default as for `ask`).
    #[arg(long, value_name = "DIR")]
    index: Option<PathBuf>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn ask(app: &App, args: AskArgs) -> anyhow::Result<()> {
    let index = service::open_index(app, args.index.as_deref())?;
    let view = service::ask_for(
        &index,
        app.catalog(),
        &args.question,
        args.limit,
        args.role.as_deref(),
    )?;
    if args.json {
        return print_json(&view);
    }
    print!("{}", render_ask(app, &view));
    Ok(())
}

pub fn index(app: &App, args: IndexArgs) -> anyhow::Result<()> {
    let IndexCommand::Build(args) = args.command;
    let dir = match &args.index {
        Some(dir) => dir.clone(),
        None => service::material_dir(app)?,
    };
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    });
    let handbook = !args.without_handbook;
    let stats = service::build_index(app, &args.from, &dir, handbook, |s| {
        if let Some(bar) = &bar {
            bar.set_message(format!(
                "{} files, {} passages, {:.1} MB/s",
                s.files,
                s.chunks,
                s.bytes as f64 / 1e6 / s.seconds.max(1e-3)
            ));
        }
    })?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    println!(
        "Indexed {} files ({:.1} MB) into {} passages in {:.2}s ({:.1} MB/s): {}",
        stats.files,
        stats.bytes as f64 / 1e6,
        stats.chunks,
        stats.seconds,
        stats.bytes as f64 / 1e6 / stats.seconds.max(1e-3),
        dir.display()
    );
    if stats.stubs > 0 || stats.duplicates > 0 {
        println!(
            "Left out {} redirect or moved-page stubs and {} duplicate passages (the copy on the most specific page is kept).",
            stats.stubs, stats.duplicates
        );
    }
    if handbook {
        println!(
            "The built-in handbook ({} pages) is searched alongside your material; answers from it cite handbook/…. Leave it out with --without-handbook.",
            skillbot_index::handbook().len()
        );
    } else {
        println!(
            "The built-in handbook is left out (--without-handbook): questions your material does not cover get no answer."
        );
    }
    if args.index.is_none() {
        println!("`skillbot ask` now searches this material.");
    } else {
        println!(
            "Search it with: skillbot ask \"…\" --index {}",
            dir.display()
        );
    }
    Ok(())
}

pub fn eval(app: &App, args: EvalArgs) -> anyhow::Result<()> {
    let cases = args
        .file
        .as_deref()
        .map(service::read_eval_file)
        .transpose()?;
    let offtopic = args
        .offtopic
        .as_deref()
        .map(service::read_offtopic_file)
        .transpose()?;
    let index = service::open_index(app, args.index.as_deref())?;
    let report = cases
        .map(|cases| service::evaluate(&index, app.catalog(), &cases))
        .transpose()?;
    let offtopic = offtopic
        .map(|questions| service::evaluate_offtopic(&index, &questions))
        .transpose()?;
    if args.json {
        return match (&report, &offtopic) {
            (Some(report), None) => print_json(report),
            (None, Some(offtopic)) => print_json(offtopic),
            (Some(report), Some(offtopic)) => print_json(&EvalJson { report, offtopic }),
            (None, None) => Ok(()),
        };
    }
    if let Some(report) = &report {
        print!("{}", render_eval(report));
    }
    if let Some(offtopic) = &offtopic {
        if report.is_some() {
            println!();
        }
        print!("{}", render_offtopic(offtopic));
    }
    Ok(())
}

/// `eval FILE --offtopic FILE --json`: the question report with the
/// off-topic one beside it.
#[derive(serde::Serialize)]
struct EvalJson<'a> {
    #[serde(flatten)]
    report: &'a EvalReport,
    offtopic: &'a OfftopicReport,
}

fn render_ask(app: &App, view: &AskView) -> String {
    let mut out = String::new();
    if let Some(comparison) = &view.comparison {
        // The side-by-side holds the answer (the comparison page's sentence,
        // or what the catalog says of each side), unless the answer is a
        // sentence of another passage naming every side.
        if let Some(answer) = &view.answer
            && comparison.passage.is_none()
            && answer.source != compare::CATALOG_SOURCE
        {
            let _ = writeln!(
                out,
                "{}\n  — {} › {} ({})\n",
                answer.text, answer.title, answer.section, answer.source
            );
        }
        out.push_str(&compare::render(comparison));
        if !view.passages.is_empty() {
            let _ = writeln!(
                out,
                "
Passages:"
            );
            for p in &view.passages {
                let _ = writeln!(out, "  · {} › {} ({})", p.title, p.section, p.source);
            }
        }
        return out;
    }
    match &view.answer {
        Some(answer) => {
            let _ = writeln!(out, "{}\n", answer.text);
            if let Some(code) = &answer.code {
                let _ = writeln!(out, "```\n{code}\n```\n");
            }
            let _ = writeln!(
                out,
                "  — {} › {} ({})",
                answer.title, answer.section, answer.source
            );
            if let Some(p) = view.passages.first() {
                let _ = writeln!(out, "\n  {}", p.snippet);
            }
            if let Some(skill) = answer
                .skills
                .first()
                .and_then(|s| app.catalog().skill(s).ok())
            {
                let _ = writeln!(
                    out,
                    "\nSkill: {} ({}). What to learn next: skillbot recommend --role ROLE --skills \"{}:LEVEL\"",
                    skill.name, skill.id, skill.id
                );
            }
            if view.passages.len() > 1 {
                let _ = writeln!(out, "\nMore:");
                for p in &view.passages[1..] {
                    let _ = writeln!(out, "  · {} › {} ({})", p.title, p.section, p.source);
                }
            }
        }
        None => {
            let _ = writeln!(out, "I don't have material on that yet.");
            if !view.passages.is_empty() {
                let _ = writeln!(out, "\nThe closest passages, in case they help:");
                for p in &view.passages {
                    let _ = writeln!(out, "  · {} › {} ({})", p.title, p.section, p.source);
                }
            }
            let _ = writeln!(
                out,
                "\nAdd your team's notes with: skillbot index build --from NOTES_FOLDER"
            );
        }
    }
    out
}

fn render_offtopic(report: &OfftopicReport) -> String {
    let mut out = String::new();
    for r in &report.results {
        let _ = writeln!(
            out,
            "ANSWERED  line {}: {}\n          → {} › {}: {}",
            r.line, r.question, r.source, r.section, r.answer
        );
    }
    let _ = writeln!(
        out,
        "{} off-topic questions: {} got an answer (should be 0)",
        report.questions, report.answered
    );
    out
}

fn render_eval(report: &EvalReport) -> String {
    let mut out = String::new();
    for r in &report.results {
        let mark = match r.rank {
            Some(1) => "ok  ".to_string(),
            Some(k) => format!("@{k:<3}"),
            None => "MISS".to_string(),
        };
        let _ = writeln!(
            out,
            "{mark} {:>6.2} ms {} {}{}",
            r.latency_ms,
            if r.comparison { "⇄" } else { " " },
            r.question,
            if r.rank == Some(1) {
                String::new()
            } else {
                format!(
                    "\n                 top: {}",
                    r.top_section.as_deref().unwrap_or("(nothing)")
                )
            }
        );
    }
    let _ = writeln!(
        out,
        "\n{} questions ({} answered as comparisons, ⇄): hit@1 {:.3}  hit@3 {:.3}  MRR {:.3}{}  latency mean {:.2} ms, p95 {:.2} ms",
        report.questions,
        report.comparisons,
        report.hit_at_1,
        report.hit_at_3,
        report.mrr,
        report
            .skill_at_1
            .map(|s| format!("  skill@1 {s:.3}"))
            .unwrap_or_default(),
        report.latency_ms_mean,
        report.latency_ms_p95
    );
    out
}
