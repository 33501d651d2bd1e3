//! What `cs submit` sends: plan files (or stdin), a batch's output
//! directory, or the undo of a journal.

use super::Args;
use crate::commands::Ctx;
use cs::error::Error;
use cs::out;
use cs::plan::Plan;
use cs::submit::{self, Item, batch::Batch};
use std::path::PathBuf;

pub struct Input {
    pub plans: Vec<Plan>,
    /// `--undo --delete-created`: the records the run created.
    pub deletes: Vec<Item>,
    /// The same, as the journal says who created them and when (checked
    /// against the org before anything is deleted).
    pub created: Vec<submit::undo::Created>,
    /// A batch's directory, for its results.csv.
    pub batch: Option<(PathBuf, Batch)>,
}

pub fn read(ctx: &Ctx, args: &Args) -> Result<Input, Error> {
    let mut input = Input {
        plans: Vec::new(),
        deletes: Vec::new(),
        created: Vec::new(),
        batch: None,
    };
    if let Some(journal) = &args.undo {
        let undo = submit::undo::read(journal, &ctx.library.writes()?)?;
        for n in &undo.not_restored {
            out::warn(n);
        }
        if args.delete_created {
            input.deletes = undo.created.iter().map(|c| c.item()).collect();
            input.created = undo.created;
        } else {
            for c in &undo.created {
                out::note(&format!(
                    "left in place: {} {} ({}), created by that run; pass --delete-created to delete it",
                    c.sobject, c.id, c.key
                ));
            }
        }
        input.plans.push(undo.plan);
        return Ok(input);
    }
    if let [dir] = args.plans.as_slice()
        && submit::batch::is_batch(dir)
    {
        let mut batch = submit::batch::read(dir)?;
        input.plans = std::mem::take(&mut batch.plans);
        input.batch = Some((dir.clone(), batch));
        return Ok(input);
    }
    for (text, name) in submit::plan_inputs(&args.plans)? {
        input.plans.extend(submit::read_plans(&text, &name)?);
    }
    Ok(input)
}
