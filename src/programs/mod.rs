//! The built-in programs, each a function returning a [`RuleSet`](crate::RuleSet) value.
//! Nothing here is interpreted: the engine knows no vendor.

pub mod leadsender;
pub mod radist;
pub mod wazzup;

pub use leadsender::leadsender;
pub use radist::radist;
pub use wazzup::wazzup;
