//! Where cs gets a Salesforce session, first match wins:
//!
//! 1. `SF_INSTANCE_URL` and `SF_ACCESS_TOKEN`: a token someone already has;
//!    it cannot be renewed by cs.
//! 2. `SF_LOGIN_URL`, `SF_CLIENT_ID` and `SF_CLIENT_SECRET`: the OAuth 2.0
//!    client-credentials flow of a connected app; renewed on 401.
//! 3. An org the Salesforce CLI is logged into (`--target-org` or
//!    `SF_TARGET_ORG`): the instance URL from `sf org display --json`, the
//!    token from `sf org auth show-access-token --json` (recent sf versions
//!    redact it in org display); renewed on 401 by asking sf again.
//!
//! Every token and secret is a [`Secret`]: registered for redaction the
//! moment it is read.

use super::http::{CallError, Http, Policy, SALESFORCE, check_scheme};
use crate::error::Error;
use crate::redact::{self, Secret};
use reqwest::Url;

/// Where a session comes from.
#[derive(Debug, Clone)]
pub enum Auth {
    Token {
        instance: Url,
    },
    ClientCredentials {
        login: Url,
        client_id: String,
        secret: Secret,
    },
    SfCli {
        org: String,
        program: String,
    },
}

/// A usable session: where to send calls and the bearer token.
#[derive(Debug, Clone)]
pub struct Session {
    pub instance: Url,
    pub token: Secret,
}

const HOW: &str = "set SF_INSTANCE_URL and SF_ACCESS_TOKEN; or SF_LOGIN_URL, SF_CLIENT_ID and SF_CLIENT_SECRET (a connected app with the client-credentials flow); or log the Salesforce CLI in (sf org login web --alias NAME) and pass --target-org NAME";

/// The environment, read once (tests pass their own).
pub trait Env {
    fn var(&self, name: &str) -> Option<String>;
}

pub struct ProcessEnv;

impl Env for ProcessEnv {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok().filter(|v| !v.trim().is_empty())
    }
}

/// The environment variables that hold secrets.
const SECRET_VARS: [&str; 2] = ["SF_ACCESS_TOKEN", "SF_CLIENT_SECRET"];

impl Auth {
    /// Is any source of credentials set (a token, a client secret, an sf
    /// CLI org)? A dry run then reads the org; without, it cannot.
    pub fn configured(env: &dyn Env, target_org: Option<&str>) -> bool {
        target_org.is_some()
            || ["SF_ACCESS_TOKEN", "SF_CLIENT_SECRET", "SF_TARGET_ORG"]
                .iter()
                .any(|v| env.var(v).is_some())
    }

    /// Picks the first configured source, and the session it gives now.
    pub fn from_env(
        env: &dyn Env,
        target_org: Option<&str>,
    ) -> Result<(Auth, Option<Session>), Error> {
        // Every secret in the environment is hidden, whichever is used: a
        // server or proxy may echo any of them.
        for name in SECRET_VARS {
            if let Some(v) = env.var(name) {
                redact::register(&v);
            }
        }
        if let Some(token) = env.var("SF_ACCESS_TOKEN") {
            let token = Secret::new(token);
            no_control(token.expose(), "SF_ACCESS_TOKEN", "copy the token again")?;
            let Some(instance) = env.var("SF_INSTANCE_URL") else {
                return Err(Error::user(
                    "SF_ACCESS_TOKEN is set but SF_INSTANCE_URL is not.",
                )
                .with_hint("set SF_INSTANCE_URL to your org's URL, e.g. https://acme.my.salesforce.com"));
            };
            let instance = parse_url(&instance, "SF_INSTANCE_URL")?;
            let session = Session {
                instance: instance.clone(),
                token,
            };
            return Ok((Auth::Token { instance }, Some(session)));
        }
        if let Some(secret) = env.var("SF_CLIENT_SECRET") {
            let secret = Secret::new(secret);
            no_control(
                secret.expose(),
                "SF_CLIENT_SECRET",
                "copy the consumer secret again",
            )?;
            let (Some(login), Some(client_id)) = (env.var("SF_LOGIN_URL"), env.var("SF_CLIENT_ID"))
            else {
                return Err(Error::user(
                    "SF_CLIENT_SECRET is set but SF_LOGIN_URL or SF_CLIENT_ID is not.",
                )
                .with_hint("the client-credentials flow needs SF_LOGIN_URL (your My Domain URL), SF_CLIENT_ID and SF_CLIENT_SECRET"));
            };
            let login = parse_url(&login, "SF_LOGIN_URL")?;
            return Ok((
                Auth::ClientCredentials {
                    login,
                    client_id,
                    secret,
                },
                None,
            ));
        }
        let org = target_org
            .map(str::to_string)
            .or_else(|| env.var("SF_TARGET_ORG"));
        if let Some(org) = org {
            return Ok((
                Auth::SfCli {
                    org,
                    program: "sf".into(),
                },
                None,
            ));
        }
        Err(Error::user("no Salesforce credentials were found.").with_hint(HOW))
    }

