//! Answering a comparison over the index: the page comparing the sides
//! (or a passage with a sentence comparing them), the best passage on each
//! side, and for three or more sides the pages on two of them.

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

use super::pages::{
    MISSPELT, page_assignment, page_key, side_keys, side_names, term_key, wanted_section,
};
use super::recognise::{recognise, skills_of};
use super::sentence::{Naming, comparing_sentence, comparing_sentence_naming, extract, mentions};
use super::{Comparison, ComparisonAnswer, Side, Vocabulary};
use crate::builder::Fields;
use crate::text::terms;
use crate::{Answer, Error, Extract, Index, Passage, SkillTagger, lang};

/// The part of a comparison page that answers a question.
struct PageAnswer {
    /// The passage the answer comes from; its snippet is the answer, the
    /// sentence comparing the sides.
    passage: Passage,
    /// The section the question asked for ("the real differences"), when
    /// the answer came from another: it follows the answer.
    asked: Option<Passage>,
    /// The question's sides the page is on, when it is on two of three or
    /// more; `None` when it is on them all.
    covers: Option<[usize; 2]>,
    /// The page's own name for each question side it is on, by the side's
    /// place in the question ("terraform" for "tf").
    own_names: Vec<(usize, String)>,
}

/// The index's words, for the recogniser.
struct Material<'a> {
    searcher: &'a Searcher,
    fields: &'a Fields,
    analyzer: &'a TextAnalyzer,
    tagger: &'a SkillTagger,
}

impl Material<'_> {
    fn terms(&self, phrase: &str) -> Vec<Term> {
        let mut analyzer = self.analyzer.clone();
        terms(&mut analyzer, phrase)
            .into_iter()
            .map(|(t, _, _)| Term::from_field_text(self.fields.body, &t))
            .collect()
    }
}

impl Vocabulary for Material<'_> {
    fn knows(&self, phrase: &str) -> bool {
        let terms = self.terms(phrase);
        !terms.is_empty()
            && terms
                .iter()
                .all(|t| self.searcher.doc_freq(t).unwrap_or(0) > 0)
    }

    /// Two plain terms count as compared only when a comparison page of the
    /// material has both as sides: merely meeting in one passage is too weak
    /// once the material is large ("sooner or later", "more or less").
    fn together(&self, a: &str, b: &str) -> bool {
        let any_key = |term: &str| -> Box<dyn Query> {
            let keys: Vec<(Occur, Box<dyn Query>)> = side_keys(self.tagger, term)
                .into_iter()
                .map(|k| {
                    let term = Term::from_field_text(self.fields.compare_keys, &k);
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>,
                    )
                })
                .collect();
            Box::new(BooleanQuery::new(keys))
        };
        let both = BooleanQuery::new(vec![(Occur::Must, any_key(a)), (Occur::Must, any_key(b))]);
        self.searcher.search(&both, &Count).unwrap_or(0) > 0
    }

    fn page_sides(&self, a: &str, b: &str) -> bool {
        let key = |term: &str| -> Box<dyn Query> {
            let term = Term::from_field_text(self.fields.compare_keys, &term_key(term));
            Box::new(TermQuery::new(term, IndexRecordOption::Basic))
        };
        let both = BooleanQuery::new(vec![(Occur::Must, key(a)), (Occur::Must, key(b))]);
        self.searcher.search(&both, &Count).unwrap_or(0) > 0
    }
}

/// A comparison page chosen for a question: (score, source, the page's
/// sides, the page side each question side matched and how well).
type BestPage = (f32, String, Vec<String>, Vec<(usize, f32)>);

/// A passage with a sentence comparing the sides, and the sides as they
/// were read to find it.
struct Compared {
    passage: Passage,
    sentence: String,
    reading: Comparison,
}

/// `comparison` with its sides as typed, when they lent a head noun
/// ("ttl or explicit cache invalidation" read as "ttl cache invalidation").
fn typed_reading(comparison: &Comparison, tagger: &SkillTagger) -> Option<Comparison> {
    let typed = comparison.as_typed.as_ref()?;
    let mut alternative = comparison.clone();
    for (side, term) in alternative.sides.iter_mut().zip(typed) {
        side.skill = skills_of(tagger, term).into_iter().next();
        side.term = term.clone();
    }
    alternative.as_typed = None;
    Some(alternative)
}

