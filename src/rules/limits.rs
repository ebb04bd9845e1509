//! Bounds on the day and month counts a program may name.

/// The longest count of days a program may name (a window, a hold, a delay, an invoice's
/// term): 100 years. With events in years 1900–2199 every date the engine computes then
/// stays far inside the calendar, and a payment books a bounded number of lines.
///
/// ```
/// use commission_rules::rules::{MAX_DAYS, PayoutSchedule, Rule, RuleKind};
/// let mut program = commission_rules::programs::radist();
/// assert_eq!(MAX_DAYS, 36_525);
/// let payout = program.rules.iter_mut().chain(program.versions.iter_mut().flat_map(|v| v.rules.iter_mut()))
///     .find(|rule| matches!(rule.kind, RuleKind::Payout(_))).unwrap();
/// payout.kind = RuleKind::Payout(PayoutSchedule::Automatic { delay_days: MAX_DAYS + 1 });
/// assert!(program.validate().unwrap_err().to_string().contains("at most 36525 days"));
/// ```
pub const MAX_DAYS: u32 = 36_525;

/// The longest count of calendar months a program may name (a window, an entitlement's
/// length): 100 years, for the same reason as [`MAX_DAYS`].
///
/// ```
/// use commission_rules::rules::MAX_MONTHS;
/// assert_eq!(MAX_MONTHS, 1_200);
/// ```
pub const MAX_MONTHS: u32 = 1_200;
