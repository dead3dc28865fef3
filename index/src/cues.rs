//! What a question asks for, and what a passage offers.
//!
//! People ask different questions with the same nouns: "how long does Docker
//! take", "how do I learn Docker", "what after Docker", "what is Docker",
//! "is Docker worth it". The words that tell these apart (`long`, `learn`,
//! `after`, `worth`) are weak or stop words to BM25, so the question's
//! *intent* is read from its phrasing here, and each passage carries *cues*
//! computed once at index time: facts its text states (a duration, an
//! amount of money, a growth rate) and what its heading says it is about
//! (how to learn, learning time, what next, an introduction, pay, demand,
//! practice). The ranking then favours passages whose cues match the
//! intent. Both sides are general English phrasing, not tied to any page.

use std::sync::LazyLock;

use regex::Regex;

/// The passage states a duration ("2–3 months").
pub(crate) const FACT_DURATION: u64 = 1 << 0;
/// The passage states an amount of money ("$88,000").
pub(crate) const FACT_AMOUNT: u64 = 1 << 1;
/// The passage states a rate ("grow 16%").
pub(crate) const FACT_RATE: u64 = 1 << 2;
/// Heading: how to learn or start.
pub(crate) const HEAD_HOWTO: u64 = 1 << 3;
/// Heading: learning time.
pub(crate) const HEAD_TIME: u64 = 1 << 4;
/// Heading: what comes next.
pub(crate) const HEAD_NEXT: u64 = 1 << 5;
/// The page's lead or a "what it is" / overview section.
pub(crate) const HEAD_INTRO: u64 = 1 << 6;
/// Heading: pay, salaries.
pub(crate) const HEAD_PAY: u64 = 1 << 7;
/// Heading: demand, who needs it, why use it.
pub(crate) const HEAD_DEMAND: u64 = 1 << 8;
/// Heading: practice, projects.
pub(crate) const HEAD_PRACTICE: u64 = 1 << 9;
/// Headings of sections about learning rather than about the thing itself.
pub(crate) const META_HEADINGS: u64 = HEAD_HOWTO | HEAD_TIME | HEAD_NEXT | HEAD_PRACTICE;
/// The page says it is an old (or unreleased) edition.
pub(crate) const OLD_EDITION: u64 = 1 << 16;
/// The passage has no prose, only code.
pub(crate) const CODE_ONLY: u64 = 1 << 17;
/// The page compares things ("Java vs Python").
pub(crate) const COMPARISON: u64 = 1 << 18;

/// Whether a page title is a comparison ("Java vs Python", "REST versus
/// GraphQL").
pub(crate) fn is_comparison_title(title: &str) -> bool {
    static VS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\S\s+(?:vs\.?|versus)\s+\S").expect("valid regex"));
    VS.is_match(title)
}

/// Whether a question asks to compare or choose ("X vs Y", "X or Y",
/// "difference between", "better than", "instead of").
pub(crate) fn asks_to_compare(question: &str) -> bool {
    static COMPARE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:vs\.?|versus|or|differen(?:ce|ces|t)|differ|compar(?:e|ed|ing|ison)|better|worse|instead\s+of|over|between|choose|pick)\b")
            .expect("valid regex")
    });
    COMPARE.is_match(question)
}

/// What a question asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Intent {
    /// How long something takes.
    Duration,
    /// Pay.
    Amount,
    /// Growth, demand figures.
    Rate,
    /// How to learn or start.
    HowTo,
    /// What to learn after something.
    Next,
    /// What something is.
    Definition,
    /// Whether it is worth learning, in demand, still used.
    Worth,
    /// Practice projects.
    Practice,
}