/// Most candidate comparison pages looked at for one question.
const MAX_PAGES: usize = 16;

/// Passages on the sides alone searched for a sentence comparing them,
/// when no comparison page has them and the question's own search found none.
const WIDE_POOL: usize = 40;

impl Index {
    /// The comparison `question` asks for, if it is one.
    pub(crate) fn recognise_comparison(
        &self,
        searcher: &Searcher,
        question: &str,
    ) -> Option<Comparison> {
        let material = Material {
            searcher,
            fields: &self.fields,
            analyzer: &self.analyzer,
            tagger: &self.tagger,
        };
        recognise(question, &self.tagger, &material)
    }

    /// The comparison page whose sides fit `comparison`'s best: (score,
    /// source, the page's sides, the page side each question side matched
    /// and how).
    fn best_page(
        &self,
        searcher: &Searcher,
        comparison: &Comparison,
    ) -> Result<Option<BestPage>, Error> {
        let key = |k: &str| Term::from_field_text(self.fields.compare_keys, k);
        let lookups: Vec<(Occur, Box<dyn Query>)> = comparison
            .sides
            .iter()
            .flat_map(|side| side_keys(&self.tagger, &side.term))
            .map(|k| {
                (
                    Occur::Should,
                    Box::new(TermQuery::new(key(&k), IndexRecordOption::Basic)) as Box<dyn Query>,
                )
            })
            .collect();
        let leads = searcher.search(
            &BooleanQuery::new(lookups),
            &TopDocs::with_limit(MAX_PAGES).order_by_score(),
        )?;
        let mut best: Option<BestPage> = None;
        for (_, address) in leads {
            let doc: TantivyDocument = searcher.doc(address)?;
            let sides: Vec<String> = self
                .stored(&doc, self.fields.compare)
                .split(", ")
                .map(str::to_string)
                .collect();
            if let Some((score, chosen)) = page_assignment(comparison, &sides, &self.tagger)
                && best.as_ref().is_none_or(|(b, ..)| score > *b)
            {
                best = Some((score, self.stored(&doc, self.fields.source), sides, chosen));
            }
        }
        Ok(best)
    }

