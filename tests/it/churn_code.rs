//! E2: the churn-code taxonomy, complete, listed and searched.

use crate::common::*;
use serde_json::Value;

#[test]
fn e2_taxonomy_is_complete() {
    let env = TestEnv::new();
    let out = env
        .cs()
        .args(["churn-code", "list", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let reasons: Vec<(&str, &str, usize)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["category"].as_str().unwrap(),
                r["reason"].as_str().unwrap(),
                r["secondary"].as_array().unwrap().len(),
            )
        })
        .collect();
    assert_eq!(
        reasons,
        vec![
            ("Product-Related", "Feature Gaps", 7),
            ("Service-Related", "Support Issues", 6),
            ("Price-Related", "Pricing Issues", 6),
            ("Customer-Related", "Company Changes", 6),
            ("Competition-Related", "Competitor Switching", 0),
        ]
    );
    assert_eq!(
        v[0]["description"],
        "Missing features that the customer requires."
    );
    assert_eq!(
        v[0]["secondary"][4],
        "Unmet Expectations (Miscommunication)"
    );
    assert_eq!(v[1]["secondary"][5], "Delayed OB/Implementation");
    assert_eq!(v[2]["secondary"][1], "Hidden fees/Unrecognized Charges");
    assert_eq!(v[3]["secondary"][2], "Going out of business/Retiring");
    assert_eq!(v[4]["free_text"], "competitor");
}

#[test]
fn e2_list_as_csv_and_text() {
    let env = TestEnv::new();
    let out = env
        .cs()
        .args(["churn-code", "list", "--format", "csv"])
        .output()
        .unwrap();
    let mut r = csv::Reader::from_reader(out.stdout.as_slice());
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        ["category", "reason", "description", "secondary_reasons"]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 5);
    assert!(rows[2][3].starts_with("Too expensive; Hidden fees/Unrecognized Charges"));
    let out = env.cs().args(["churn-code", "list"]).output().unwrap();
    assert!(stdout(&out).contains("Competitor Switching"));
}

#[test]
fn e2_show_finds_secondary_reasons_best_first() {
    let env = TestEnv::new();
    let out = env
        .cs()
        .args(["churn-code", "show", "--format", "json", "TOO EXPENSIVE"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["matched_on"], "secondary");
    assert_eq!(v[0]["matched_secondary"], "Too expensive");
    assert_eq!(v[0]["reason"], "Pricing Issues");
    assert_eq!(v[0]["category"], "Price-Related");

    // An exact reason beats a category prefix and a secondary substring.
    let out = env
        .cs()
        .args(["churn-code", "show", "--format", "json", "support issues"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["matched_on"], "reason");
    assert_eq!(v[0]["reason"], "Support Issues");

    let out = env
        .cs()
        .args(["churn-code", "show", "customer"])
        .output()
        .unwrap();
    assert!(
        stdout(&out).starts_with("Company Changes (Customer-Related)"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn e2_show_without_a_match_fails() {
    let env = TestEnv::new();
    let out = env
        .cs()
        .args(["churn-code", "show", "weather"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("error: no churn code matches 'weather'."));
}