impl Intent {
    /// Reads the intent from a question's phrasing, if it shows one.
    pub(crate) fn of(question: &str) -> Option<Intent> {
        static DURATION: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?i)\bhow\s+(?:long|many\s+(?:months|weeks|years|hours|days)|much\s+time|quickly|soon|fast\s+can)\b|\btime\s+(?:to|does\s+it\s+take|it\s+takes|needed|required)\b|\btakes?\s+to\s+(?:learn|master|get|become|pick)\b|\blearning\s+time\b|\bhow\s+long\b|\b(?:hard|difficult|easy|tough|quick)\s+to\s+(?:learn|master|pick\s+up|get\s+into)\b|\bhow\s+(?:hard|difficult|easy)\s+(?:is|are)\b")
                .expect("valid regex")
        });
        static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?i)\b(?:salar(?:y|ies)|earn(?:s|ing|ings)?|paid|pay(?:s|ing)?|income|wages?|compensation)\b|\bhow\s+much\b.*\b(?:make|get)\b")
                .expect("valid regex")
        });
        static RATE: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?i)\bhow\s+fast\b.*\bgrow|\bgrow(?:th|ing)\b|\boutlook\b|\bprojected\b")
                .expect("valid regex")
        });
        static NEXT: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?i)\b(?:learn|study|do|pick|take|tackle|go\s+for|focus\s+on)\b.{0,30}\b(?:after|next|afterwards)\b|\bafter\s+(?:learning|knowing|mastering|finishing|getting|i\s+(?:learn|know|finish|master))\b|\bnext\s+(?:step|skill|thing|topic)s?\b|\bwhat(?:'s|s|\s+is|\s+comes)?\s+(?:next|after)\b|\bwhere\s+(?:do\s+i\s+|to\s+)?go\s+from\s+here\b|\bthen\s+what\b|\b(?:learned|learnt|know|finished|done\s+with)\b.{1,40}\b(?:now\s+)?what\s+(?:now|next)\b|^\W*after\s+\S+|\bafter\s+\S+(?:\s+\S+)?\s*[,?]?\s*(?:what|which)\b")
                .expect("valid regex")
        });
        static HOWTO: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?i)\bhow\s+(?:(?:do|should|can|could|would|shall)\s+(?:i|you|we|one|someone|a\s+\w+)\s+|to\s+|is\s+the\s+best\s+way\s+to\s+|best\s+to\s+)(?:go\s+about\s+)?(?:learn(?:ing)?|study(?:ing)?|start(?:ing)?|begin(?:ning)?|get(?:ting)?\s+(?:started|into|good|better|comfortable|familiar)|pick(?:ing)?\s+up|master(?:ing)?|practi[cs]e|improve|prepare|become|becoming)\b|\b(?:best|good|fastest|quickest|easiest|right)\s+(?:way|ways|place|path|resources?)\s+(?:to|for)\s+(?:learn|study|start|begin|get\s+(?:started|into)|pick\s+up|master)\b|\bwhere\s+(?:do|should|can|to)\s+(?:i\s+)?(?:start|begin|learn)\b|\b(?:resources|tutorials?|courses?|books?|roadmap)\s+(?:to|for)\s+(?:learn|learning|study|studying|get|getting)\b|\blearning\s+(?:path|plan|roadmap)\b|\broadmap\b|\bwhat\s+(?:do|should|would)\s+(?:i|you|we|one)\s+need\s+to\s+(?:know|learn|study)\b|\b(?:to|i\s+want\s+to)\s+become\s+an?\b|\bpath\s+to\s+(?:become|becoming)\b|\bget(?:ting)?\s+started\s+with\b|\btips\s+(?:for|on)\s+(?:learning|getting)\b|^\W*(?:learn(?:ing)?|study(?:ing)?|start(?:ing)?)\s+\S+(?:\s+\S+)?\W*$")
                .expect("valid regex")
        });
        static PRACTICE: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?i)\b(?:project|projects|exercises?|portfolio)\b.{0,40}\b(?:build|practi[cs]e|learn|do|make|ideas?)\b|\b(?:build|practi[cs]e|make|do)\b.{0,40}\b(?:projects?|exercises?)\b|\bproject\s+ideas?\b|\bhow\s+(?:do|can|should)\s+i\s+practi[cs]e\b")
                .expect("valid regex")
        });
        static WORTH: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?i)\bworth\b|\bin\s+demand\b|\bdemand\s+for\b|\bjob\s+market\b|\bstill\s+(?:relevant|used|popular|a\s+thing|alive|good|useful|needed)\b|\b(?:is|are)\s+\S+(?:\s+\S+)?\s+(?:dead|dying|obsolete|outdated)\b|\bfuture\s+of\b|\bhas\s+a\s+future\b|\bwho\s+(?:needs|uses)\b|\bwhy\s+(?:should\s+i\s+|would\s+i\s+|do\s+people\s+)?(?:learn|use)\b|\bdo\s+i\s+(?:really\s+)?need\s+(?:to\s+(?:learn|know)\b)?|\bshould\s+i\s+(?:bother|learn|care)\b|\bdemand\b")
                .expect("valid regex")
        });
        static DEFINITION: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?i)^\s*(?:(?:so|ok|okay|hey|hi|and|but)[\s,]+)*(?:what(?:'s|’s|s|\s+is|\s+are|\s+exactly\s+is|\s+even\s+is|\s+does|\s+do)\b|define\b|explain\b|describe\b|tell\s+me\s+about\b|meaning\s+of\b|what\s+do\s+(?:you|people|they)\s+mean\b|eli5\b)|\bwhat\s+(?:is|are)\s+(?:it|they|that|this|those)\W*$")
                .expect("valid regex")
        });
        if DURATION.is_match(question) {
            Some(Intent::Duration)
        } else if AMOUNT.is_match(question) {
            Some(Intent::Amount)
        } else if NEXT.is_match(question) {
            Some(Intent::Next)
        } else if HOWTO.is_match(question) {
            Some(Intent::HowTo)
        } else if PRACTICE.is_match(question) {
            Some(Intent::Practice)
        } else if RATE.is_match(question) {
            Some(Intent::Rate)
        } else if WORTH.is_match(question) {
            Some(Intent::Worth)
        } else if DEFINITION.is_match(question) {
            Some(Intent::Definition)
        } else {
            None
        }
    }

    /// The fact a passage must state to answer (checked per sentence too).
    pub(crate) fn fact(self) -> u64 {
        match self {
            Intent::Duration => FACT_DURATION,
            Intent::Amount => FACT_AMOUNT,
            Intent::Rate => FACT_RATE,
            _ => 0,
        }
    }

    /// Heading cues that fit the intent, and how much they count.
    pub(crate) fn headings(self) -> (u64, f32) {
        match self {
            Intent::Duration => (HEAD_TIME, 1.2),
            Intent::Amount => (HEAD_PAY, 1.4),
            Intent::Rate => (HEAD_DEMAND | HEAD_PAY, 1.3),
            Intent::HowTo => (HEAD_HOWTO, 1.6),
            Intent::Next => (HEAD_NEXT, 1.6),
            Intent::Definition => (HEAD_INTRO, 1.3),
            Intent::Worth => (HEAD_DEMAND | HEAD_PAY, 1.4),
            Intent::Practice => (HEAD_PRACTICE, 1.6),
        }
    }

    /// Heading cues that mark a passage as answering a *different* question
    /// about the same thing ("Learning time" for "how do I learn X").
    pub(crate) fn other_headings(self) -> u64 {
        let all = HEAD_HOWTO | HEAD_TIME | HEAD_NEXT | HEAD_PRACTICE;
        match self {
            Intent::Duration => all & !HEAD_TIME,
            Intent::HowTo => all & !HEAD_HOWTO,
            Intent::Next => all & !HEAD_NEXT,
            Intent::Practice => all & !HEAD_PRACTICE,
            Intent::Definition => all,
            Intent::Amount | Intent::Rate | Intent::Worth => 0,
        }
    }

    /// Analysed words that only say what kind of answer is wanted: searched
    /// for, but not counted as content a passage must cover.
    pub(crate) fn words(self) -> &'static [&'static str] {
        match self {
            Intent::Duration => &[
                "long",
                "take",
                "time",
                "month",
                "week",
                "year",
                "hour",
                "day",
                "mani",
                "quick",
                "quickli",
                "soon",
                "much",
                "fast",
                "learn",
                "master",
                "pick",
                "becom",
                "hard",
                "difficult",
                "easi",
                "tough",
                "harder",
                "easier",
            ],
            Intent::Amount => &["much", "make", "averag", "typic"],
            Intent::Rate => &["fast", "grow", "growth", "outlook", "project"],
            Intent::HowTo => &[
                "learn", "studi", "start", "begin", "master", "pick", "practic", "practis",
                "improv", "prepar", "tip", "resourc", "tutori", "cours", "book", "roadmap", "way",
                "path", "plan", "fastest", "quickest", "easiest", "becom", "comfort", "familiar",
                "beginn",
            ],
            Intent::Next => &[
                "learn",
                "next",
                "step",
                "studi",
                "pick",
                "tackl",
                "focu",
                "afterward",
                "finish",
                "master",
                "done",
                "skill",
                "topic",
                "come",
                "now",
            ],
            Intent::Definition => &["explain", "defin", "describ", "exactli", "mean", "eli5"],
            Intent::Worth => &[
                "worth", "learn", "still", "relev", "dead", "die", "obsolet", "outdat", "futur",
                "bother", "popular", "aliv", "demand", "market",
            ],
            Intent::Practice => &[
                "project", "practic", "practis", "build", "exercis", "idea", "make",
            ],
        }
    }
}