    /// The page comparing `comparison`'s sides, as the passage of it that
    /// answers best, with its answer sentence.
    fn comparison_page(
        &self,
        searcher: &Searcher,
        comparison: &mut Comparison,
    ) -> Result<Option<PageAnswer>, Error> {
        let key = |k: &str| Term::from_field_text(self.fields.compare_keys, k);
        let mut best = self.best_page(searcher, comparison)?;
        if best.is_none()
            && let Some(mut alternative) = typed_reading(comparison, &self.tagger)
        {
            // The sides as typed: "fine tuning" lends "tuning" to no one.
            let material = Material {
                searcher,
                fields: &self.fields,
                analyzer: &self.analyzer,
                tagger: &self.tagger,
            };
            for side in &mut alternative.sides {
                side.known = side.skill.is_some() || material.knows(&side.term);
            }
            best = self.best_page(searcher, &alternative)?;
            if best.is_some() {
                *comparison = alternative;
            }
        }
        // Three or more sides and no page on them all ("flask, fastapi or
        // django"): the page on two of them answers for those two.
        let mut pair: Option<(Comparison, [usize; 2])> = None;
        // (Not for "which first": the learning order over all the sides
        // answers that better.)
        if best.is_none() && comparison.sides.len() >= 3 && !comparison.which_first {
            let n = comparison.sides.len();
            for i in 0..n {
                for j in i + 1..n {
                    let mut two = comparison.clone();
                    two.sides = vec![comparison.sides[i].clone(), comparison.sides[j].clone()];
                    two.as_typed = None;
                    if let Some(found) = self.best_page(searcher, &two)?
                        && best.as_ref().is_none_or(|b| found.0 > b.0)
                    {
                        best = Some(found);
                        pair = Some((two, [i, j]));
                    }
                }
            }
        }
        let Some((score, source, page_sides, chosen)) = best else {
            return Ok(None);
        };
        let covers = pair.as_ref().map(|(_, c)| *c);
        let own_names = chosen
            .iter()
            .enumerate()
            .filter_map(|(k, &(j, _))| {
                let name = side_names(&page_sides[j]).next()?;
                Some((covers.map_or(k, |c| c[k]), name.to_string()))
            })
            .collect();
        let comparison = match pair.as_mut() {
            Some((two, _)) => two,
            None => comparison,
        };
        // The page's names for each side, as its text may use them.
        let names: Vec<Vec<String>> = chosen
            .iter()
            .map(|&(j, _)| side_names(&page_sides[j]).map(str::to_string).collect())
            .collect();
        for (side, (j, how)) in comparison.sides.iter_mut().zip(chosen) {
            // A misspelt side takes the page's spelling ("intergration tests").
            if how == MISSPELT {
                side.term = side_names(&page_sides[j])
                    .next()
                    .unwrap_or_default()
                    .to_string();
                side.skill = skills_of(&self.tagger, &side.term).into_iter().next();
            }
            // A side the page names (perhaps by another name: "cpp") is
            // known, whatever words the page's text uses.
            side.known = true;
        }
        let comparison = &*comparison;
        // Every passage of that page; the one whose heading fits the question.
        let all = searcher.search(
            &TermQuery::new(key(&page_key(&source)), IndexRecordOption::Basic),
            &TopDocs::with_limit(64).order_by_score(),
        )?;
        let mut passages: Vec<(DocAddress, TantivyDocument)> = Vec::new();
        for (_, address) in all {
            passages.push((address, searcher.doc(address)?));
        }
        // In page order (document addresses do not keep it).
        passages.sort_by_cached_key(|(_, doc)| {
            doc.get_first(self.fields.position)
                .and_then(|v| v.as_u64())
                .unwrap_or(u64::MAX)
        });
        let heading = |doc: &TantivyDocument| {
            let section = self.stored(doc, self.fields.section);
            section
                .rsplit(" › ")
                .next()
                .unwrap_or_default()
                .to_lowercase()
        };
        // The section the question asks for ("what to learn first", "when
        // to choose which", "the differences") — for a difference or a
        // choice, only if it sets the sides against each other in one
        // sentence; else the first passage that does (usually the lead),
        // else the section asked for anyway.
        let wanted = wanted_section(comparison);
        let asked_for = wanted
            .iter()
            .find_map(|w| passages.iter().position(|(_, d)| heading(d).contains(w)));
        let comparing_naming = |i: usize, naming: Naming| {
            comparing_sentence_naming(
                &self.stored(&passages[i].1, self.fields.text),
                comparison,
                &self.tagger,
                &names,
                naming,
            )
        };
        // A sentence naming the sides by their words or the page's names
        // for them is preferred to one naming a side only by its skill
        // ("GitHub Flow" is Git, but no mention of "GitFlow").
        let comparing = |i: usize| {
            comparing_naming(i, Naming::Words).or_else(|| comparing_naming(i, Naming::WordsOrSkill))
        };
        let order_first = comparison.which_first && comparison.choice;
        // A plain "X vs Y" or "how do X and Y differ" is answered by the
        // page's summary of the difference (its lead), the differences
        // section right after; a choice by the section on choosing.
        // "For a startup" is what the choice is for; "in k8s" only where.
        let for_a_use = comparison
            .context
            .as_deref()
            .is_some_and(|c| skills_of(&self.tagger, c).is_empty());
        let wants_section = comparison.choice || for_a_use;
        let chosen = match asked_for {
            Some(i) if order_first => Some((i, None)),
            _ => asked_for
                .filter(|_| wants_section)
                .and_then(|i| comparing(i).map(|s| (i, Some(s))))
                .or_else(|| {
                    [Naming::Words, Naming::WordsOrSkill]
                        .into_iter()
                        .find_map(|naming| {
                            (0..passages.len())
                                .find_map(|i| comparing_naming(i, naming).map(|s| (i, Some(s))))
                        })
                })
                .or(asked_for.map(|i| (i, None)))
                .or((!passages.is_empty()).then_some((0, None))),
        };
        let Some((index, sentence)) = chosen else {
            return Ok(None);
        };
        let passage = |i: usize, snippet: Option<String>| -> Result<Passage, Error> {
            let (address, doc) = &passages[i];
            let text = self.stored(doc, self.fields.text);
            let lang = searcher
                .segment_reader(address.segment_ord)
                .fast_fields()
                .u64("lang")?
                .first(address.doc_id)
                .unwrap_or(0);
            Ok(Passage {
                source: source.clone(),
                title: self.stored(doc, self.fields.title),
                section: self.stored(doc, self.fields.section),
                skills: self
                    .stored(doc, self.fields.skills)
                    .split_whitespace()
                    .map(str::to_string)
                    .collect(),
                score: (score * 1000.0).round() / 1000.0,
                snippet: snippet.unwrap_or_else(|| extract(&text, comparison, &self.tagger)),
                text,
                language: lang::code(lang),
            })
        };
        let answer = passage(index, sentence)?;
        // The section asked for, when the answer came from another one
        // (the differences, when no sentence there names both sides).
        let asked = asked_for
            .filter(|&i| i != index)
            .map(|i| passage(i, None))
            .transpose()?;
        Ok(Some(PageAnswer {
            passage: answer,
            asked,
            covers,
            own_names,
        }))
    }

