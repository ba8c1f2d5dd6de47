mod instances;
mod outbox_crash;
mod sockets;
