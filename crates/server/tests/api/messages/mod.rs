//! Direct messages between the members of a company.

mod conversations;