    /// Adds what a comparison question needs to `answer`: the passage
    /// comparing the sides first (and its sentence as the answer), the best
    /// passage about each side, and — when nothing in the material compares
    /// them — no answer sentence at all: one about a single side, or one
    /// merely listing them, is not an answer to "X or Y?".
    pub(crate) fn complete_comparison(
        &self,
        searcher: &Searcher,
        answer: &mut Answer,
        mut comparison: Comparison,
        limit: usize,
    ) -> Result<(), Error> {
        let page = self.comparison_page(searcher, &mut comparison)?;
        let pairs = match &page {
            Some(PageAnswer {
                covers: Some(covers),
                own_names,
                ..
            }) => self.other_pairs(searcher, &comparison, *covers, own_names)?,
            _ => Vec::new(),
        };
        let mut sides = Vec::with_capacity(comparison.sides.len());
        for side in &mut comparison.sides {
            let found = self.answer(&format!("what is {}", side.term), 1, false)?;
            let passage = found
                .answer
                .is_some()
                .then(|| found.passages.into_iter().next())
                .flatten();
            side.known |= passage.is_some();
            sides.push(passage);
        }
        let mut compared = None;
        match &page {
            Some(PageAnswer { passage, asked, .. }) => {
                let first: Vec<&Passage> = std::iter::once(passage)
                    .chain(&pairs)
                    .chain(asked.as_ref())
                    .collect();
                answer.passages.retain(|p| {
                    !first
                        .iter()
                        .any(|f| p.source == f.source && p.section == f.section)
                });
                for p in first.into_iter().rev() {
                    answer.passages.insert(0, p.clone());
                }
                answer.passages.truncate(limit);
                // Pages on two sides each: each one's sentence, named.
                let text = if pairs.is_empty() {
                    passage.snippet.clone()
                } else {
                    std::iter::once(passage)
                        .chain(&pairs)
                        .map(|p| format!("{}: {}", p.title, p.snippet))
                        .collect::<Vec<_>>()
                        .join("\n")
                };
                answer.answer = Some(Extract {
                    text,
                    source: passage.source.clone(),
                    section: passage.section.clone(),
                    skills: passage.skills.clone(),
                    code: None,
                });
            }
            None => {
                // No page: a passage with a sentence comparing the sides
                // is the next best answer.
                let comparing_in = |passages: &[Passage]| {
                    passages.iter().enumerate().find_map(|(i, p)| {
                        comparing_sentence(&p.text, &comparison, &self.tagger).map(|s| (i, s))
                    })
                };
                let mut comparing =
                    comparing_in(&answer.passages).map(|(i, s)| (answer.passages.remove(i), s));
                if comparing.is_none()
                    && let Some(found) = self.wider_comparing(&comparison)?
                {
                    let passage = &found.passage;
                    answer
                        .passages
                        .retain(|p| !(p.source == passage.source && p.section == passage.section));
                    comparison = found.reading;
                    comparing = Some((found.passage, found.sentence));
                }
                if let Some((passage, sentence)) = comparing {
                    answer.answer = Some(Extract {
                        text: sentence,
                        source: passage.source.clone(),
                        section: passage.section.clone(),
                        skills: passage.skills.clone(),
                        code: None,
                    });
                    answer.passages.insert(0, passage.clone());
                    compared = Some(passage);
                } else if !self.about_their_skill(answer, &comparison) {
                    // Nothing in the material compares them: a sentence
                    // about one side, or listing both, is no answer; the
                    // caller composes the sides from what it knows.
                    answer.answer = None;
                }
            }
        }
        answer.passages.truncate(limit);
        answer.comparison = Some(ComparisonAnswer {
            comparison,
            page: page.map(|p| p.passage).or(compared),
            sides,
            pairs,
        });
        Ok(())
    }

