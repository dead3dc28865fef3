//! The recogniser, page matching and sentence finding, on a fake
//! vocabulary and the built-in catalog's tagger.

use super::pages::*;
use super::recognise::*;
use super::sentence::*;
use super::*;
use crate::SkillTagger;

struct Words(&'static [&'static str]);

impl Vocabulary for Words {
    fn knows(&self, phrase: &str) -> bool {
        phrase
            .split_whitespace()
            .all(|w| self.0.contains(&w.to_lowercase().as_str()))
    }
    fn together(&self, a: &str, b: &str) -> bool {
        // The fake material has a passage on git, one on encryption and one
        // on careers.
        let git = ["merge", "rebase", "squash", "cherry-pick"];
        let crypto = ["symmetric", "asymmetric"];
        let careers = ["frontend", "backend", "full stack"];
        let statuses = ["401", "403"];
        let both = |set: &[&str]| {
            set.iter().any(|w| a.to_lowercase().contains(w))
                && set.iter().any(|w| b.to_lowercase().contains(w))
        };
        both(&git) || both(&crypto) || both(&careers) || both(&statuses) || self.page_sides(a, b)
    }
    fn page_sides(&self, a: &str, b: &str) -> bool {
        let (a, b) = (a.to_lowercase(), b.to_lowercase());
        let page = |x: &str, y: &str| (a == x && b == y) || (a == y && b == x);
        page("where", "having")
            || page("union", "union all")
            || page("where clause", "having clause")
            || page("squash and merge", "rebase and merge")
    }
}

const VOCABULARY: Words = Words(&[
    "merge",
    "rebase",
    "symmetric",
    "asymmetric",
    "encryption",
    "monolith",
    "frontend",
    "backend",
    "developer",
    "stay",
    "grpc",
    "streaming",
    "event",
    "message",
    "queue",
    "unit",
    "integration",
    "tests",
    "sync",
    "programming",
    "vm",
    "databases",
    "squash",
    "full",
    "stack",
    "401",
    "403",
    "ttl",
    "explicit",
    "cache",
    "invalidation",
    "local",
    "memory",
    "redis",
    "servers",
    "structured",
    "plain",
    "text",
    "logs",
    "caching",
    "cdn",
    "logging",
    "tracing",
    "polling",
    "webhooks",
    "strings",
    "bytes",
    "threading",
    "multiprocessing",
    "asyncio",
]);

fn tagger() -> SkillTagger {
    let s = |id: &str, names: &[&str]| {
        (
            id.to_string(),
            names.iter().map(|n| n.to_string()).collect::<Vec<_>>(),
        )
    };
    SkillTagger::new([
        s("java", &["Java", "jvm"]),
        s("python", &["Python", "py"]),
        s("go", &["Go", "golang"]),
        s("rust", &["Rust"]),
        s("csharp", &["C#", ".NET", "dotnet"]),
        s("javascript", &["JavaScript", "js"]),
        s("nodejs", &["Node.js", "node", "node js"]),
        s("ruby", &["Ruby"]),
        s("rails", &["Ruby on Rails", "rails", "ror"]),
        s("django", &["Django"]),
        s("flask", &["Flask"]),
        s("fastapi", &["FastAPI"]),
        s("spring-boot", &["Spring Boot", "spring"]),
        s("sql", &["SQL"]),
        s(
            "relational-databases",
            &["Relational databases", "postgres", "postgresql", "mysql"],
        ),
        s("nosql", &["NoSQL databases", "nosql", "mongodb", "mongo"]),
        s("rest-api", &["REST APIs", "rest", "rest api"]),
        s("graphql", &["GraphQL"]),
        s("docker", &["Docker", "containers"]),
        s("kubernetes", &["Kubernetes", "k8s"]),
        s("message-queues", &["Message queues", "kafka", "rabbitmq"]),
        s("encryption", &["Encryption", "tls"]),
        s(
            "testing",
            &["Automated testing", "unit tests", "unit testing"],
        ),
        s("concurrency", &["Concurrency", "threads", "async"]),
        s("microservices", &["Microservices"]),
        s("ai-integration", &["AI integration", "machine learning"]),
        s("authentication", &["Authentication"]),
        s("authorization", &["Authorization"]),
        s("cloud", &["Cloud platforms", "aws", "azure"]),
        s("serverless", &["Serverless", "aws lambda"]),
    ])
}

