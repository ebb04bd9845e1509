//! The built-in programs, each a function returning a [`RuleSet`](crate::RuleSet) value.
//! Nothing here is interpreted: the engine knows no vendor.

pub mod leadsender;
pub mod message_help;
pub mod radist;
pub mod smart_soft;
pub mod wazzup;

pub use leadsender::leadsender;
pub use message_help::message_help;
pub use radist::radist;
pub use smart_soft::smart_soft;
pub use wazzup::wazzup;
