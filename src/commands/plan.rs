//! `cs plan`: the plan format, the contract between the workflow commands,
//! scripts and `cs submit`.

use cs::error::Error;

#[derive(Debug, clap::Subcommand)]
pub enum Cmd {
    /// Print the JSON Schema of the plan format (format 1), as committed in
    /// schemas/plan.schema.json.
    #[command(
        after_help = "Examples:\n  cs plan schema > plan.schema.json\n  cs plan schema | head -3"
    )]
    Schema,
}

pub fn exec(cmd: &Cmd) -> Result<(), Error> {
    match cmd {
        Cmd::Schema => cs::out::data(&schema_json()),
    }
}

/// The JSON Schema of a plan, with the format it describes.
pub fn schema_json() -> String {
    let mut json = serde_json::to_value(schemars::schema_for!(cs::plan::Plan)).unwrap_or_default();
    super::playbook::standard_formats(&mut json);
    // A plan states its format, and this one is format FORMAT.
    json["properties"]["format"] = serde_json::json!({
        "description": "The plan format: cs submit reads only this one.",
        "const": cs::plan::FORMAT
    });
    if let Some(required) = json["required"].as_array_mut() {
        required.insert(0, "format".into());
    }
    if let Some(o) = json.as_object_mut() {
        o.insert(
            "description".into(),
            serde_json::Value::String(format!(
                "A cs plan, format {}: what a workflow command decided, for people (summary, checklist, schedule, drafts) and for cs submit (records, messages).",
                cs::plan::FORMAT
            )),
        );
    }
    serde_json::to_string_pretty(&json).unwrap_or_default() + "\n"
}
