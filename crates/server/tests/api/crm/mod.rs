//! CRM: clients, vendors and contacts; the pipeline (leads, deals, stages, activities).

mod deletes;
mod leads;
mod partners;
mod pipeline;
