//! The deployment files in `deploy/` agree with the binary: every
//! environment variable they set is one skillbot reads (the settings
//! module's one list, [`skillbot::settings::VARIABLES`]), every command
//! line they run parses, and the numbers that must match (replicas, ports,
//! the token file's path) do. The field's own validators (hadolint,
//! docker-compose, kubernetes-validate, systemd-analyze) run in
//! `deploy/check`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use clap::Parser;
use skillbot::cli::Cli;
use skillbot::settings::VARIABLES;
use yaml_rust2::{Yaml, YamlLoader};

/// Variables `.env.example` documents for docker compose itself (its
/// `${…}`), which skillbot does not read.
const COMPOSE_ONLY: &[&str] = &["POSTGRES_PASSWORD", "BOT_IMAGE", "HEALTH_PORT"];

fn deploy_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../deploy")
}

fn read(relative: &str) -> String {
    let path = deploy_dir().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn yaml_docs(relative: &str) -> Vec<Yaml> {
    YamlLoader::load_from_str(&read(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

fn known(name: &str) -> bool {
    VARIABLES.iter().any(|v| v.env == name)
}

fn assert_known(names: &BTreeSet<String>, file: &str) {
    assert!(
        !names.is_empty(),
        "{file} sets no variable: the parser is broken"
    );
    let unknown: Vec<&String> = names.iter().filter(|n| !known(n)).collect();
    assert!(
        unknown.is_empty(),
        "{file} sets {unknown:?}, which skillbot does not read (settings::VARIABLES)"
    );
}

/// `KEY=value` and `# KEY=value` lines of an env file: (set, documented).
fn env_file(text: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut set = BTreeSet::new();
    let mut documented = BTreeSet::new();
    for line in text.lines() {
        let (commented, line) = match line.trim().strip_prefix('#') {
            Some(rest) => (true, rest.trim()),
            None => (false, line.trim()),
        };
        let Some((name, _)) = line.split_once('=') else {
            continue;
        };
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_uppercase() || b == b'_') {
            continue;
        }
        documented.insert(name.to_string());
        if !commented {
            set.insert(name.to_string());
        }
    }
    (set, documented)
}

/// `${NAME}`, `${NAME:-x}`, `${NAME:?x}` in a compose file.
fn interpolated(text: &str) -> BTreeSet<String> {
    text.split("${")
        .skip(1)
        .filter_map(|rest| {
            let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
            Some(rest[..end].to_string())
        })
        .collect()
}

fn keys(yaml: &Yaml) -> BTreeSet<String> {
    yaml.as_hash()
        .map(|h| {
            h.keys()
                .filter_map(|k| k.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn parses(args: &[&str]) {
    let mut argv = vec!["skillbot"];
    argv.extend_from_slice(args);
    if let Err(e) = Cli::try_parse_from(&argv) {
        panic!("{argv:?} does not parse: {e}");
    }
}

#[test]
fn the_dockerfile_sets_only_known_variables_and_runs_real_subcommands() {
    let text = read("Dockerfile");
    let joined = text.replace("\\\n", " ");
    let mut set = BTreeSet::new();
    for line in joined.lines() {
        if let Some(rest) = line.trim().strip_prefix("ENV ") {
            for pair in rest.split_whitespace() {
                let (name, _) = pair.split_once('=').expect("ENV KEY=value");
                set.insert(name.to_string());
            }
        }
    }
    assert_known(&set, "deploy/Dockerfile");
    assert!(set.contains("SKILLBOT_HTTP_ADDR") && set.contains("SKILLBOT_DATA_DIR"));
    assert!(joined.contains("SKILLBOT_HTTP_ADDR=0.0.0.0:8080"));
    assert!(joined.contains(r#"ENTRYPOINT ["/usr/local/bin/skillbot"]"#));
    assert!(joined.contains(r#"CMD ["serve"]"#));
    assert!(joined.contains(r#"CMD ["/usr/local/bin/skillbot", "healthcheck"]"#));
    assert!(joined.contains("USER 65532"), "runs as a non-root user");
    parses(&["serve"]);
    parses(&["healthcheck"]);
}

#[test]
fn compose_passes_skillbot_only_variables_it_reads() {
    let docs = yaml_docs("docker-compose.yml");
    let services = &docs[0]["services"];
    let skillbot = &services["skillbot"];
    let env = keys(&skillbot["environment"]);
    assert_known(&env, "deploy/docker-compose.yml (skillbot)");
    assert_eq!(skillbot["env_file"].as_str(), Some(".env"));
    assert_eq!(
        skillbot["depends_on"]["postgres"]["condition"].as_str(),
        Some("service_healthy")
    );
    let health = services["postgres"]["healthcheck"]["test"]
        .as_vec()
        .expect("a health check on postgres");
    assert!(
        health
            .iter()
            .any(|t| t.as_str().is_some_and(|t| t.contains("pg_isready")))
    );
    let url = skillbot["environment"]["DATABASE_URL"].as_str().unwrap();
    assert!(url.starts_with("postgres://") && url.contains("@postgres:5432/"));

    // .env goes to the container whole: every variable it documents is read
    // by skillbot, or is one of compose's own, used in the compose file.
    let (set, documented) = env_file(&read(".env.example"));
    assert_known(
        &set.iter()
            .filter(|n| !COMPOSE_ONLY.contains(&n.as_str()))
            .cloned()
            .collect(),
        "deploy/.env.example",
    );
    let compose_text = read("docker-compose.yml");
    let used = interpolated(&compose_text);
    for name in &documented {
        if COMPOSE_ONLY.contains(&name.as_str()) {
            assert!(
                used.contains(name),
                "{name} is documented but compose does not use it"
            );
        } else {
            assert!(
                known(name),
                "deploy/.env.example documents {name}, which skillbot does not read"
            );
        }
    }
    for name in &used {
        assert!(
            documented.contains(name),
            "docker-compose.yml uses ${{{name}}}, which .env.example does not document"
        );
    }
    // "Every variable": all of skillbot's are documented there.
    for v in VARIABLES {
        assert!(
            documented.contains(v.env),
            "deploy/.env.example does not document {}",
            v.env
        );
    }
    assert!(set.contains("DISCORD_TOKEN"));
}

#[test]
fn kubernetes_manifests_agree_with_each_other_and_the_binary() {
    let config = &yaml_docs("k8s/configmap.yaml")[0];
    let secret = &yaml_docs("k8s/secret.yaml")[0];
    let set = &yaml_docs("k8s/statefulset.yaml")[0];
    let service = &yaml_docs("k8s/service.yaml")[0];
    let pdb = &yaml_docs("k8s/pdb.yaml")[0];
    assert_eq!(set["kind"].as_str(), Some("StatefulSet"));

    let data = keys(&config["data"]);
    assert_known(&data, "deploy/k8s/configmap.yaml");
    let pod = &set["spec"]["template"]["spec"];
    let container = &pod["containers"][0];
    let env: BTreeSet<String> = container["env"]
        .as_vec()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap().to_string())
        .collect();
    assert_known(&env, "deploy/k8s/statefulset.yaml");
    assert_eq!(
        container["envFrom"][0]["configMapRef"]["name"].as_str(),
        config["metadata"]["name"].as_str()
    );

    // The replica count the pods split the shards by is the StatefulSet's.
    let replicas = set["spec"]["replicas"].as_i64().unwrap();
    let configured: i64 = config["data"]["SKILLBOT_REPLICAS"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        configured, replicas,
        "SKILLBOT_REPLICAS ≠ StatefulSet replicas"
    );
    let shards: i64 = config["data"]["SKILLBOT_SHARDS"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(shards >= replicas, "every replica needs a shard");
    let replica = container["env"]
        .as_vec()
        .unwrap()
        .iter()
        .find(|e| e["name"].as_str() == Some("SKILLBOT_REPLICA"))
        .expect("SKILLBOT_REPLICA from the pod name");
    assert_eq!(
        replica["valueFrom"]["fieldRef"]["fieldPath"].as_str(),
        Some("metadata.name")
    );
    // Each pod name gives a valid, distinct share of the shards.
    let name = set["metadata"]["name"].as_str().unwrap();
    let mut covered = Vec::new();
    for i in 0..replicas {
        let mut settings = skillbot::Settings::default();
        settings
            .apply_env(|var| match var {
                "SKILLBOT_SHARDS" => Some(shards.to_string()),
                "SKILLBOT_REPLICAS" => Some(replicas.to_string()),
                "SKILLBOT_REPLICA" => Some(format!("{name}-{i}")),
                _ => None,
            })
            .unwrap();
        covered.extend(settings.shard_plan().unwrap().range);
    }
    assert_eq!(covered, (0..shards as u32).collect::<Vec<_>>());

    // Secrets: every key the pod uses exists; the token file is mounted
    // where SKILLBOT_TOKEN_FILE points.
    let secret_keys = keys(&secret["stringData"]);
    for e in container["env"].as_vec().unwrap() {
        if let Some(key) = e["valueFrom"]["secretKeyRef"]["key"].as_str() {
            assert!(secret_keys.contains(key), "secret key {key} is missing");
        }
    }
    let token_file = container["env"]
        .as_vec()
        .unwrap()
        .iter()
        .find(|e| e["name"].as_str() == Some("SKILLBOT_TOKEN_FILE"))
        .and_then(|e| e["value"].as_str())
        .expect("the token as a file");
    let token_volume = pod["volumes"]
        .as_vec()
        .unwrap()
        .iter()
        .find(|v| !v["secret"].is_badvalue())
        .expect("a secret volume");
    let mount = container["volumeMounts"]
        .as_vec()
        .unwrap()
        .iter()
        .find(|m| m["name"] == token_volume["name"])
        .expect("the secret volume is mounted");
    let item = &token_volume["secret"]["items"][0];
    assert!(secret_keys.contains(item["key"].as_str().unwrap()));
    assert_eq!(
        token_file,
        format!(
            "{}/{}",
            mount["mountPath"].as_str().unwrap(),
            item["path"].as_str().unwrap()
        )
    );

    // Probes and the Service reach the port skillbot listens on.
    let addr: std::net::SocketAddr = config["data"]["SKILLBOT_HTTP_ADDR"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        addr.ip().is_unspecified(),
        "probes come from outside the pod"
    );
    let port = &container["ports"][0];
    assert_eq!(port["containerPort"].as_i64(), Some(i64::from(addr.port())));
    assert_eq!(
        container["livenessProbe"]["httpGet"]["path"].as_str(),
        Some("/healthz")
    );
    assert_eq!(
        container["readinessProbe"]["httpGet"]["path"].as_str(),
        Some("/readyz")
    );
    assert_eq!(
        service["spec"]["ports"][0]["targetPort"].as_str(),
        port["name"].as_str()
    );
    assert_eq!(set["spec"]["serviceName"], service["metadata"]["name"]);

    // Hardening and lifecycle.
    let security = &container["securityContext"];
    assert_eq!(security["readOnlyRootFilesystem"].as_bool(), Some(true));
    assert_eq!(security["allowPrivilegeEscalation"].as_bool(), Some(false));
    assert_eq!(pod["securityContext"]["runAsNonRoot"].as_bool(), Some(true));
    let data_dir = config["data"]["SKILLBOT_DATA_DIR"].as_str().unwrap();
    let data_mount = container["volumeMounts"]
        .as_vec()
        .unwrap()
        .iter()
        .find(|m| m["mountPath"].as_str() == Some(data_dir))
        .expect("the data dir is a mounted volume (the root file system is read-only)");
    assert!(
        pod["volumes"]
            .as_vec()
            .unwrap()
            .iter()
            .any(|v| v["name"] == data_mount["name"] && !v["emptyDir"].is_badvalue())
    );
    assert!(!container["resources"]["requests"].is_badvalue());
    assert!(!container["resources"]["limits"]["memory"].is_badvalue());
    assert!(pod["terminationGracePeriodSeconds"].as_i64().unwrap() >= 30);
    assert_eq!(
        pdb["spec"]["selector"]["matchLabels"],
        set["spec"]["selector"]["matchLabels"]
    );

    let args: Vec<&str> = container["args"]
        .as_vec()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    parses(&args);
}

#[test]
fn the_systemd_unit_passes_the_token_as_a_credential() {
    let unit = read("systemd/skillbot.service");
    let mut set = BTreeSet::new();
    let mut exec = None;
    let mut credential = None;
    for line in unit.lines() {
        if let Some(rest) = line.strip_prefix("Environment=") {
            let (name, _) = rest.split_once('=').expect("Environment=KEY=value");
            set.insert(name.to_string());
        }
        if let Some(rest) = line.strip_prefix("ExecStart=") {
            exec = Some(rest.to_string());
        }
        if let Some(rest) = line.strip_prefix("LoadCredential=") {
            credential = Some(rest.split(':').next().unwrap().to_string());
        }
    }
    assert_known(&set, "deploy/systemd/skillbot.service");
    let exec = exec.expect("ExecStart");
    let credential = credential.expect("LoadCredential");
    let args: Vec<&str> = exec.split_whitespace().skip(1).collect();
    assert_eq!(
        args,
        [
            "serve",
            "--token-file",
            &format!("${{CREDENTIALS_DIRECTORY}}/{credential}")
        ]
    );
    parses(&args);
    for directive in [
        "DynamicUser=yes",
        "StateDirectory=skillbot",
        "ProtectSystem=strict",
        "NoNewPrivileges=yes",
        "PrivateTmp=yes",
        "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX",
        "RestartPreventExitStatus=2",
    ] {
        assert!(unit.lines().any(|l| l == directive), "missing {directive}");
    }
    let (set, documented) = env_file(&read("systemd/skillbot.env.example"));
    assert!(set.is_empty(), "the example sets nothing by default");
    assert_known(&documented, "deploy/systemd/skillbot.env.example");
}

/// The example config and the README document every setting.
#[test]
fn every_setting_is_documented() {
    let example = read("skillbot.example.toml");
    let readme = std::fs::read_to_string(deploy_dir().join("../README.md")).unwrap();
    for v in VARIABLES {
        assert!(
            readme.contains(&format!("`{}`", v.env)),
            "README.md's configuration table lacks {}",
            v.env
        );
        if let Some(key) = v.key {
            assert!(
                example.contains(&format!("# {key} = ")),
                "deploy/skillbot.example.toml lacks `# {key} = …`"
            );
            assert!(
                example.contains(v.env),
                "deploy/skillbot.example.toml does not name {}",
                v.env
            );
        }
    }
    // The example's commented values are valid settings, all together.
    let uncommented: String = example
        .lines()
        .filter_map(|l| l.strip_prefix("# "))
        .filter(|l| {
            l.split_once(" = ")
                .is_some_and(|(k, _)| VARIABLES.iter().any(|v| v.key == Some(k)))
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let settings: skillbot::Settings = toml::from_str(&uncommented)
        .unwrap_or_else(|e| panic!("the example config does not load:\n{uncommented}\n{e}"));
    assert!(settings.shards.is_some() && settings.log_format.is_some());
}