    /// Can cs get a fresh token when the current one is refused?
    pub fn renewable(&self) -> bool {
        !matches!(self, Auth::Token { .. })
    }

    /// A new session from this source.
    pub fn login(&self, http: &Http) -> Result<Session, Error> {
        match self {
            Auth::Token { .. } => Err(Error::user(
                "the access token in SF_ACCESS_TOKEN was refused (expired or revoked), and cs cannot renew it.",
            )
            .with_hint("get a new token (sf org auth show-access-token --json), or use SF_CLIENT_ID/SF_CLIENT_SECRET or --target-org so cs can renew it; then resume with --resume JOURNAL")),
            Auth::ClientCredentials {
                login,
                client_id,
                secret,
            } => client_credentials(http, login, client_id, secret),
            Auth::SfCli { org, program } => sf_cli(program, org),
        }
    }
}

/// Refuses a credential or URL with a line break or another control
/// character (a token copied from a Windows file ends in CR): as a header
/// it could not be sent, and cs says so before any call rather than after.
fn no_control(value: &str, var: &str, fix: &str) -> Result<(), Error> {
    if value.chars().any(char::is_control) {
        return Err(Error::user(format!(
            "{var} holds a line break or another control character; nothing was sent."
        ))
        .with_hint(fix.to_string()));
    }
    Ok(())
}

fn parse_url(s: &str, var: &str) -> Result<Url, Error> {
    no_control(
        s.trim(),
        var,
        &format!("set {var} to the URL alone, on one line"),
    )?;
    let url = Url::parse(s.trim()).map_err(|e| {
        Error::user(format!("{var} is not a URL ({e}).")).with_hint(format!(
            "set {var} to a URL such as https://acme.my.salesforce.com"
        ))
    })?;
    check_scheme(&url, var).map_err(Error::user)?;
    Ok(url)
}

/// POST {login}/services/oauth2/token with grant_type=client_credentials.
fn client_credentials(
    http: &Http,
    login: &Url,
    client_id: &str,
    secret: &Secret,
) -> Result<Session, Error> {
    let url = login
        .join("/services/oauth2/token")
        .map_err(|e| Error::user(format!("SF_LOGIN_URL cannot take a path: {e}.")))?;
    let label = format!("POST {url}");
    let policy = Policy {
        retry_statuses: SALESFORCE,
        retries: 2,
    };
    // A token request changes nothing at Salesforce: it is safe to resend.
    let reply = http
        .send(&label, true, policy, &|c| {
            c.post(url.clone()).form(&[
                ("grant_type", "client_credentials"),
                ("client_id", client_id),
                ("client_secret", secret.expose()),
            ])
        })
        .map_err(|e| match e {
            CallError::Interrupted => Error::interrupted("interrupted while logging in."),
            e => Error::remote(format!("cannot reach {login} to log in: {e}.")),
        })?;
    let body = reply.json();
    if !reply.ok() {
        let err = body["error"].as_str().unwrap_or("unknown_error");
        let desc = body["error_description"].as_str().unwrap_or("");
        return Err(Error::remote(format!(
            "Salesforce refused the client-credentials login ({}): {err}: {desc}.",
            reply.status
        ))
        .with_hint("check SF_CLIENT_ID and SF_CLIENT_SECRET, and that the connected app enables the client-credentials flow with a Run As user"));
    }
    let (Some(token), Some(instance)) =
        (body["access_token"].as_str(), body["instance_url"].as_str())
    else {
        return Err(Error::remote(
            "Salesforce's token reply has no access_token or instance_url.",
        ));
    };
    let token = Secret::new(token);
    no_control(
        token.expose(),
        "the access token Salesforce returned",
        "check SF_LOGIN_URL: it must be the org's My Domain URL",
    )?;
    Ok(Session {
        instance: parse_url(instance, "the instance_url Salesforce returned")?,
        token,
    })
}

