//! Validation of a rule set before use: every fault, each with its path in the document.

use super::condition::Condition;
use super::limits::{MAX_DAYS, MAX_MONTHS};
use super::names::{DeclaredNames, NameKind};
use super::{
    Beneficiary, BonusForm, BonusRule, BonusTrigger, Booking, CurrencyPolicy, EntitlementRule,
    EntitlementStart, MAX_UPLINE, PayerMatch, PayoutSchedule, QualificationRule, RateSchedule,
    RefundPolicy, RewardForm, RewardRule, Rule, RuleKind, RuleSet, Span, TierMeasure, TierSchedule,
};
use crate::error::Error;
use crate::money::{Money, Rate};
use crate::suggest::did_you_mean;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

/// One fault of a rule set: where it is in the document, what is wrong, and, for a name
/// the program does not declare or a field or variant it does not know, the closest
/// declared or expected name.
///
/// ```
/// let mut program = commission_rules::programs::smart_soft();
/// program.names.product_lines.retain(|line| line != "depo-ti");
/// program.names.product_lines.push("depo".into());
/// let fault = &program.faults()[0];
/// assert_eq!(fault.path, "versions[0].rules[4].payments.product_lines[0]");
/// assert_eq!(fault.reason, "product line `depo-ti` is not declared in names.product_lines");
/// assert_eq!(fault.suggestion.as_deref(), Some("depo"));
/// assert_eq!(fault.to_string(), "rule set at versions[0].rules[4].payments.product_lines[0]: \
///     product line `depo-ti` is not declared in names.product_lines; did you mean `depo`?");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Fault {
    /// Where the fault is: a path in the document (`versions[2].effective_from`), or the
    /// line and column of text that is not JSON.
    pub path: String,
    /// What is wrong.
    pub reason: String,
    /// The name probably meant, where a name is unknown and a known one is close.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

impl Fault {
    /// A fault at a path.
    #[cold]
    pub(crate) fn new(path: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            reason: reason.into(),
            suggestion: None,
        }
    }

    /// A fault at a path, suggesting the name probably meant.
    #[cold]
    pub(crate) fn suggesting(
        path: impl Into<String>,
        reason: impl Into<String>,
        suggestion: Option<&str>,
    ) -> Self {
        Self {
            suggestion: suggestion.map(str::to_owned),
            ..Self::new(path, reason)
        }
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let suggestion = did_you_mean(self.suggestion.as_deref());
        write!(f, "rule set at {}: {}{suggestion}", self.path, self.reason)
    }
}

impl From<Fault> for Error {
    /// The fault as an [`ErrorKind::InvalidRuleSet`](crate::ErrorKind::InvalidRuleSet),
    /// its suggestion at the end of the reason.
    ///
    /// ```
    /// use commission_rules::{Error, rules::Fault};
    /// // A fault as `check_json` returns it (read here from its JSON form).
    /// let json = r#"{"path": "names.statuses[1]", "reason": "declared twice"}"#;
    /// let fault: Fault = serde_json::from_str(json).unwrap();
    /// assert_eq!(Error::from(fault).to_string(), "rule set at names.statuses[1]: declared twice");
    /// ```
    fn from(fault: Fault) -> Self {
        let suggestion = did_you_mean(fault.suggestion.as_deref());
        Error::in_rule_set(fault.path, format!("{}{suggestion}", fault.reason))
    }
}

/// The faults found so far.
#[derive(Debug, Default)]
struct Faults(Vec<Fault>);

impl Faults {
    /// Keeps the fault of a check that found one.
    fn note(&mut self, checked: Result<(), Fault>) {
        if let Err(fault) = checked {
            self.0.push(fault);
        }
    }
}

