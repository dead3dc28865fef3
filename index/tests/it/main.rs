mod build;
mod compare;
mod docs;
mod handbook;
mod robustness;

use skillbot_index::SkillTagger;

/// A small catalog-like list of skills for tagging, enough for the tests.
pub fn skills() -> Vec<(String, Vec<String>)> {
    let s = |id: &str, names: &[&str]| {
        (
            id.to_string(),
            names.iter().map(|n| n.to_string()).collect(),
        )
    };
    vec![
        s("docker", &["Docker", "containers"]),
        s("kubernetes", &["Kubernetes", "k8s"]),
        s(
            "relational-databases",
            &["Relational databases", "postgres", "postgresql", "mysql"],
        ),
        s("nosql", &["NoSQL", "mongodb", "mongo"]),
        s("go", &["Go", "golang"]),
        s("csharp", &["C#", ".net", "dotnet"]),
        s("cplusplus", &["C++"]),
        s(
            "password-hashing",
            &["Password hashing", "bcrypt", "argon2"],
        ),
        s(
            "web-vulnerabilities",
            &["Web vulnerabilities", "xss", "csrf", "sql injection"],
        ),
        s("git", &["Git", "version control"]),
        s("caching", &["Caching", "redis"]),
    ]
}

pub fn tagger() -> SkillTagger {
    SkillTagger::new(skills())
}