/// Asks the Salesforce CLI for the org's instance URL and access token.
fn sf_cli(program: &str, org: &str) -> Result<Session, Error> {
    let display = run_sf(program, &["org", "display", "--target-org", org, "--json"])?;
    let instance = display["result"]["instanceUrl"].as_str().ok_or_else(|| {
        Error::user(format!(
            "sf org display gave no instanceUrl for the org {org}."
        ))
    })?;
    let shown = run_sf(
        program,
        &[
            "org",
            "auth",
            "show-access-token",
            "--target-org",
            org,
            "--json",
        ],
    )?;
    let token = shown["result"]["accessToken"]
        .as_str()
        .or_else(|| shown["result"]["access_token"].as_str())
        .or_else(|| shown["result"].as_str())
        .ok_or_else(|| {
            Error::user(format!(
                "sf org auth show-access-token gave no accessToken for the org {org}."
            ))
        })?;
    let token = Secret::new(token);
    no_control(
        token.expose(),
        "the access token sf returned",
        "log in again with: sf org login web",
    )?;
    Ok(Session {
        instance: parse_url(instance, "the instanceUrl sf returned")?,
        token,
    })
}

fn run_sf(program: &str, args: &[&str]) -> Result<serde_json::Value, Error> {
    let what = format!("{program} {}", args[..args.len() - 1].join(" "));
    let out = std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| {
            Error::user(format!(
                "cannot run the Salesforce CLI ({program}): {}.",
                crate::error::io_reason(&e)
            ))
            .with_hint("install it (npm install -g @salesforce/cli) or use SF_INSTANCE_URL/SF_ACCESS_TOKEN")
        })?;
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    // The token is in this output: register it before any message quotes it.
    if let Some(t) = json["result"]["accessToken"].as_str() {
        redact::register(t);
    }
    if !out.status.success() || json["status"].as_i64().unwrap_or(0) != 0 {
        let msg = json["message"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| String::from_utf8_lossy(&out.stderr).trim().to_string());
        return Err(Error::user(redact::clean(&format!("{what} failed: {msg}")))
            .with_hint("log in with: sf org login web --alias NAME, then pass --target-org NAME"));
    }
    Ok(json)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct MapEnv(HashMap<&'static str, &'static str>);
    impl Env for MapEnv {
        fn var(&self, name: &str) -> Option<String> {
            self.0.get(name).map(|v| v.to_string())
        }
    }

    fn env(pairs: &[(&'static str, &'static str)]) -> MapEnv {
        MapEnv(pairs.iter().copied().collect())
    }

    #[test]
    fn the_first_configured_source_wins() {
        let all = env(&[
            ("SF_INSTANCE_URL", "https://acme.my.salesforce.com"),
            ("SF_ACCESS_TOKEN", "00Dtoken-aaaaaaaaaa"),
            ("SF_LOGIN_URL", "https://login.salesforce.com"),
            ("SF_CLIENT_ID", "id"),
            ("SF_CLIENT_SECRET", "secret-bbbbbbbbbb"),
            ("SF_TARGET_ORG", "prod"),
        ]);
        let (a, s) = Auth::from_env(&all, None).unwrap();
        assert!(matches!(a, Auth::Token { .. }) && s.is_some());
        let cc = env(&[
            ("SF_LOGIN_URL", "https://login.salesforce.com"),
            ("SF_CLIENT_ID", "id"),
            ("SF_CLIENT_SECRET", "secret-bbbbbbbbbb"),
            ("SF_TARGET_ORG", "prod"),
        ]);
        let (a, s) = Auth::from_env(&cc, None).unwrap();
        assert!(matches!(a, Auth::ClientCredentials { .. }) && s.is_none());
        assert!(a.renewable());
        let (a, _) = Auth::from_env(&env(&[]), Some("prod")).unwrap();
        assert!(matches!(a, Auth::SfCli { ref org, .. } if org == "prod"));
        let e = Auth::from_env(&env(&[]), None).unwrap_err();
        assert!(e.message.contains("no Salesforce credentials"));
        assert!(e.hint.unwrap().contains("SF_ACCESS_TOKEN"));
    }

    #[test]
    fn plain_http_is_refused_off_loopback() {
        let e = Auth::from_env(
            &env(&[
                ("SF_INSTANCE_URL", "http://acme.my.salesforce.com"),
                ("SF_ACCESS_TOKEN", "00Dtoken-aaaaaaaaaa"),
            ]),
            None,
        )
        .unwrap_err();
        assert!(e.message.contains("https://"), "{}", e.message);
    }
}