impl RuleSet {
    /// Checks the rule set: known currency, versions in increasing date order, unique rule
    /// ids, rates within 0–100 %, tiers starting at 0 and increasing, windows of non-zero
    /// length, rewards whose parts agree, at most one payout schedule in force, every name
    /// a rule uses declared ([`RuleSet::names`]). [`RuleSet::faults`] lists every fault.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidRuleSet`](crate::ErrorKind::InvalidRuleSet) for the first fault,
    /// with its path in the document (`versions[2].effective_from`) and what is wrong.
    ///
    /// ```
    /// let mut program = commission_rules::programs::radist();
    /// assert!(program.validate().is_ok());
    /// // A third version starting before the second one: the dates overlap.
    /// program.versions[2].effective_from = chrono::NaiveDate::from_ymd_opt(2019, 6, 1);
    /// let err = program.validate().unwrap_err();
    /// assert_eq!(err.to_string(),
    ///     "rule set at versions[2].effective_from: versions overlap: each must start after the one before it");
    /// ```
    pub fn validate(&self) -> Result<(), Error> {
        match self.faults().into_iter().next() {
            Some(fault) => Err(fault.into()),
            None => Ok(()),
        }
    }

    /// Every fault of the rule set, in document order (the first is the one
    /// [`RuleSet::validate`] reports); empty for a valid rule set. Each rule is checked
    /// whatever the faults of the others, and every undeclared name it uses is a fault of
    /// its own, with the closest declared name.
    ///
    /// ```
    /// let mut program = commission_rules::programs::smart_soft();
    /// assert!(program.faults().is_empty());
    /// program.names.statuses.retain(|status| status != "privileged");
    /// program.currency.fx_markup_percent = commission_rules::Rate::whole_percent(101);
    /// let faults = program.faults();
    /// assert_eq!(faults[0].path, "currency.fx_markup_percent");
    /// // Every rule naming the status: 4 rates, a level, seat caps, the rebate, invoice terms,
    /// // advance keys and 4 NFR perks.
    /// assert!(faults.iter().skip(1).all(|fault| fault.reason.starts_with("status `privileged`")));
    /// assert_eq!(faults.len(), 1 + 13);
    /// ```
    pub fn faults(&self) -> Vec<Fault> {
        let mut faults = Faults::default();
        if self.currency.program_currency.minor_units().is_none() {
            faults.0.push(Fault::new(
                "currency.program_currency",
                format!("{} is not a known currency", self.currency.program_currency),
            ));
        }
        faults.note(check_rate(
            "currency.fx_markup_percent",
            self.currency.fx_markup_percent,
        ));
        check_declarations(&self.names, &mut faults);
        self.validate_versions(&mut faults);
        let rules = RulesOf {
            outer_ids: BTreeSet::new(),
            currency: &self.currency,
            names: &self.names,
        };
        rules.check("rules", &self.rules, &mut faults);
        let rules = RulesOf {
            outer_ids: self.rules.iter().map(|r| r.id.as_str()).collect(),
            ..rules
        };
        for (index, version) in self.versions.iter().enumerate() {
            rules.check(
                &format!("versions[{index}].rules"),
                &version.rules,
                &mut faults,
            );
            let in_force: Vec<&RuleKind> = self
                .rules
                .iter()
                .chain(&version.rules)
                .map(|r| &r.kind)
                .collect();
            check_singletons(&format!("versions[{index}].rules"), &in_force, &mut faults);
        }
        faults.0
    }

    fn validate_versions(&self, faults: &mut Faults) {
        if self.versions.is_empty() {
            faults.0.push(Fault::new(
                "versions",
                "a program needs at least one version",
            ));
        }
        let mut previous = None;
        for (index, version) in self.versions.iter().enumerate() {
            let path = format!("versions[{index}].effective_from");
            match (index, version.effective_from) {
                (0, _) => {}
                (_, None) => {
                    faults.0.push(Fault::new(
                        path,
                        "only the first version may have no start date",
                    ));
                }
                (_, Some(date)) => {
                    if previous.is_some_and(|before| before >= date) {
                        faults.0.push(Fault::new(
                            path,
                            "versions overlap: each must start after the one before it",
                        ));
                    }
                }
            }
            if version.effective_from.is_some() {
                previous = version.effective_from;
            }
        }
    }
}