/// `(question, [(term, skill id or "")], which_first, context)`.
type Case = (
    &'static str,
    &'static [(&'static str, &'static str)],
    bool,
    Option<&'static str>,
);

#[test]
fn comparisons_are_found_with_their_sides() {
    let cases: &[Case] = &[
        (
            "sql vs nosql",
            &[("sql", "sql"), ("nosql", "nosql")],
            false,
            None,
        ),
        (
            "Docker vs. Kubernetes?",
            &[("Docker", "docker"), ("Kubernetes", "kubernetes")],
            false,
            None,
        ),
        (
            "k8s versus docker",
            &[("k8s", "kubernetes"), ("docker", "docker")],
            false,
            None,
        ),
        (
            "should I learn Java or Python first?",
            &[("Java", "java"), ("Python", "python")],
            true,
            None,
        ),
        (
            "what's the difference between a message queue and event streaming",
            &[("message queue", "message-queues"), ("event streaming", "")],
            false,
            None,
        ),
        (
            "difference between authentication and authorization",
            &[
                ("authentication", "authentication"),
                ("authorization", "authorization"),
            ],
            false,
            None,
        ),
        (
            "postgres compared to mongo",
            &[("postgres", "relational-databases"), ("mongo", "nosql")],
            false,
            None,
        ),
        (
            "compare flask with fastapi",
            &[("flask", "flask"), ("fastapi", "fastapi")],
            false,
            None,
        ),
        (
            "is rust better than go?",
            &[("rust", "rust"), ("go", "go")],
            false,
            None,
        ),
        (
            "Is Go faster than Python for web servers",
            &[("Go", "go"), ("Python", "python")],
            false,
            Some("web servers"),
        ),
        (
            "is graphql more flexible than rest",
            &[("graphql", "graphql"), ("rest", "rest-api")],
            false,
            None,
        ),
        (
            "java, python or go?",
            &[("java", "java"), ("python", "python"), ("go", "go")],
            false,
            None,
        ),
        (
            "python or go for microservices",
            &[("python", "python"), ("go", "go")],
            false,
            Some("microservices"),
        ),
        (
            "merge or rebase?",
            &[("merge", ""), ("rebase", "")],
            false,
            None,
        ),
        (
            "symmetric vs asymmetric encryption",
            &[
                ("symmetric encryption", "encryption"),
                ("asymmetric encryption", "encryption"),
            ],
            false,
            None,
        ),
        (
            "c# or java",
            &[("c#", "csharp"), ("java", "java")],
            false,
            None,
        ),
        (
            "node vs deno",
            &[("node", "nodejs"), ("deno", "")],
            false,
            None,
        ),
        (
            "kafka vs pulsar",
            &[("kafka", "message-queues"), ("pulsar", "")],
            false,
            None,
        ),
        (
            "django vs ruby on rails",
            &[("django", "django"), ("ruby on rails", "rails")],
            false,
            None,
        ),
        (
            "ruby on rails vs django",
            &[("ruby on rails", "rails"), ("django", "django")],
            false,
            None,
        ),
        (
            "which is better, mysql or postgresql?",
            &[
                ("mysql", "relational-databases"),
                ("postgresql", "relational-databases"),
            ],
            false,
            None,
        ),
        (
            "which one should I learn first: docker or kubernetes",
            &[("docker", "docker"), ("kubernetes", "kubernetes")],
            true,
            None,
        ),
        (
            "how does kafka differ from rabbitmq",
            &[("kafka", "message-queues"), ("rabbitmq", "message-queues")],
            false,
            None,
        ),
        (
            "how is docker different from a vm",
            &[("docker", "docker"), ("vm", "")],
            false,
            None,
        ),
        (
            "why use kafka over rabbitmq",
            &[("kafka", "message-queues"), ("rabbitmq", "message-queues")],
            false,
            None,
        ),
        (
            "when to use threads vs async",
            &[("threads", "concurrency"), ("async", "concurrency")],
            false,
            None,
        ),
        (
            "monolith or microservices?",
            &[("monolith", ""), ("microservices", "microservices")],
            false,
            None,
        ),
        (
            "unit tests and integration tests: what's the difference?",
            &[("unit tests", "testing"), ("integration tests", "")],
            false,
            None,
        ),
        (
            "frontend or backend developer, which first?",
            &[("frontend developer", ""), ("backend developer", "")],
            true,
            None,
        ),
        (
            "is python or java better for backend",
            &[("python", "python"), ("java", "java")],
            false,
            Some("backend"),
        ),
        (
            "learning java vs python in 2024",
            &[("java", "java"), ("python", "python")],
            true,
            None,
        ),
        (
            "java or spring boot first",
            &[("java", "java"), ("spring boot", "spring-boot")],
            true,
            None,
        ),
        (
            "python or machine learning",
            &[("python", "python"), ("machine learning", "ai-integration")],
            false,
            None,
        ),
        (
            "when should I use rest and when graphql",
            &[("rest", "rest-api"), ("graphql", "graphql")],
            false,
            None,
        ),
        (
            "I'm torn between django and flask",
            &[("django", "django"), ("flask", "flask")],
            false,
            None,
        ),
        (
            "aws lambda vs containers",
            &[("aws lambda", "serverless"), ("containers", "docker")],
            false,
            None,
        ),
        (
            "relational vs non-relational databases",
            &[
                ("relational databases", "relational-databases"),
                ("non-relational databases", ""),
            ],
            false,
            None,
        ),
        (
            "relational vs nosql databases",
            &[
                ("relational databases", "relational-databases"),
                ("nosql databases", "nosql"),
            ],
            false,
            None,
        ),
        (
            "frontend vs backend vs full stack",
            &[("frontend", ""), ("backend", ""), ("full stack", "")],
            false,
            None,
        ),
        (
            "should I learn sql before python?",
            &[("sql", "sql"), ("python", "python")],
            true,
            None,
        ),
        (
            "How does Kafka compare to RabbitMQ?",
            &[("Kafka", "message-queues"), ("RabbitMQ", "message-queues")],
            false,
            None,
        ),
        (
            "frontend or machine learning for me",
            &[("frontend", ""), ("machine learning", "ai-integration")],
            false,
            None,
        ),
        (
            "what's better for a beginner - python or javascript",
            &[("python", "python"), ("javascript", "javascript")],
            false,
            None,
        ),
        (
            "Difference b/w SQL and NoSQL",
            &[("SQL", "sql"), ("NoSQL", "nosql")],
            false,
            None,
        ),
        (
            "how do rest and graphql differ",
            &[("rest", "rest-api"), ("graphql", "graphql")],
            false,
            None,
        ),
        (
            "java and python, which is more popular?",
            &[("java", "java"), ("python", "python")],
            false,
            None,
        ),
        (
            "docker vs k8s, arent they the same",
            &[("docker", "docker"), ("k8s", "kubernetes")],
            false,
            None,
        ),
        (
            "java or python on the jvm",
            &[("java", "java"), ("python", "python")],
            false,
            Some("jvm"),
        ),
        (
            "backend or full stack developer",
            &[("backend developer", ""), ("full stack developer", "")],
            false,
            None,
        ),
        (
            "python vs go, rust",
            &[("python", "python"), ("go", "go"), ("rust", "rust")],
            false,
            None,
        ),
        (
            "python django vs java spring",
            &[("python django", "python"), ("java spring", "java")],
            false,
            None,
        ),
        (
            "is docker the same as kubernetes?",
            &[("docker", "docker"), ("kubernetes", "kubernetes")],
            false,
            None,
        ),
        (
            "are rest and graphql basically the same thing",
            &[("rest", "rest-api"), ("graphql", "graphql")],
            false,
            None,
        ),
        (
            "postgres over mongo for an inventory app?",
            &[("postgres", "relational-databases"), ("mongo", "nosql")],
            false,
            Some("inventory app"),
        ),
        (
            "python, go or rust, where should i start",
            &[("python", "python"), ("go", "go"), ("rust", "rust")],
            true,
            None,
        ),
        (
            "rest or just graphql for our api",
            &[("rest", "rest-api"), ("graphql", "graphql")],
            false,
            Some("api"),
        ),
        (
            "sql or python first for a data job",
            &[("sql", "sql"), ("python", "python")],
            true,
            Some("data job"),
        ),
        // A plural noun or a product code is a side of its own, not a
        // modifier of the last side's head.
        (
            "goroutines vs os threads",
            &[("goroutines", ""), ("os threads", "concurrency")],
            false,
            None,
        ),
        (
            "ec2 vs aws lambda",
            &[("ec2", ""), ("aws lambda", "serverless")],
            false,
            None,
        ),
        (
            "sync or async messaging between services",
            &[("sync", ""), ("async messaging", "concurrency")],
            false,
            None,
        ),
    ];
    let tagger = tagger();
    for (question, sides, first, context) in cases {
        let found = recognise(question, &tagger, &VOCABULARY)
            .unwrap_or_else(|| panic!("not recognised: {question}"));
        let got: Vec<(&str, &str)> = found
            .sides
            .iter()
            .map(|s| (s.term.as_str(), s.skill.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(got, *sides, "{question}");
        assert_eq!(found.which_first, *first, "which_first: {question}");
        assert_eq!(found.context.as_deref(), *context, "context: {question}");
    }
}

#[test]
fn look_alikes_fall_through() {
    let tagger = tagger();
    for question in [
        "rock or roll",
        "should I stay or should I go",
        "is it a bug or a feature",
        "now or never",
        "how do I run postgres in docker or kubernetes",
        "how long does it take to learn docker",
        "what is k8s used for?",
        "do I need a degree or a bootcamp to get hired",
        "tea or coffee?",
        "how do I compare two strings in java",
        "does kubernetes take more than 3 months",
        "is docker hard to learn",
        "what's the difference?",
        "java and python",
        "how do I share data between services and jobs",
        "can I use docker or do I need a vm",
        "sooner or later I must learn sql",
        "which docker or kubernetes command lists pods",
        "java or java",
        "how do i use kafka and rabbitmq together",
        "what's better than docker",
        "should I use an ORM or write SQL by hand",
        "team keeps arguing about docker vs kubernetes, how do i deal with that",
        "",
        "vs",
        "or",
        "is it harder than it looks",
        "is the salary the same as last year",
        "game over",
        "i learned python over the summer",
        "python over the weekend, then what",
        "are you and me the same",
        "same as before?",
    ] {
        assert_eq!(
            recognise(question, &tagger, &VOCABULARY),
            None,
            "{question}"
        );
    }
}

#[test]
fn an_unknown_side_is_kept_but_marked() {
    let found = recognise("kafka vs pulsar", &tagger(), &VOCABULARY).unwrap();
    assert!(found.sides[0].known);
    assert!(!found.sides[1].known);
    assert!(!found.same_skill());
    let same = recognise("kafka or rabbitmq?", &tagger(), &VOCABULARY).unwrap();
    assert!(same.same_skill());
}

#[test]
fn two_unknown_sides_are_no_comparison() {
    assert_eq!(recognise("cats vs dogs", &tagger(), &VOCABULARY), None);
}

#[test]
fn weak_shapes_need_known_sides() {
    // A strong "vs" keeps an unknown side; a bare "or" does not.
    assert!(recognise("docker vs podman", &tagger(), &VOCABULARY).is_some());
    assert_eq!(recognise("docker or podman", &tagger(), &VOCABULARY), None);
    // Two plain terms must meet in one passage.
    assert!(recognise("merge or squash", &tagger(), &VOCABULARY).is_some());
    // Numbers are sides only where a page compares them.
    assert!(recognise("401 vs 403?", &tagger(), &VOCABULARY).is_some());
    assert_eq!(recognise("2025 vs 2026", &tagger(), &VOCABULARY), None);
    assert_eq!(recognise("1 or 2 years?", &tagger(), &VOCABULARY), None);
    assert_eq!(
        recognise("merge or symmetric", &tagger(), &VOCABULARY),
        None
    );
}

/// The sides `question` is read as, as typed.
fn read_sides(question: &str) -> Option<Vec<String>> {
    recognise(question, &tagger(), &VOCABULARY)
        .map(|c| c.sides.into_iter().map(|s| s.term).collect())
}

#[test]
fn everyday_words_are_sides_where_a_page_has_them() {
    let cases: &[(&str, Option<&[&str]>)] = &[
        ("where vs having in sql", Some(&["where", "having"])),
        ("union vs union all?", Some(&["union", "union all"])),
        (
            "where clause vs having clause",
            Some(&["where clause", "having clause"]),
        ),
        (
            "squash and merge vs rebase and merge",
            Some(&["squash and merge", "rebase and merge"]),
        ),
        (
            "difference between WHERE and HAVING",
            Some(&["WHERE", "HAVING"]),
        ),
        (
            "where or having for a count filter",
            Some(&["where", "having"]),
        ),
        // No page has them: not sides.
        ("where vs when", None),
        ("is it all or nothing", None),
        // Ordinary readings are unchanged.
        ("merge vs rebase", Some(&["merge", "rebase"])),
    ];
    for (question, expected) in cases {
        let expected = expected.map(|e| e.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(read_sides(question), expected, "{question}");
    }
}

#[test]
fn by_words_only_another_name_of_the_skill_is_no_mention() {
    let side = |term: &str, skill: Option<&str>| Side {
        term: term.to_string(),
        skill: skill.map(str::to_string),
        known: true,
    };
    let question = Comparison {
        sides: vec![side("kotlin", Some("kotlin")), side("jvm", Some("java"))],
        which_first: false,
        choice: false,
        context: None,
        as_typed: None,
    };
    // "Java" is the skill of the side "jvm", not its name.
    let text = "Kotlin compiles faster than Java on small projects.";
    let by = |naming| comparing_sentence_naming(text, &question, &tagger(), &[], naming);
    assert!(by(Naming::WordsOrSkill).is_some());
    assert_eq!(by(Naming::Words), None);
    let cases = [
        // A product ending may be left off: "dynamo" in "DynamoDB".
        (
            ["dynamo", "postgres"],
            "PostgreSQL answers any SQL query, whereas DynamoDB answers only the keys you designed.",
            true,
        ),
        // Tech names as the tokenizer spells them: "C#" names "csharp".
        (
            ["csharp", "node"],
            "C# compiles ahead of time, whereas Node.js runs JavaScript.",
            true,
        ),
        // Not any longer word: "scala" is not in "scalar".
        (
            ["scala", "php"],
            "PHP 8 has scalar types, whereas Python has optional hints.",
            false,
        ),
    ];
    for ([a, b], text, named) in cases {
        let question = Comparison {
            sides: vec![side(a, None), side(b, None)],
            ..question.clone()
        };
        let found = comparing_sentence_naming(text, &question, &tagger(), &[], Naming::Words);
        assert_eq!(found.is_some(), named, "{a} vs {b}: {text}");
    }
}

#[test]
fn two_word_names_may_start_with_a_little_word() {
    for (question, expected) in [
        (
            "local in memory cache vs redis",
            ["local in memory cache", "redis"],
        ),
        (
            "structured logs vs plain text logs",
            ["structured logs", "plain text logs"],
        ),
    ] {
        assert_eq!(read_sides(question).unwrap(), expected, "{question}");
    }
}

#[test]
fn a_page_sentence_counts_under_the_pages_names_for_a_side() {
    let side = |term: &str| Side {
        term: term.to_string(),
        skill: None,
        known: true,
    };
    let question = Comparison {
        sides: vec![side("cs degree"), side("bootcamp")],
        which_first: false,
        choice: false,
        context: None,
        as_typed: None,
    };
    // Many other skills named after a contrast word are no list.
    let tools = recognise("django vs flask", &tagger(), &VOCABULARY).unwrap();
    let many =
        "Django ships everything, while Flask leaves Python, SQL, Docker, REST and GraphQL to you.";
    assert_eq!(
        comparing_sentence(many, &tools, &tagger()).as_deref(),
        Some(many)
    );
    let list = "Pick Django, Flask, Python, SQL, Docker, REST or GraphQL, but practise.";
    assert_eq!(comparing_sentence(list, &tools, &tagger()), None);
    assert!(
        comparing_sentence(
            "In short: Django has batteries, whereas Flask has few.",
            &tools,
            &tagger()
        )
        .is_some(),
        "a sentence with \"whereas\" compares"
    );
    // Of several comparing sentences, the shortest.
    let two = "Django, the big framework with an admin, an ORM, forms and auth, suits large sites, while Flask, small and unopinionated, suits little services.\nIn short: Django has batteries, whereas Flask has few.";
    assert_eq!(
        comparing_sentence(two, &tools, &tagger()).as_deref(),
        Some("In short: Django has batteries, whereas Flask has few.")
    );
    let text = "A degree takes three or four years, while a bootcamp takes a few months.";
    assert_eq!(comparing_sentence(text, &question, &tagger()), None);
    let names = [vec!["degree".to_string()], vec!["bootcamp".to_string()]];
    assert_eq!(
        comparing_sentence_naming(text, &question, &tagger(), &names, Naming::WordsOrSkill)
            .as_deref(),
        Some(text)
    );
}

#[test]
fn nouns_and_their_ing_forms_share_a_stem() {
    for (a, b) in [
        ("threading", "thread"),
        ("caching", "cache"),
        ("logging", "log"),
        ("polling", "poll"),
        ("queueing", "queue"),
        ("mapping", "map"),
    ] {
        assert_eq!(stem(a), stem(b), "{a} ~ {b}");
    }
    // Short words are left alone.
    for word in ["string", "thing", "ring", "log", "cdn"] {
        assert_eq!(stem(word), word);
    }
    assert_eq!(stem("routing"), stem("route"));
}

#[test]
fn sides_are_keyed_without_their_plural() {
    assert_eq!(squash("Retries"), "retry");
    assert_eq!(squash("Unit tests"), "unittest");
    assert_eq!(squash("caches"), "cache");
    assert_eq!(squash("Node.js"), "nodejs");
    assert_eq!(singular("branches"), "branch");
    assert_eq!(singular("class"), "class");
}

#[test]
fn a_lent_head_keeps_the_sides_as_typed() {
    let lent = recognise("unit vs integration tests", &tagger(), &VOCABULARY).unwrap();
    assert_eq!(lent.sides[0].term, "unit tests");
    assert_eq!(
        lent.as_typed,
        Some(vec!["unit".to_string(), "integration tests".to_string()])
    );
    let plain = recognise("docker vs kubernetes", &tagger(), &VOCABULARY).unwrap();
    assert_eq!(plain.as_typed, None);
}

fn asked(question: &str) -> Comparison {
    recognise(question, &tagger(), &VOCABULARY)
        .unwrap_or_else(|| panic!("not recognised: {question}"))
}

fn page_score(question: &Comparison, page: &[String], tagger: &SkillTagger) -> Option<f32> {
    page_assignment(question, page, tagger).map(|(score, _)| score)
}

#[test]
fn compare_lines_are_read() {
    assert_eq!(
        page_sides("# Kafka vs RabbitMQ\ncompare: kafka, rabbitmq\n\nText."),
        Some(vec!["kafka".to_string(), "rabbitmq".to_string()])
    );
    assert_eq!(page_sides("# Docker\n\nDocker packages apps."), None);
    assert_eq!(page_sides("# X\ncompare: only-one"), None);
    let sides = page_sides("# XSS vs CSRF\ncompare: xss | cross-site scripting, csrf").unwrap();
    assert_eq!(sides, ["xss | cross-site scripting", "csrf"]);
    let names: Vec<&str> = side_names(&sides[0]).collect();
    assert_eq!(names, ["xss", "cross-site scripting"]);
    // Only right under the title, not anywhere in the text.
    assert_eq!(page_sides("# A\n\nOne.\n\nTwo.\n\ncompare: a, b"), None);
}

#[test]
fn pages_match_questions_by_words_or_telling_skills() {
    let t = tagger();
    let page = |sides: &[&str]| sides.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let cases: &[(&str, &[&str], bool)] = &[
        ("kafka vs rabbitmq", &["kafka", "rabbitmq"], true),
        ("rabbitmq or kafka?", &["kafka", "rabbitmq"], true),
        ("k8s vs docker", &["docker", "kubernetes"], true),
        ("golang or python", &["python", "go"], true),
        ("mysql vs postgres", &["postgresql", "mysql"], true),
        ("mongo vs postgres", &["mongodb", "postgresql"], true),
        (
            "unit tests vs integration tests",
            &["unit tests", "integration tests", "end-to-end tests"],
            true,
        ),
        ("merge or rebase?", &["merge", "rebase"], true),
        // Both message queues: the skill cannot stand for sqs.
        ("kafka vs sqs", &["kafka", "rabbitmq"], false),
        // Every side asked must be on the page.
        ("java vs python vs go", &["java", "python"], false),
        ("java vs kotlin", &["java", "python"], false),
        ("mysql vs mongo", &["postgresql", "mysql"], false),
        // A side's other names on the page count as the side.
        (
            "sync calls vs async messaging",
            &["synchronous | sync", "asynchronous | async"],
            true,
        ),
        (
            "monolith vs microservices",
            &["monolithic architecture | monolith", "microservices"],
            true,
        ),
        // A side with a word in front narrows the page's side.
        ("long polling vs grpc", &["polling", "grpc"], true),
        // A word or two inside the page's side.
        (
            "explicit cache invalidation vs ttl",
            &["ttl", "explicit invalidation"],
            true,
        ),
        (
            "local in memory cache vs redis",
            &["local cache", "redis"],
            true,
        ),
        // … not a different last word.
        (
            "explicit cache vs ttl",
            &["explicit invalidation", "ttl"],
            false,
        ),
        // Names of one side are not two sides.
        ("merge vs merging", &["merge | merging", "rebase"], false),
        // A noun and its "-ing" form are one side.
        (
            "threading vs asyncio",
            &["threads | multithreading", "async | asyncio"],
            true,
        ),
        ("caching vs cdn", &["cdn", "cache"], true),
        ("logging vs tracing", &["logs", "metrics", "traces"], true),
        ("polling vs webhooks", &["poll", "webhook"], true),
        ("strings vs bytes", &["string", "byte"], true),
    ];
    for (question, sides, expected) in cases {
        let got = page_score(&asked(question), &page(sides), &t);
        assert_eq!(got.is_some(), *expected, "{question} ~ {sides:?}: {got:?}");
    }
    let exact = page_score(
        &asked("kafka vs rabbitmq"),
        &page(&["kafka", "rabbitmq"]),
        &t,
    );
    let wider = page_score(
        &asked("unit tests vs integration tests"),
        &page(&["unit tests", "integration tests", "end-to-end tests"]),
        &t,
    );
    assert!(exact > wider, "{exact:?} {wider:?}");
}

#[test]
fn the_wanted_section_follows_the_question() {
    for (question, words) in [
        ("should I learn Java or Python first?", "first"),
        ("learn sql before python?", "first"),
        ("django or flask for a beginner", "choose"),
        ("which is better, mysql or postgresql?", "choose"),
        ("sql vs nosql", "differen"),
        (
            "difference between authentication and authorization",
            "differen",
        ),
    ] {
        let c = asked(question);
        assert_eq!(wanted_section(&c)[0], words, "{question}");
    }
}

#[test]
fn the_extract_names_every_side() {
    let c = asked("kafka vs rabbitmq");
    let text = "Both move messages.\n- **Storage.** RabbitMQ deletes a message once it is acknowledged. Kafka keeps it for a retention period.\n- **Routing.** Kafka routes by topic.";
    let got = extract(text, &c, &tagger());
    assert_eq!(
        got,
        "Storage. RabbitMQ deletes a message once it is acknowledged. Kafka keeps it for a retention period."
    );
    let prose = "Docker builds images. Kubernetes runs them across machines, while Docker runs one host. The end.";
    let got = extract(prose, &asked("docker vs kubernetes"), &tagger());
    assert!(
        got.starts_with("Kubernetes runs them across machines, while Docker"),
        "{got}"
    );
}

#[test]
fn the_end_of_a_dotted_name_is_no_mention() {
    let side = |term: &str| Side {
        term: term.to_string(),
        skill: None,
        known: true,
    };
    let c = Comparison {
        sides: vec![side("ts"), side("js")],
        which_first: false,
        choice: false,
        context: None,
        as_typed: None,
    };
    let t = tagger();
    for (text, named) in [
        ("Production Node.js APIs.", false),
        ("Write it in Next.js.", false),
        ("Mail me@js later.", false),
        ("Plain JS needs no build step.", true),
        ("Typed (js) code.", true),
        (".js files", true),
    ] {
        assert_eq!(mentions(text, &c.sides[1], &c, &t), named, "{text}");
    }
    // So the extract takes the sentence that names both sides.
    let text = "Use TS for services on Node.js. Plain JS is fine for scripts, TS for teams.";
    assert_eq!(
        extract(text, &c, &t),
        "Plain JS is fine for scripts, TS for teams."
    );
}

proptest::proptest! {
    #[test]
    fn any_text_is_read_without_panicking(question in "\\PC{0,120}", text in "\\PC{0,300}") {
        let t = tagger();
        let _ = recognise(&question, &t, &VOCABULARY);
        let c = asked("kafka vs rabbitmq");
        let _ = comparing_sentence(&text, &c, &t);
        let _ = extract(&text, &c, &t);
        let _ = page_sides(&text);
        let _ = title_sides(&question);
        let _ = stem(&question);
        let _ = side_keys(&t, &question);
    }

    #[test]
    fn sides_are_words_of_the_question(b in "[a-z]{3,9}") {
        // A strong "vs" with a known side: recognised unless the other
        // word cannot be a name ("docker vs the").
        let found = recognise(&format!("docker vs {b}"), &tagger(), &VOCABULARY);
        if let Some(c) = &found {
            let terms: Vec<&str> = c.sides.iter().map(|s| s.term.as_str()).collect();
            proptest::prop_assert_eq!(terms, vec!["docker", b.as_str()]);
        } else {
            proptest::prop_assert!(
                b == "docker" || BOUNDARY.contains(b.as_str()) || LEADING.contains(&b.as_str())
            );
        }
    }
}

#[test]
fn long_text_is_not_a_comparison() {
    let long = format!("{} java vs python", "word ".repeat(80));
    assert_eq!(recognise(&long, &tagger(), &VOCABULARY), None);
}

#[test]
fn three_plain_sides_need_each_a_page_with_another() {
    /// Pages on alpha vs beta and alpha vs gamma; none on beta vs gamma.
    struct Pages;
    impl Vocabulary for Pages {
        fn knows(&self, _: &str) -> bool {
            true
        }
        fn together(&self, a: &str, b: &str) -> bool {
            let mut pair = [a, b];
            pair.sort_unstable();
            matches!(pair, ["alpha", "beta"] | ["alpha", "gamma"])
        }
        fn page_sides(&self, _: &str, _: &str) -> bool {
            false
        }
    }
    let sides = |q: &str| {
        recognise(q, &tagger(), &Pages)
            .map(|c| c.sides.into_iter().map(|s| s.term).collect::<Vec<_>>())
    };
    // "or" is weak: plain terms count only where the material pairs them.
    assert_eq!(
        sides("beta, gamma or alpha"),
        Some(vec!["beta".into(), "gamma".into(), "alpha".into()])
    );
    assert_eq!(sides("beta, gamma or delta"), None);
    assert_eq!(sides("beta or gamma"), None);
}
