//! A small org set up for the built-in playbooks: the example account and
//! its people, and describes of the objects the playbooks write. The tests
//! start it on 127.0.0.1, and so does `cargo run --example practice_org`
//! for people who want to try `cs submit` before touching a real org.
#![allow(dead_code)]

use super::salesforce::FakeOrg;
use serde_json::{Value as Json, json};

/// An org with the objects and fields the built-in playbooks read, and
/// one account: Acme Family Clinic, its primary contact, an open and a
/// closed opportunity, a pending task.
pub fn small_org() -> FakeOrg {
    let org = FakeOrg::start();
    {
        let mut s = org.state.lock().unwrap();
        for (object, fields) in [
            (
                "Account",
                &[
                    "Name",
                    "MRR__c",
                    "Products__c",
                    "FMC__c",
                    "Primary_Contact__c",
                    "Customer_Success_Manager__c",
                    "Health__c",
                    "Recurly_Account_Code__c",
                    "CSM_Transition_Date__c",
                    "CSM_Handover_Done__c",
                ][..],
            ),
            ("Contact", &["Name", "AccountId", "Email"][..]),
            ("User", &["Name", "Email", "IsActive", "Username"][..]),
            ("Note", &["Body", "ParentId", "CreatedDate"][..]),
            (
                "Opportunity",
                &[
                    "Name",
                    "AccountId",
                    "IsClosed",
                    "CloseDate",
                    "Customer_Success_Manager__c",
                ][..],
            ),
            ("Task", &["Subject", "AccountId", "IsClosed"][..]),
        ] {
            s.schema.insert(
                object.to_string(),
                fields.iter().map(|f| f.to_string()).collect(),
            );
        }
    }
    for (id, name, email) in USERS {
        org.seed(
            "User",
            id,
            json!({"Name": name, "Email": email, "IsActive": true}),
        );
    }
    seed_account(&org, 1, "Acme Family Clinic");
    org
}

/// The org's users: two of them share a name.
pub const USERS: &[(&str, &str, &str)] = &[
    ("005000000000001AAA", "Maria Lopez", "maria@medtrainer.test"),
    ("005000000000002AAA", "Jordan Lee", "jordan@medtrainer.test"),
    ("005000000000003AAA", "Sam Park", "sam.park@medtrainer.test"),
    ("005000000000004AAA", "Sam Park", "spark@medtrainer.test"),
];