/// Every declared name names something (not blank) and is declared once in its list.
fn check_declarations(names: &DeclaredNames, faults: &mut Faults) {
    for kind in NameKind::ALL {
        let mut seen = BTreeSet::new();
        for (index, name) in names.of(kind).enumerate() {
            let path = format!("{}[{index}]", kind.section());
            if name.trim().is_empty() {
                faults.0.push(Fault::new(path, format!("a blank {kind}")));
            } else if !seen.insert(name) {
                faults.0.push(Fault::new(
                    path,
                    format!("{kind} `{name}` is declared twice"),
                ));
            }
        }
    }
}

/// Every name a rule uses is declared: one fault per undeclared name, with the closest
/// declared one.
fn check_names(path: &str, kind: &RuleKind, names: &DeclaredNames, faults: &mut Faults) {
    super::references::names_in(kind, &mut |below, what, name| {
        if !names.declares(what, name) {
            faults.0.push(Fault::suggesting(
                format!("{path}{below}"),
                format!("{what} `{name}` is not declared in {}", what.section()),
                names.closest(what, name),
            ));
        }
    });
}

/// The kinds of rule of which at most one may be in force at a time.
fn singleton(kind: &RuleKind) -> Option<&'static str> {
    match kind {
        RuleKind::Payout(_) => Some("payout schedule"),
        RuleKind::Refunds(_) => Some("refund policy"),
        RuleKind::PartnerAccount(_) => Some("partner account rule"),
        RuleKind::AccountGroups(_) => Some("account group rule"),
        RuleKind::Cancellations(_) => Some("cancellation policy"),
        RuleKind::Transfers(_) => Some("transfer policy"),
        RuleKind::Bonus(bonus) => match bonus.trigger {
            // The event names no rule: one rule in force must book it.
            BonusTrigger::VendorAward => Some("vendor-award bonus"),
            BonusTrigger::ManualAdjustment => Some("manual-adjustment bonus"),
            _ => None,
        },
        RuleKind::WelcomeCredit(_) => Some("welcome credit"),
        RuleKind::ContractStatus(_) => Some("contract status rule"),
        RuleKind::InternalUse(_) => Some("internal use rule"),
        RuleKind::InvoiceTerms(_) => Some("invoice terms rule"),
        RuleKind::Qualification(_) => Some("qualification rule"),
        RuleKind::Leaderboard(_) => Some("leaderboard"),
        _ => None,
    }
}

fn check_singletons(path: &str, in_force: &[&RuleKind], faults: &mut Faults) {
    let mut seen = BTreeSet::new();
    for what in in_force.iter().filter_map(|kind| singleton(kind)) {
        if !seen.insert(what) {
            faults.0.push(Fault::new(
                path,
                format!("more than one {what} is in force"),
            ));
        }
    }
}

/// What the rules of one list are checked against.
struct RulesOf<'p> {
    /// The ids of rules outside the list (the program-wide ones, for a version's).
    outer_ids: BTreeSet<&'p str>,
    currency: &'p CurrencyPolicy,
    names: &'p DeclaredNames,
}

impl RulesOf<'_> {
    /// Each rule of the list: its id unique, its parts valid, its names declared.
    fn check(&self, path: &str, rules: &[Rule], faults: &mut Faults) {
        let mut seen = BTreeSet::new();
        for (index, rule) in rules.iter().enumerate() {
            let here = format!("{path}[{index}]");
            let id = rule.id.as_str();
            if id.is_empty() || self.outer_ids.contains(id) || !seen.insert(id) {
                faults.0.push(Fault::new(
                    format!("{here}.id"),
                    format!("rule id {id:?} is empty or used twice"),
                ));
            }
            check_rule(&here, &rule.kind, self.currency, faults);
            check_names(&here, &rule.kind, self.names, faults);
        }
    }
}