/// Greetings, thanks and small talk ("how are you", "what time is it",
/// "tell me a joke"): not questions for the material, whatever words they
/// share with it.
pub(crate) fn is_small_talk(question: &str) -> bool {
    static SMALL_TALK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?ix)^\W*(?:
              (?:hi|hello|hey|hiya|howdy|yo|greetings|good\s+(?:morning|afternoon|evening|night|day))(?:\s+(?:there|all|everyone|bot|skillbot|folks|team))?
            | (?:thanks|thank\s+you|thx|ty|cheers)(?:\s+(?:a\s+lot|so\s+much|bot|skillbot))?
            | (?:lol|lmao|haha+|ok|okay|cool|nice|great|bye|goodbye|see\s+you|good\s+bot|bad\s+bot)
            | how\s+are\s+you(?:\s+(?:doing|today|now))*
            | what(?:'s|\s+is)?\s+(?:the\s+)?(?:time|date|day)(?:\s+(?:is\s+it|today|now))*
            | (?:tell|give)\s+me\s+a\s+joke
            | who\s+are\s+you | are\s+you\s+(?:a\s+)?(?:bot|human|real|alive)
            )\W*$")
        .expect("valid regex")
    });
    SMALL_TALK.is_match(question)
}

/// Facts a prose text states (`FACT_*` bits).
pub(crate) fn facts(text: &str) -> u64 {
    static DURATION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b\d+(?:\.\d+)?\s*(?:[-–—]|to)\s*\d+(?:\.\d+)?\s*(?:months?|weeks?|years?|hours?)\b|\b\d+\s*(?:months?|weeks?|years?)\b|\b(?:a|one|two|three|four|five|six|a\s+few|several)\s+(?:to\s+(?:two|three|four|five|six|twelve)\s+)?(?:months?|weeks?|years?)\b")
            .expect("valid regex")
    });
    static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)[$€£]\s?\d|\b\d{2,3}(?:,\d{3})+\b|\b\d+k\b|\b\d+(?:\.\d+)?\s*(?:usd|eur|gbp|dollars|euros|pounds)\b").expect("valid regex")
    });
    static RATE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\d+(?:\.\d+)?\s?%|\bgrow").expect("valid regex"));
    let mut out = 0;
    // Cheap guards first: most text names no unit of time, no money and no
    // percentage, and the regexes are costly on long passages.
    let digits = text.bytes().any(|b| b.is_ascii_digit());
    let lower_has = |words: &[&str]| {
        words.iter().any(|w| {
            text.contains(w)
                || text.contains(&format!("{}{}", w[..1].to_ascii_uppercase(), &w[1..]))
        })
    };
    if lower_has(&["month", "week", "year", "hour"]) && DURATION.is_match(text) {
        out |= FACT_DURATION;
    }
    if (digits || text.contains(['$', '€', '£'])) && AMOUNT.is_match(text) {
        out |= FACT_AMOUNT;
    }
    if (text.contains('%') || lower_has(&["grow"])) && RATE.is_match(text) {
        out |= FACT_RATE;
    }
    out
}

