//! CRM: clients, vendors and contacts.

mod partners;