fn check_rule(path: &str, kind: &RuleKind, currency: &CurrencyPolicy, faults: &mut Faults) {
    check_durations(path, kind, faults);
    let checked = match kind {
        RuleKind::Entitlement(entitlement) => check_entitlement(path, &entitlement.starts),
        RuleKind::Reward(reward) => {
            check_reward(path, reward, faults);
            match reward.per_client.and_then(|limit| limit.max_total) {
                Some(max) => {
                    check_program_money(&format!("{path}.per_client.max_total"), max, currency)
                }
                None => Ok(()),
            }
        }
        RuleKind::Bonus(bonus) => {
            check_bonus(path, bonus, faults);
            Ok(())
        }
        RuleKind::Payout(PayoutSchedule::Monthly { day, minimum, .. }) => {
            faults.note(check_payout_day(&format!("{path}.day"), *day));
            check_program_money(&format!("{path}.minimum"), *minimum, currency)
        }
        RuleKind::Payout(PayoutSchedule::AfterMonthEnd { minimum, .. }) => {
            check_program_money(&format!("{path}.minimum"), *minimum, currency)
        }
        RuleKind::WelcomeCredit(credit) => {
            faults.note(check_span(&format!("{path}.window"), credit.window));
            check_program_money(&format!("{path}.amount"), credit.amount, currency)
        }
        RuleKind::InternalUse(internal) => {
            check_rate(&format!("{path}.rate_percent"), internal.rate_percent)
        }
        RuleKind::Rebate(rebate) => {
            check_rate(&format!("{path}.rate_percent"), rebate.rate_percent)
        }
        RuleKind::Qualification(rule) => {
            check_qualification(path, rule, currency, faults);
            Ok(())
        }
        _ => Ok(()),
    };
    faults.note(checked);
}

/// Every count of days or months a rule names, within [`MAX_DAYS`] / [`MAX_MONTHS`].
fn check_durations(path: &str, kind: &RuleKind, faults: &mut Faults) {
    let checked = match kind {
        RuleKind::Payout(
            PayoutSchedule::Automatic { delay_days } | PayoutSchedule::OnRequest { delay_days },
        ) => check_days(&format!("{path}.delay_days"), *delay_days),
        RuleKind::Payout(PayoutSchedule::AfterMonthEnd { days_after, .. }) => {
            check_days(&format!("{path}.days_after"), *days_after)
        }
        RuleKind::Payout(PayoutSchedule::Monthly { hold_days, .. })
        | RuleKind::Refunds(RefundPolicy::ClawbackWithinHold { hold_days }) => {
            check_days(&format!("{path}.hold_days"), *hold_days)
        }
        RuleKind::Entitlement(EntitlementRule {
            lasts: Some(Span::Months(months)),
            ..
        }) => check_months(&format!("{path}.lasts.months"), *months),
        RuleKind::Entitlement(EntitlementRule {
            lasts: Some(Span::Days(days)),
            ..
        }) => check_days(&format!("{path}.lasts.days"), *days),
        RuleKind::InvoiceTerms(terms) => {
            faults.note(check_days(&format!("{path}.due_days"), terms.due_days));
            for (status, days) in &terms.by_status {
                faults.note(check_days(&format!("{path}.by_status.{status}"), *days));
            }
            Ok(())
        }
        _ => Ok(()),
    };
    faults.note(checked);
}

fn check_span(path: &str, span: Span) -> Result<(), Fault> {
    match span {
        Span::Months(0) | Span::Days(0) => Err(Fault::new(path, "a window of zero length")),
        Span::Months(months) => check_months(&format!("{path}.months"), months),
        Span::Days(days) => check_days(&format!("{path}.days"), days),
    }
}

fn check_days(path: &str, days: u32) -> Result<(), Fault> {
    if days > MAX_DAYS {
        return Err(Fault::new(
            path,
            format!("{days} days is too long: at most {MAX_DAYS} days (100 years)"),
        ));
    }
    Ok(())
}

