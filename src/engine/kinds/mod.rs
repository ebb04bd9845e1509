//! One module per rule kind (`RuleKind` in `src/rules/`): each holds the logic of its
//! kind and is called from the hook it reacts to (see the engine's module docs). A kind
//! never imports another kind.

pub(crate) mod account;
pub(crate) mod bonus;
pub(crate) mod entitlement;
pub(crate) mod internal_use;
pub(crate) mod payout;
pub(crate) mod rebate;
pub(crate) mod refunds;
pub(crate) mod rerate;
pub(crate) mod reward;
pub(crate) mod status;
pub(crate) mod welcome_credit;