    /// For a question on three or more sides answered by a page on two of
    /// them (`covers`), the answering passages of pages on two sides that
    /// take in every other side, each side by the first page found for it.
    /// A side the first page named otherwise (`own_names`: "terraform" for
    /// "tf") is also looked up by that name, as other pages may not know
    /// the question's.
    fn other_pairs(
        &self,
        searcher: &Searcher,
        comparison: &Comparison,
        covers: [usize; 2],
        own_names: &[(usize, String)],
    ) -> Result<Vec<Passage>, Error> {
        let n = comparison.sides.len();
        let mut covered = vec![false; n];
        for i in covers {
            covered[i] = true;
        }
        let mut found = Vec::new();
        for uncovered in 0..n {
            if covered[uncovered] {
                continue;
            }
            let as_named = |other: usize| {
                let (_, name) = own_names.iter().find(|(i, _)| *i == other)?;
                let side = &comparison.sides[other];
                (!name.eq_ignore_ascii_case(&side.term)).then(|| Side {
                    term: name.clone(),
                    skill: skills_of(&self.tagger, name).into_iter().next(),
                    known: true,
                })
            };
            let candidates = (0..n).filter(|&o| o != uncovered).flat_map(|o| {
                std::iter::once((o, comparison.sides[o].clone())).chain(as_named(o).map(|s| (o, s)))
            });
            for (other, side) in candidates {
                let mut two = comparison.clone();
                two.sides = vec![comparison.sides[uncovered].clone(), side];
                two.as_typed = None;
                if let Some(page) = self.comparison_page(searcher, &mut two)?
                    && !found
                        .iter()
                        .any(|p: &Passage| p.source == page.passage.source)
                {
                    covered[uncovered] = true;
                    covered[other] = true;
                    found.push(page.passage);
                    break;
                }
            }
        }
        Ok(found)
    }

    /// A passage with a sentence comparing `comparison`'s sides by their
    /// own words, among passages found by the sides alone: the question's
    /// other words may have pulled its search elsewhere ("… for an order
    /// service"). Sides that lent their head noun ("ttl or explicit cache
    /// invalidation") are also tried as typed. Returns the passage, its
    /// sentence and the sides as they were found.
    fn wider_comparing(&self, comparison: &Comparison) -> Result<Option<Compared>, Error> {
        let readings =
            std::iter::once(comparison.clone()).chain(typed_reading(comparison, &self.tagger));
        for reading in readings {
            let sides: Vec<&str> = reading.sides.iter().map(|s| s.term.as_str()).collect();
            let wider = self.answer(&sides.join(" "), WIDE_POOL, false)?;
            let found = wider.passages.into_iter().find_map(|p| {
                comparing_sentence_naming(&p.text, &reading, &self.tagger, &[], Naming::Words)
                    .map(|s| (p, s))
            });
            if let Some((passage, sentence)) = found {
                return Ok(Some(Compared {
                    passage,
                    sentence,
                    reading,
                }));
            }
        }
        Ok(None)
    }

    /// Sides that are all one catalog skill ("jpa vs hibernate") cannot be
    /// told apart by the catalog: the skill's own passage naming each of
    /// them is the best answer the material has.
    fn about_their_skill(&self, answer: &Answer, comparison: &Comparison) -> bool {
        let Some(skill) = comparison.sides[0].skill.as_ref() else {
            return false;
        };
        let one_skill = comparison
            .sides
            .iter()
            .all(|s| s.skill.as_ref() == Some(skill));
        one_skill
            && answer
                .passages
                .first()
                .is_some_and(|p| p.skills.first() == Some(skill))
            && answer.answer.as_ref().is_some_and(|a| {
                comparison
                    .sides
                    .iter()
                    .all(|s| mentions(&a.text, s, comparison, &self.tagger))
            })
    }

    fn stored(&self, doc: &TantivyDocument, field: tantivy::schema::Field) -> String {
        doc.get_first(field)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    }
}