/// The last day of the month a monthly payout may fall on: the 28th, which every month
/// has (a later day would skip February, or fall on a different day in some months).
const LAST_PAYOUT_DAY: u32 = 28;

/// A monthly payout day: one every month has.
fn check_payout_day(path: &str, day: u32) -> Result<(), Fault> {
    if !(1..=LAST_PAYOUT_DAY).contains(&day) {
        return Err(Fault::new(
            path,
            format!(
                "day {day} is not a day of every month: monthly payouts fall on day 1 to {LAST_PAYOUT_DAY} \
                 (for later in the month, an after_month_end schedule)"
            ),
        ));
    }
    Ok(())
}

fn check_months(path: &str, months: u32) -> Result<(), Fault> {
    if months > MAX_MONTHS {
        return Err(Fault::new(
            path,
            format!("{months} months is too long: at most {MAX_MONTHS} months (100 years)"),
        ));
    }
    Ok(())
}

/// A vendor-funded amount: positive, at most 10^12, in the program currency.
fn check_vendor_amount(path: &str, amount: Money, currency: &CurrencyPolicy) -> Result<(), Fault> {
    if amount.currency != currency.program_currency {
        return Err(Fault::new(
            format!("{path}.currency"),
            format!(
                "{} is not the program currency {}",
                amount.currency, currency.program_currency
            ),
        ));
    }
    check_any_amount(path, amount)
}

/// A bonus: a fixed amount exactly where its trigger has one; a count from 1; a manual
/// adjustment payable.
fn check_bonus(path: &str, bonus: &BonusRule, faults: &mut Faults) {
    let amount_path = format!("{path}.amount");
    faults.note(match (bonus.trigger.has_fixed_amount(), bonus.amount) {
        (true, Some(amount)) => check_any_amount(&amount_path, amount),
        (true, None) => Err(Fault::new(
            amount_path,
            "this trigger's bonus is a fixed amount: the rule must name it",
        )),
        (false, Some(_)) => Err(Fault::new(
            amount_path,
            "a vendor award's or a manual adjustment's event carries its amount: the rule names none",
        )),
        (false, None) => Ok(()),
    });
    faults.note(match bonus.trigger {
        BonusTrigger::CountReached { count: 0, .. } => Err(Fault::new(
            format!("{path}.trigger.count_reached.count"),
            "a count is reached from 1",
        )),
        BonusTrigger::ManualAdjustment if bonus.form == BonusForm::VendorCost => Err(Fault::new(
            format!("{path}.form"),
            "a manual adjustment corrects what the partner is owed: its form is payable",
        )),
        _ => Ok(()),
    });
}

/// A qualification: minimum sales in the program currency; each count required from 1,
/// and each counted once per level.
fn check_qualification(
    path: &str,
    rule: &QualificationRule,
    currency: &CurrencyPolicy,
    faults: &mut Faults,
) {
    for (index, level) in rule.levels.iter().enumerate() {
        let here = format!("{path}.levels[{index}]");
        if let Some(min) = level.min_sales {
            faults.note(check_vendor_amount(
                &format!("{here}.min_sales"),
                min,
                currency,
            ));
        }
        for (at, requirement) in level.requirements.iter().enumerate() {
            let item = format!("{here}.requirements[{at}]");
            if requirement.at_least == 0 {
                faults.0.push(Fault::new(
                    format!("{item}.at_least"),
                    "a count requirement starts at 1",
                ));
            }
            let earlier = level.requirements.get(..at).unwrap_or_default();
            if earlier.iter().any(|e| e.count == requirement.count) {
                faults.0.push(Fault::new(
                    format!("{item}.count"),
                    format!("{} are already required at this level", requirement.count),
                ));
            }
        }
    }
}