/// Account `n` (001 + n), with a contact, an open and a closed opportunity
/// and a pending task.
/// The Recurly account code of a practice account: its name in lower
/// case, words joined by `-` ("acme-family-clinic").
pub fn recurly_code(name: &str) -> String {
    name.to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

pub fn seed_account(org: &FakeOrg, n: usize, name: &str) {
    let id = format!("001{n:012}AAA");
    let contact = format!("003{n:012}AAA");
    org.seed(
        "Account",
        &id,
        json!({"Name": name, "MRR__c": 1250.5, "Products__c": "Learning;Compliance",
               "FMC__c": true, "Primary_Contact__c": contact, "Customer_Success_Manager__c": USERS[0].0,
               "Health__c": "Healthy", "Recurly_Account_Code__c": recurly_code(name)}),
    );
    org.seed(
        "Contact",
        &contact,
        json!({"Name": "Dana Smith", "AccountId": id, "Email": "dana@acme.test"}),
    );
    org.seed(
        "Opportunity",
        &format!("006{n:012}AAA"),
        json!({"Name": format!("{name} Renewal 2026"), "AccountId": id, "IsClosed": false, "CloseDate": "2026-12-31"}),
    );
    org.seed(
        "Opportunity",
        &format!("006{n:012}AAB"),
        json!({"Name": format!("{name} Renewal 2025"), "AccountId": id, "IsClosed": true, "CloseDate": "2025-12-31"}),
    );
    org.seed(
        "Task",
        &format!("00T{n:012}AAA"),
        json!({"Subject": "Send the renewal quote", "AccountId": id, "IsClosed": false}),
    );
}

/// A field of a describe, as Salesforce writes one.
fn described(name: &str, kind: &str) -> Json {
    json!({"name": name, "type": kind, "externalId": false, "unique": false,
           "picklistValues": [], "restrictedPicklist": false, "referenceTo": []})
}

/// Describes of the objects the built-in playbooks write and read, as an
/// org set up for cs has them.
pub fn describe_org(org: &FakeOrg) {
    let plain =
        |names: &[&str]| -> Vec<Json> { names.iter().map(|n| described(n, "string")).collect() };
    let mut key = described("CS_Plan_Key__c", "string");
    key["externalId"] = json!(true);
    key["unique"] = json!(true);
    let taxonomy = cs::playbook::Library::default()
        .taxonomy()
        .expect("the built-in taxonomy");
    let reasons: Vec<Json> = taxonomy
        .reasons
        .into_iter()
        .map(|r| json!({"value": r.reason, "label": r.reason, "active": true}))
        .collect();
    let mut reason = described("Escalation_Cancellation_Reason__c", "picklist");
    reason["picklistValues"] = json!(reasons);
    let mut products = described("Products__c", "multipicklist");
    products["picklistValues"] = json!(
        ["Learning", "Compliance", "Credentialing Software"]
            .iter()
            .map(|v| json!({"value": v, "label": v, "active": true}))
            .collect::<Vec<_>>()
    );
    let mut case_fields = plain(&[
        "Id",
        "AccountId",
        "Accounting_Decision__c",
        "OwnerId",
        "Call_Completed_Date__c",
        "Call_Scheduled_For__c",
        "Cant_Reach_Client_Send_Final__c",
        "Competitor__c",
        "Contact_Attempts__c",
        "Contact_Name__c",
        "Description",
        "Due_Date__c",
        "Escalation_Directives__c",
        "Escalation_Notes__c",
        "Offboarding_Effective_Date__c",
        "Offboarding_Email_On__c",
        "Offboarding_Email_Sent__c",
        "Opportunity_Names__c",
        "Renegotiation__c",
        "Resolution_Offered__c",
        "Secondary_Reasons__c",
        "Status",
        "Status_Changed_On__c",
        "Subject",
        "Type",
    ]);
    case_fields.extend([key.clone(), reason, products.clone()]);
    let record_types = json!([
        {"name": "Escalations", "developerName": "Escalations", "active": true, "master": false, "recordTypeId": "012000000000ESCAAA"},
        {"name": "Customer Success", "developerName": "Customer_Success", "active": true, "master": false, "recordTypeId": "012000000000CSMAAA"},
        {"name": "Master", "developerName": "Master", "active": true, "master": true, "recordTypeId": "012000000000000AAA"}
    ]);
    let mut onboarding = plain(&[
        "Id",
        "Account__c",
        "Account_Name__c",
        "LMS_Set_Up_Completed_Date__c",
        "Onboarding_Call_Completed_Date__c",
        "Onboarding_Call_Scheduled_For__c",
        "Onboarding_Completed__c",
        "Digital_Sequence__c",
        "Assigned_On__c",
        "Day_4_Follow_Up_Done__c",
        "Adoption_Updated__c",
    ]);
    onboarding.push(key);
    let mut account = plain(&[
        "Id",
        "Name",
        "MRR__c",
        "FMC__c",
        "Primary_Contact__c",
        "Customer_Success_Manager__c",
        "Health__c",
        "Recurly_Account_Code__c",
        "CSM_Transition_Date__c",
        "CSM_Handover_Done__c",
    ]);
    account.push(products);
    let mut s = org.state.lock().unwrap();
    for (object, fields, rts) in [
        ("Case", case_fields, record_types),
        ("Onboarding__c", onboarding, json!([])),
        ("Account", account, json!([])),
        (
            "ContentVersion",
            plain(&[
                "Id",
                "FirstPublishLocationId",
                "PathOnClient",
                "Title",
                "VersionData",
            ]),
            json!([]),
        ),
        (
            "CaseComment",
            plain(&["Id", "CommentBody", "ParentId"]),
            json!([]),
        ),
        (
            "Opportunity",
            plain(&[
                "Id",
                "Name",
                "AccountId",
                "IsClosed",
                "CloseDate",
                "Customer_Success_Manager__c",
            ]),
            json!([]),
        ),
        (
            "Task",
            plain(&["Id", "Subject", "AccountId", "IsClosed"]),
            json!([]),
        ),
        (
            "Note",
            plain(&["Id", "Body", "ParentId", "CreatedDate"]),
            json!([]),
        ),
    ] {
        s.describes.insert(
            object.to_string(),
            json!({"name": object, "fields": fields, "recordTypeInfos": rts}),
        );
    }
}

/// The escalation case as an org not yet set up for it has it: a missing
/// field, a key that is not Unique, a reason the picklist lacks, an
/// inactive record type (what `cs org check` finds there).
pub fn not_set_up(org: &FakeOrg) {
    let mut s = org.state.lock().unwrap();
    let case = s.describes.get_mut("Case").unwrap();
    let fields = case["fields"].as_array_mut().unwrap();
    fields.retain(|f| f["name"] != "Competitor__c");
    for f in fields.iter_mut() {
        if f["name"] == "CS_Plan_Key__c" {
            f["unique"] = json!(false);
        }
        if f["name"] == "Escalation_Cancellation_Reason__c" {
            let values = f["picklistValues"].as_array_mut().unwrap();
            values.retain(|v| v["value"] != "Pricing Issues");
        }
    }
    case["recordTypeInfos"][0]["active"] = json!(false);
}

/// The user cs logs in as on the test org (the identity the org names):
/// a CSM with a book of their own, for `cs due --csm me`.
pub const API_CSM: (&str, &str, &str) = (
    super::salesforce::API_USER,
    "Riley Chen",
    "riley@medtrainer.test",
);

/// A book of records at the duties' edges (`cs due`), evaluated on Friday
/// 2026-11-20: Elm Street Clinic (Riley Chen's, the user cs logs in as) and
/// Fir Grove Dental (Jordan Lee's). The example account's records are
/// left as they are.
pub fn seed_book(org: &FakeOrg) {
    let (id, name, email) = API_CSM;
    org.seed(
        "User",
        id,
        json!({"Name": name, "Email": email, "IsActive": true}),
    );
    for (n, account, csm) in [
        (5, "Elm Street Clinic", id),
        (6, "Fir Grove Dental", USERS[1].0),
    ] {
        seed_account(org, n, account);
        let acct = format!("001{n:012}AAA");
        org.state.lock().unwrap().records.iter_mut().for_each(|r| {
            if r.id == acct {
                r.fields
                    .insert("Customer_Success_Manager__c".into(), json!(csm));
            }
        });
    }
    let elm = "001000000000005AAA";
    let fir = "001000000000006AAA";
    let case = |id: &str, account: &str, number: &str, fields: Json| {
        let mut f = json!({"AccountId": account, "IsClosed": false, "RecordTypeId": "012000000000ESCAAA",
                           "CaseNumber": number});
        if let (Some(f), Some(more)) = (f.as_object_mut(), fields.as_object()) {
            f.extend(more.clone());
        }
        org.seed("Case", id, f);
    };
    // N3 three business days late; E10 due Wednesday (Veterans Day between).
    case(
        "500000000000051AAA",
        elm,
        "00051",
        json!({"Status": "Call Scheduled", "Call_Scheduled_For__c": "2026-11-05",
               "CreatedDate": "2026-11-03T15:00:00.000+0000",
               "Escalation_Notes__c": "11/03/26_RC:Case opened\n11/16/26_RC:Called, no answer"}),
    );
    // E9: waiting for the finance meeting since Monday.
    case(
        "500000000000052AAA",
        elm,
        "00052",
        json!({"Status": "Waiting Approval", "CreatedDate": "2026-11-16T16:00:00.000+0000",
               "LastModifiedDate": "2026-11-20T16:00:00.000+0000", "Status_Changed_On__c": "2026-11-16",
               "Escalation_Notes__c": "11/20/26_RC:Sent to Finance"}),
    );
    // E5: opened Thursday after business hours, still New: due Friday.
    case(
        "500000000000061AAA",
        fir,
        "00061",
        json!({"Status": "New", "CreatedDate": "2026-11-20T02:30:00.000+0000",
               "Escalation_Notes__c": "11/19/26_JL:Case opened"}),
    );
    // O8: the Failed to OB case on its 30th day.
    org.seed(
        "Case",
        "500000000000062AAA",
        json!({"AccountId": fir, "IsClosed": false, "RecordTypeId": "012000000000CSMAAA",
               "Type": "Failed to OB", "CaseNumber": "00062", "Due_Date__c": "2026-11-20"}),
    );
    // F5: Elm Street's offboarding email goes Monday.
    org.seed(
        "Case",
        "500000000000053AAA",
        json!({"AccountId": elm, "IsClosed": false, "CaseNumber": "00053", "Status": "Bill till Payout",
               "Offboarding_Email_On__c": "2026-11-23", "Offboarding_Effective_Date__c": "2026-11-26",
               "Offboarding_Email_Sent__c": false}),
    );
    // T5: Fir Grove came to Jordan yesterday: the handover meeting is today.
    org.state.lock().unwrap().records.iter_mut().for_each(|r| {
        if r.id == fir {
            r.fields
                .insert("CSM_Transition_Date__c".into(), json!("2026-11-19"));
            r.fields.insert("CSM_Handover_Done__c".into(), json!(false));
        }
    });
    // D2: Fir Grove is a digital account assigned Monday: Day 4 was Thursday.
    org.seed(
        "Onboarding__c",
        "a01000000000006AAA",
        json!({"Account__c": fir, "Onboarding_Completed__c": false,
               "Digital_Sequence__c": "DCSM Account Onboarding and Adoption", "Assigned_On__c": "2026-11-16",
               "Day_4_Follow_Up_Done__c": false, "Adoption_Updated__c": false}),
    );
    // O3: Elm Street's onboarding call next Tuesday.
    org.seed(
        "Onboarding__c",
        "a01000000000005AAA",
        json!({"Account__c": elm, "Onboarding_Completed__c": false,
               "Onboarding_Call_Scheduled_For__c": "2026-11-24", "Onboarding_Call_Completed_Date__c": null}),
    );
}

/// `n` more open escalation cases (a large book for `cs due`), across
/// 1,000 accounts of Riley Chen's, each with notes of the last days.
pub fn seed_escalations(org: &FakeOrg, n: usize) {
    if n == 0 {
        return;
    }
    let accounts = n.clamp(1, 1000);
    for a in 0..accounts {
        let id = format!("0010000001{a:05}AAA");
        org.seed(
            "Account",
            &id,
            json!({"Name": format!("Book Clinic {a}"), "Customer_Success_Manager__c": API_CSM.0}),
        );
    }
    let statuses = [
        "New",
        "Call Scheduled",
        "Call Completed",
        "Waiting Approval",
    ];
    for k in 0..n {
        let day = 2 + k % 18;
        let notes: Vec<String> = (2..=day)
            .map(|d| format!("11/{d:02}/26_RC:Called about the renewal"))
            .collect();
        org.seed(
            "Case",
            &format!("5000000{k:08}AAA"),
            json!({"AccountId": format!("0010000001{:05}AAA", k % accounts), "IsClosed": false,
                   "RecordTypeId": "012000000000ESCAAA", "CaseNumber": format!("{k:08}"),
                   "Status": statuses[k % 4], "CreatedDate": format!("2026-11-{day:02}T15:00:00.000+0000"),
                   "LastModifiedDate": format!("2026-11-{day:02}T15:00:00.000+0000"),
                   "Status_Changed_On__c": format!("2026-11-{day:02}"),
                   "Escalation_Notes__c": notes.join("\n")}),
        );
    }
}
