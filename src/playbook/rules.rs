//! The SOP rule catalog (../shared/SOP-RULES.md): every rule ID a playbook
//! may cite in a checklist item or schedule step.

pub const RULES: &[(&str, &str)] = &[
    ("N1", "Notes are written MM/DD/YY_Initials:Action"),
    (
        "N2",
        "Escalation Directives hold only the action requested from Finance",
    ),
    ("N3", "Escalated cases get a dated note every day"),
    (
        "N4",
        "Proof of the 10-business-day follow-up is kept in the notes",
    ),
    ("E1", "Escalation triggers"),
    ("E2", "Churn codes"),
    ("E3", "Escalation case fields"),
    ("E4", "FMC accounts get an escalation Slack channel"),
    ("E5", "Call between client and TL within 24 hours"),
    (
        "E6",
        "After the call: completed date, resolution offered, Waiting Approval",
    ),
    ("E7", "Can't reach client after 10 contact attempts"),
    ("E8", "Accounting approves or denies the resolution"),
    ("E9", "Renegotiation; the escalation status machine"),
    (
        "E10",
        "Unresponsive accounts: 10 consecutive business days of attempts",
    ),
    (
        "O1",
        "Call the same day; welcome reminder with the KYC link",
    ),
    ("O2", "Preparation reviews"),
    ("O3", "Onboarding object dates"),
    ("O4", "The 30-minute onboarding call"),
    ("O5", "User roster fields"),
    ("O6", "Training matrix"),
    ("O7", "Recap the same day; completed dates"),
    ("O8", "Failed to onboard"),
    ("O9", "Cancellation during onboarding becomes an escalation"),
    ("D1", "Digital account: under 50 users and under $500 MRR"),
    ("D2", "Digital sequences from the day of assignment"),
    ("D3", "Digital training webinars"),
    ("D4", "Training recap email"),
    ("T1", "Transition reasons"),
    ("T2", "Transition spreadsheet to CS Operations"),
    ("T3", "Automated or manual transfer"),
    ("T4", "Account Analysis Checklist"),
    ("T5", "15-minute handover meeting"),
    ("T6", "A transition is absolute"),
    ("T7", "Open tickets explained to the new CSM"),
    ("F1", "Three offboarding scenarios"),
    ("F2", "Cancellation (buyout)"),
    ("F3", "Non-renewal"),
    ("F4", "Unresponsive and past due: no contact"),
    ("F5", "Customer Offboarding email"),
    ("F6", "Checks before disabling"),
    ("F7", "Billing requests deactivation"),
];

pub fn is_known(id: &str) -> bool {
    RULES.iter().any(|(r, _)| *r == id)
}