/// An amount compared with booked lines: the program's currency, in which every line
/// must then be booked.
fn check_program_money(path: &str, amount: Money, currency: &CurrencyPolicy) -> Result<(), Fault> {
    check_vendor_amount(path, amount, currency)?;
    if currency.booking != Booking::ProgramCurrency {
        return Err(Fault::new(
            path,
            "an amount compared with booked lines needs every line booked in the program currency",
        ));
    }
    Ok(())
}

fn check_reward(path: &str, reward: &RewardRule, faults: &mut Faults) {
    check_schedule(&format!("{path}.rate"), &reward.rate, faults);
    check_conditions(path, &reward.conditions, faults);
    if let Some(window) = reward.window {
        faults.note(check_span(&format!("{path}.window.length"), window.length));
    }
    let discount = reward.form == RewardForm::Discount;
    if discount && matches!(reward.rate, RateSchedule::Fixed { .. }) {
        faults.0.push(Fault::new(
            format!("{path}.rate"),
            "a discount is a share of the price, not a fixed amount",
        ));
    }
    let partner_paid = reward.payments.paid_by == PayerMatch::Partner;
    if discount && !partner_paid {
        faults.0.push(Fault::new(
            format!("{path}.form"),
            "a discount applies only to payments made by a partner",
        ));
    }
    faults.note(check_upline(
        &format!("{path}.beneficiary"),
        reward.beneficiary,
    ));
    if reward.beneficiary == Beneficiary::Payer && !partner_paid {
        faults.0.push(Fault::new(
            format!("{path}.beneficiary"),
            "the payer benefits only from payments made by a partner",
        ));
    }
    if discount && reward.payable_if.is_some() {
        faults.0.push(Fault::new(
            format!("{path}.payable_if"),
            "a discount is never paid out, so it cannot have payability conditions",
        ));
    }
}

/// An upline beneficiary names a level from 1 (the referrer's parent) to [`MAX_UPLINE`].
fn check_upline(path: &str, beneficiary: Beneficiary) -> Result<(), Fault> {
    match beneficiary {
        Beneficiary::Upline(levels) if !(1..=MAX_UPLINE).contains(&levels) => Err(Fault::new(
            format!("{path}.upline"),
            format!(
                "an upline level is from 1 to {MAX_UPLINE} (1: the referrer's parent), \
                     got {levels}"
            ),
        )),
        _ => Ok(()),
    }
}

fn check_entitlement(path: &str, starts: &EntitlementStart) -> Result<(), Fault> {
    match starts {
        EntitlementStart::ClientCount { at_least: 0, .. } => Err(Fault::new(
            format!("{path}.starts.client_count.at_least"),
            "a client count starts an entitlement from 1",
        )),
        EntitlementStart::WhileActiveClient {
            of: Beneficiary::Payer,
        } => Err(Fault::new(
            format!("{path}.starts.while_active_client.of"),
            "a client is the partner's as referrer, holder or reporter, not as payer",
        )),
        EntitlementStart::WhileActiveClient {
            of: Beneficiary::Upline(_),
        } => Err(Fault::new(
            format!("{path}.starts.while_active_client.of"),
            "a client is the partner's as referrer, holder or reporter, not its upline's",
        )),
        _ => Ok(()),
    }
}

fn check_schedule(path: &str, schedule: &RateSchedule, faults: &mut Faults) {
    match schedule {
        RateSchedule::Flat { rate_percent } => {
            faults.note(check_rate(&format!("{path}.rate_percent"), *rate_percent));
        }
        RateSchedule::ByStatus {
            default_percent,
            by_status,
        } => {
            faults.note(check_rate(
                &format!("{path}.default_percent"),
                *default_percent,
            ));
            for (status, rate) in by_status {
                faults.note(check_rate(&format!("{path}.by_status.{status}"), *rate));
            }
        }
        RateSchedule::Tiered(tiers) => check_tiers(path, tiers, faults),
        RateSchedule::Fixed { amount } => {
            faults.note(check_any_amount(&format!("{path}.amount"), *amount));
        }
    }
}