/// What a section heading says the passage is about (`HEAD_*` bits). The
/// page's lead (a section without its own heading) is its introduction.
pub(crate) fn heading_cues(heading: Option<&str>) -> u64 {
    static HOWTO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\bhow\s+to\s+(?:learn|start|study|begin|get\s+started|get\s+into|master|practi[cs]e)|\bgetting\s+started\b|\bget\s+started\b|\blearning\s+(?:path|plan|roadmap|resources|it)\b|\broadmap\b|\bwhere\s+to\s+start\b|\bfirst\s+steps\b|\bstudy\s+plan\b|\bresources\b|\bhow\s+to\s+get\s+good\b")
            .expect("valid regex")
    });
    static TIME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\blearning\s+time\b|\bhow\s+long\b|\btime\s+to\s+(?:learn|master)\b|\btimeline\b|\btime\s+(?:it\s+)?takes\b|\bduration\b")
            .expect("valid regex")
    });
    static NEXT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\bnext\b|\bafter\b|\bfurther\b|\bbeyond\b|\bmoving\s+on\b|\bwhere\s+to\s+go\b|\bgoing\s+further\b|\brelated\s+skills\b")
            .expect("valid regex")
    });
    static INTRO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?:what\s+(?:it|they|this)\s+(?:is|are|does|do)\b|what\s+is\b|what\s+are\b|overview\b|introduction\b|intro\b|about\b|definition\b|basics\b|summary\b|in\s+short\b|concepts?\b)")
            .expect("valid regex")
    });
    static PAY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\bsalar|\bpay\b|\bcompensation\b|\bearnings?\b|\bwages?\b|\bincome\b")
            .expect("valid regex")
    });
    static DEMAND: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\bdemand\b|\bjob\s+market\b|\bjobs?\b|\bcareers?\b|\boutlook\b|\bwho\s+(?:needs|uses)\b|\bwho\s+is\s+it\s+for\b|\bwhy\s+(?:learn|use)\b|\bworth\b|\bfuture\b|\bpopularity\b|\buse\s+cases\b|\bwhen\s+to\s+use\b")
            .expect("valid regex")
    });
    static PRACTICE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\bpractice\b|\bprojects?\b|\bexercises?\b|\bhands[-\s]on\b|\bportfolio\b")
            .expect("valid regex")
    });
    let Some(heading) = heading else {
        return HEAD_INTRO;
    };
    let mut out = 0;
    for (re, bit) in [
        (&HOWTO, HEAD_HOWTO),
        (&TIME, HEAD_TIME),
        (&NEXT, HEAD_NEXT),
        (&INTRO, HEAD_INTRO),
        (&PAY, HEAD_PAY),
        (&DEMAND, HEAD_DEMAND),
        (&PRACTICE, HEAD_PRACTICE),
    ] {
        if re.is_match(heading) {
            out |= bit;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intents_from_phrasing() {
        use Intent::*;
        for (q, want) in [
            ("how long does it take to learn docker", Some(Duration)),
            ("how many months to learn testing", Some(Duration)),
            ("how much do backend developers earn", Some(Amount)),
            ("what salary can I expect", Some(Amount)),
            ("how fast is the job market growing", Some(Rate)),
            ("how do I learn docker?", Some(HowTo)),
            ("how to learn kubernetes", Some(HowTo)),
            ("best way to get started with sql", Some(HowTo)),
            ("what should I learn after java", Some(Next)),
            (
                "what do i need to know to become a java developer",
                Some(HowTo),
            ),
            ("i know python, what next?", Some(Next)),
            ("is php still worth learning", Some(Worth)),
            ("who needs graphql", Some(Worth)),
            ("what is graphql", Some(Definition)),
            ("whats edge computing", Some(Definition)),
            ("project ideas to practice sql", Some(Practice)),
            ("graphql subscriptions", None),
        ] {
            assert_eq!(Intent::of(q), want, "{q}");
        }
    }

    #[test]
    fn comparisons() {
        assert!(is_comparison_title("Java vs Python"));
        assert!(is_comparison_title("REST versus GraphQL"));
        assert!(!is_comparison_title("Versus: a game"));
        assert!(asks_to_compare("java or python for a first job"));
        assert!(asks_to_compare("difference between jwt and sessions"));
        assert!(!asks_to_compare(
            "what does a java backend dev need to know"
        ));
    }

    #[test]
    fn small_talk() {
        for q in [
            "hi",
            "Hello there!",
            "thanks!",
            "how are you today",
            "what time is it",
            "tell me a joke",
        ] {
            assert!(is_small_talk(q), "{q}");
        }
        for q in [
            "how long does it take to learn docker",
            "what is the time complexity of a hash map",
            "hi, how do i learn go",
        ] {
            assert!(!is_small_talk(q), "{q}");
        }
    }

    #[test]
    fn passage_facts() {
        assert_ne!(
            facts("Learning Time: 2-3 months for Docker") & FACT_DURATION,
            0
        );
        assert_ne!(facts("about 2–4 months") & FACT_DURATION, 0);
        assert_eq!(facts("Docker packages apps"), 0);
        assert_ne!(facts("from $88,000 to $150,000") & FACT_AMOUNT, 0);
        assert_ne!(facts("projected to grow 16% from 2022") & FACT_RATE, 0);
    }

    #[test]
    fn heading_cues_say_what_a_section_is_about() {
        assert_eq!(heading_cues(Some("How to learn it")), HEAD_HOWTO);
        assert_eq!(heading_cues(Some("Learning time")), HEAD_TIME);
        assert_eq!(heading_cues(Some("What to learn next")), HEAD_NEXT);
        assert_eq!(heading_cues(Some("What it is")), HEAD_INTRO);
        assert_eq!(
            heading_cues(Some("Salaries and demand")),
            HEAD_PAY | HEAD_DEMAND
        );
        assert_eq!(heading_cues(Some("Practice projects")), HEAD_PRACTICE);
        assert_eq!(heading_cues(None), HEAD_INTRO);
        assert_eq!(heading_cues(Some("Eviction policies")), 0);
    }
}