fn check_tiers(path: &str, schedule: &TierSchedule, faults: &mut Faults) {
    if !schedule
        .tiers
        .first()
        .is_some_and(|first| first.from.is_zero())
    {
        faults.0.push(Fault::new(
            format!("{path}.tiers[0].from"),
            "the first tier must start at 0",
        ));
    }
    for (index, pair) in schedule.tiers.windows(2).enumerate() {
        if pair[1].from <= pair[0].from {
            faults.0.push(Fault::new(
                format!("{path}.tiers[{}].from", index + 1),
                "tier thresholds must increase",
            ));
        }
    }
    let whole = !matches!(schedule.measure, TierMeasure::Revenue(_));
    for (index, tier) in schedule.tiers.iter().enumerate() {
        let from = format!("{path}.tiers[{index}].from");
        if whole && (tier.from.fract() != Decimal::ZERO || tier.from > Decimal::from(u32::MAX)) {
            faults.0.push(Fault::new(
                from,
                "a count, payment number or number of months is a whole number",
            ));
        } else if tier.from > Money::MAX_AMOUNT {
            faults
                .0
                .push(Fault::new(from, "a threshold is at most 10^12"));
        }
        faults.note(check_rate(
            &format!("{path}.tiers[{index}].rate_percent"),
            tier.rate_percent,
        ));
    }
    let retroactive_measure = matches!(
        schedule.measure,
        TierMeasure::ClientCount(_) | TierMeasure::Revenue(_)
    );
    if !schedule.retroactive.is_prospective() && !retroactive_measure {
        faults.0.push(Fault::new(
            format!("{path}.retroactive"),
            "only tiers by a client count or by revenue can re-rate the month",
        ));
    }
}

/// An amount in any known currency (converted where it is booked): positive, at most
/// 10^12, no finer than the currency's minor unit.
fn check_any_amount(path: &str, amount: Money) -> Result<(), Fault> {
    let Some(minor_units) = amount.currency.minor_units() else {
        return Err(Fault::new(
            format!("{path}.currency"),
            format!("{} is not a known currency", amount.currency),
        ));
    };
    if amount.amount <= Decimal::ZERO || amount.amount > Money::MAX_AMOUNT {
        return Err(Fault::new(
            format!("{path}.amount"),
            "an amount must be above 0 and at most 10^12",
        ));
    }
    if amount.amount.normalize().scale() > minor_units {
        return Err(Fault::new(
            format!("{path}.amount"),
            format!("{amount} is finer than the currency's minor unit"),
        ));
    }
    Ok(())
}

fn check_conditions(path: &str, conditions: &[Condition], faults: &mut Faults) {
    for (index, condition) in conditions.iter().enumerate() {
        let here = format!("{path}.conditions[{index}]");
        match condition {
            Condition::AttributeIn(test) | Condition::AttributeNotIn(test) => {
                if test.key.trim().is_empty() {
                    faults
                        .0
                        .push(Fault::new(format!("{here}.key"), "an empty key"));
                }
                if test.values.is_empty() {
                    faults.0.push(Fault::new(
                        format!("{here}.values"),
                        "a test against no values: list at least one",
                    ));
                }
            }
            Condition::AmountAtLeast(amount) | Condition::AmountBelow(amount) => {
                faults.note(check_any_amount(&here, *amount));
            }
            Condition::PaymentNumberAtMost(0) => {
                faults.0.push(Fault::new(
                    format!("{here}.payment_number_at_most"),
                    "payments are numbered from 1",
                ));
            }
            Condition::PaymentNumberAtMost(_) | Condition::PromoCodeOfBeneficiary => {}
        }
    }
}

fn check_rate(path: &str, rate: Rate) -> Result<(), Fault> {
    let percent = rate.as_percent();
    if percent < Decimal::ZERO || percent > Decimal::ONE_HUNDRED {
        return Err(Fault::new(path, format!("rate {rate} is outside 0–100%")));
    }
    Ok(())
}
