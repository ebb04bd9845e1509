//! Validation of a rule set before use: every error points at its path in the document.

use super::condition::Condition;
use super::limits::{MAX_DAYS, MAX_MONTHS};
use super::{
    Beneficiary, BonusForm, BonusRule, BonusTrigger, Booking, CurrencyPolicy, EntitlementRule,
    EntitlementStart, MAX_UPLINE, PayerMatch, PayoutSchedule, QualificationRule, RateSchedule,
    RefundPolicy, RewardForm, RewardRule, Rule, RuleKind, RuleSet, Span, TierMeasure, TierSchedule,
};
use crate::error::Error;
use crate::money::{Money, Rate};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

impl RuleSet {
    /// Checks the rule set: known currency, versions in increasing date order, unique rule
    /// ids, rates within 0–100 %, tiers starting at 0 and increasing, windows of non-zero
    /// length, rewards whose parts agree, at most one payout schedule in force.
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
        if self.currency.program_currency.minor_units().is_none() {
            return Err(Error::in_rule_set(
                "currency.program_currency",
                format!("{} is not a known currency", self.currency.program_currency),
            ));
        }
        check_rate(
            "currency.fx_markup_percent",
            self.currency.fx_markup_percent,
        )?;
        self.validate_versions()?;
        check_rules("rules", &self.rules, &BTreeSet::new(), &self.currency)?;
        let program_wide: BTreeSet<&str> = self.rules.iter().map(|r| r.id.as_str()).collect();
        for (index, version) in self.versions.iter().enumerate() {
            check_rules(
                &format!("versions[{index}].rules"),
                &version.rules,
                &program_wide,
                &self.currency,
            )?;
            let in_force: Vec<&RuleKind> = self
                .rules
                .iter()
                .chain(&version.rules)
                .map(|r| &r.kind)
                .collect();
            check_singletons(&format!("versions[{index}].rules"), &in_force)?;
        }
        Ok(())
    }

    fn validate_versions(&self) -> Result<(), Error> {
        if self.versions.is_empty() {
            return Err(Error::in_rule_set(
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
                    return Err(Error::in_rule_set(
                        path,
                        "only the first version may have no start date",
                    ));
                }
                (_, Some(date)) => {
                    if previous.is_some_and(|before| before >= date) {
                        return Err(Error::in_rule_set(
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
        Ok(())
    }
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

fn check_singletons(path: &str, in_force: &[&RuleKind]) -> Result<(), Error> {
    let mut seen = BTreeSet::new();
    for what in in_force.iter().filter_map(|kind| singleton(kind)) {
        if !seen.insert(what) {
            return Err(Error::in_rule_set(
                path,
                format!("more than one {what} is in force"),
            ));
        }
    }
    Ok(())
}

fn check_rules(
    path: &str,
    rules: &[Rule],
    outer_ids: &BTreeSet<&str>,
    currency: &CurrencyPolicy,
) -> Result<(), Error> {
    let mut seen = BTreeSet::new();
    for (index, rule) in rules.iter().enumerate() {
        let here = format!("{path}[{index}]");
        let id = rule.id.as_str();
        if id.is_empty() || outer_ids.contains(id) || !seen.insert(id) {
            return Err(Error::in_rule_set(
                format!("{here}.id"),
                format!("rule id {id:?} is empty or used twice"),
            ));
        }
        check_rule(&here, &rule.kind, currency)?;
    }
    Ok(())
}

fn check_rule(path: &str, kind: &RuleKind, currency: &CurrencyPolicy) -> Result<(), Error> {
    check_durations(path, kind)?;
    match kind {
        RuleKind::Entitlement(entitlement) => check_entitlement(path, &entitlement.starts),
        RuleKind::Reward(reward) => {
            check_reward(path, reward)?;
            match reward.per_client.and_then(|limit| limit.max_total) {
                Some(max) => {
                    check_program_money(&format!("{path}.per_client.max_total"), max, currency)
                }
                None => Ok(()),
            }
        }
        RuleKind::Bonus(bonus) => check_bonus(path, bonus),
        RuleKind::Payout(PayoutSchedule::Monthly { day, minimum, .. }) => {
            check_payout_day(&format!("{path}.day"), *day)?;
            check_program_money(&format!("{path}.minimum"), *minimum, currency)
        }
        RuleKind::Payout(PayoutSchedule::AfterMonthEnd { minimum, .. }) => {
            check_program_money(&format!("{path}.minimum"), *minimum, currency)
        }
        RuleKind::WelcomeCredit(credit) => {
            check_span(&format!("{path}.window"), credit.window)?;
            check_program_money(&format!("{path}.amount"), credit.amount, currency)
        }
        RuleKind::InternalUse(internal) => {
            check_rate(&format!("{path}.rate_percent"), internal.rate_percent)
        }
        RuleKind::Rebate(rebate) => {
            check_rate(&format!("{path}.rate_percent"), rebate.rate_percent)
        }
        RuleKind::Qualification(rule) => check_qualification(path, rule, currency),
        _ => Ok(()),
    }
}

/// Every count of days or months a rule names, within [`MAX_DAYS`] / [`MAX_MONTHS`].
fn check_durations(path: &str, kind: &RuleKind) -> Result<(), Error> {
    match kind {
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
            check_days(&format!("{path}.due_days"), terms.due_days)?;
            for (status, days) in &terms.by_status {
                check_days(&format!("{path}.by_status.{status}"), *days)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn check_span(path: &str, span: Span) -> Result<(), Error> {
    match span {
        Span::Months(0) | Span::Days(0) => Err(Error::in_rule_set(path, "a window of zero length")),
        Span::Months(months) => check_months(&format!("{path}.months"), months),
        Span::Days(days) => check_days(&format!("{path}.days"), days),
    }
}

fn check_days(path: &str, days: u32) -> Result<(), Error> {
    if days > MAX_DAYS {
        return Err(Error::in_rule_set(
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
fn check_payout_day(path: &str, day: u32) -> Result<(), Error> {
    if !(1..=LAST_PAYOUT_DAY).contains(&day) {
        return Err(Error::in_rule_set(
            path,
            format!(
                "day {day} is not a day of every month: monthly payouts fall on day 1 to {LAST_PAYOUT_DAY} \
                 (for later in the month, an after_month_end schedule)"
            ),
        ));
    }
    Ok(())
}

fn check_months(path: &str, months: u32) -> Result<(), Error> {
    if months > MAX_MONTHS {
        return Err(Error::in_rule_set(
            path,
            format!("{months} months is too long: at most {MAX_MONTHS} months (100 years)"),
        ));
    }
    Ok(())
}

/// A vendor-funded amount: positive, at most 10^12, in the program currency.
fn check_vendor_amount(path: &str, amount: Money, currency: &CurrencyPolicy) -> Result<(), Error> {
    if amount.currency != currency.program_currency {
        return Err(Error::in_rule_set(
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
fn check_bonus(path: &str, bonus: &BonusRule) -> Result<(), Error> {
    let amount_path = format!("{path}.amount");
    match (bonus.trigger.has_fixed_amount(), bonus.amount) {
        (true, Some(amount)) => check_any_amount(&amount_path, amount)?,
        (true, None) => {
            return Err(Error::in_rule_set(
                amount_path,
                "this trigger's bonus is a fixed amount: the rule must name it",
            ));
        }
        (false, Some(_)) => {
            return Err(Error::in_rule_set(
                amount_path,
                "a vendor award's or a manual adjustment's event carries its amount: the rule names none",
            ));
        }
        (false, None) => {}
    }
    match bonus.trigger {
        BonusTrigger::CountReached { count: 0, .. } => Err(Error::in_rule_set(
            format!("{path}.trigger.count_reached.count"),
            "a count is reached from 1",
        )),
        BonusTrigger::ManualAdjustment if bonus.form == BonusForm::VendorCost => {
            Err(Error::in_rule_set(
                format!("{path}.form"),
                "a manual adjustment corrects what the partner is owed: its form is payable",
            ))
        }
        _ => Ok(()),
    }
}

/// A qualification: minimum sales in the program currency; each count required from 1,
/// and each counted once per level.
fn check_qualification(
    path: &str,
    rule: &QualificationRule,
    currency: &CurrencyPolicy,
) -> Result<(), Error> {
    for (index, level) in rule.levels.iter().enumerate() {
        let here = format!("{path}.levels[{index}]");
        if let Some(min) = level.min_sales {
            check_vendor_amount(&format!("{here}.min_sales"), min, currency)?;
        }
        for (at, requirement) in level.requirements.iter().enumerate() {
            let item = format!("{here}.requirements[{at}]");
            if requirement.at_least == 0 {
                return Err(Error::in_rule_set(
                    format!("{item}.at_least"),
                    "a count requirement starts at 1",
                ));
            }
            let earlier = level.requirements.get(..at).unwrap_or_default();
            if earlier.iter().any(|e| e.count == requirement.count) {
                return Err(Error::in_rule_set(
                    format!("{item}.count"),
                    format!("{} are already required at this level", requirement.count),
                ));
            }
        }
    }
    Ok(())
}

/// An amount compared with booked lines: the program's currency, in which every line
/// must then be booked.
fn check_program_money(path: &str, amount: Money, currency: &CurrencyPolicy) -> Result<(), Error> {
    check_vendor_amount(path, amount, currency)?;
    if currency.booking != Booking::ProgramCurrency {
        return Err(Error::in_rule_set(
            path,
            "an amount compared with booked lines needs every line booked in the program currency",
        ));
    }
    Ok(())
}

fn check_reward(path: &str, reward: &RewardRule) -> Result<(), Error> {
    check_schedule(&format!("{path}.rate"), &reward.rate)?;
    check_conditions(path, &reward.conditions)?;
    if let Some(window) = reward.window {
        check_span(&format!("{path}.window.length"), window.length)?;
    }
    if reward.form == RewardForm::Discount && matches!(reward.rate, RateSchedule::Fixed { .. }) {
        return Err(Error::in_rule_set(
            format!("{path}.rate"),
            "a discount is a share of the price, not a fixed amount",
        ));
    }
    let partner_paid = reward.payments.paid_by == PayerMatch::Partner;
    if reward.form == RewardForm::Discount && !partner_paid {
        return Err(Error::in_rule_set(
            format!("{path}.form"),
            "a discount applies only to payments made by a partner",
        ));
    }
    check_upline(&format!("{path}.beneficiary"), reward.beneficiary)?;
    if reward.beneficiary == Beneficiary::Payer && !partner_paid {
        return Err(Error::in_rule_set(
            format!("{path}.beneficiary"),
            "the payer benefits only from payments made by a partner",
        ));
    }
    if reward.form == RewardForm::Discount && reward.payable_if.is_some() {
        return Err(Error::in_rule_set(
            format!("{path}.payable_if"),
            "a discount is never paid out, so it cannot have payability conditions",
        ));
    }
    Ok(())
}

/// An upline beneficiary names a level from 1 (the referrer's parent) to [`MAX_UPLINE`].
fn check_upline(path: &str, beneficiary: Beneficiary) -> Result<(), Error> {
    match beneficiary {
        Beneficiary::Upline(levels) if !(1..=MAX_UPLINE).contains(&levels) => {
            Err(Error::in_rule_set(
                format!("{path}.upline"),
                format!(
                    "an upline level is from 1 to {MAX_UPLINE} (1: the referrer's parent), \
                     got {levels}"
                ),
            ))
        }
        _ => Ok(()),
    }
}

fn check_entitlement(path: &str, starts: &EntitlementStart) -> Result<(), Error> {
    match starts {
        EntitlementStart::ClientCount { at_least: 0, .. } => Err(Error::in_rule_set(
            format!("{path}.starts.client_count.at_least"),
            "a client count starts an entitlement from 1",
        )),
        EntitlementStart::WhileActiveClient {
            of: Beneficiary::Payer,
        } => Err(Error::in_rule_set(
            format!("{path}.starts.while_active_client.of"),
            "a client is the partner's as referrer, holder or reporter, not as payer",
        )),
        EntitlementStart::WhileActiveClient {
            of: Beneficiary::Upline(_),
        } => Err(Error::in_rule_set(
            format!("{path}.starts.while_active_client.of"),
            "a client is the partner's as referrer, holder or reporter, not its upline's",
        )),
        _ => Ok(()),
    }
}

fn check_schedule(path: &str, schedule: &RateSchedule) -> Result<(), Error> {
    match schedule {
        RateSchedule::Flat { rate_percent } => {
            check_rate(&format!("{path}.rate_percent"), *rate_percent)
        }
        RateSchedule::ByStatus {
            default_percent,
            by_status,
        } => {
            check_rate(&format!("{path}.default_percent"), *default_percent)?;
            for (status, rate) in by_status {
                check_rate(&format!("{path}.by_status.{status}"), *rate)?;
            }
            Ok(())
        }
        RateSchedule::Tiered(tiers) => check_tiers(path, tiers),
        RateSchedule::Fixed { amount } => check_any_amount(&format!("{path}.amount"), *amount),
    }
}

fn check_tiers(path: &str, schedule: &TierSchedule) -> Result<(), Error> {
    match schedule.tiers.first() {
        Some(first) if first.from.is_zero() => {}
        _ => {
            return Err(Error::in_rule_set(
                format!("{path}.tiers[0].from"),
                "the first tier must start at 0",
            ));
        }
    }
    for (index, pair) in schedule.tiers.windows(2).enumerate() {
        if pair[1].from <= pair[0].from {
            return Err(Error::in_rule_set(
                format!("{path}.tiers[{}].from", index + 1),
                "tier thresholds must increase",
            ));
        }
    }
    let whole = !matches!(schedule.measure, TierMeasure::Revenue(_));
    for (index, tier) in schedule.tiers.iter().enumerate() {
        if whole && (tier.from.fract() != Decimal::ZERO || tier.from > Decimal::from(u32::MAX)) {
            return Err(Error::in_rule_set(
                format!("{path}.tiers[{index}].from"),
                "a count, payment number or number of months is a whole number",
            ));
        }
        if tier.from > Money::MAX_AMOUNT {
            return Err(Error::in_rule_set(
                format!("{path}.tiers[{index}].from"),
                "a threshold is at most 10^12",
            ));
        }
        check_rate(
            &format!("{path}.tiers[{index}].rate_percent"),
            tier.rate_percent,
        )?;
    }
    let retroactive_measure = matches!(
        schedule.measure,
        TierMeasure::ClientCount(_) | TierMeasure::Revenue(_)
    );
    if !schedule.retroactive.is_prospective() && !retroactive_measure {
        return Err(Error::in_rule_set(
            format!("{path}.retroactive"),
            "only tiers by a client count or by revenue can re-rate the month",
        ));
    }
    Ok(())
}

/// An amount in any known currency (converted where it is booked): positive, at most
/// 10^12, no finer than the currency's minor unit.
fn check_any_amount(path: &str, amount: Money) -> Result<(), Error> {
    let Some(minor_units) = amount.currency.minor_units() else {
        return Err(Error::in_rule_set(
            format!("{path}.currency"),
            format!("{} is not a known currency", amount.currency),
        ));
    };
    if amount.amount <= Decimal::ZERO || amount.amount > Money::MAX_AMOUNT {
        return Err(Error::in_rule_set(
            format!("{path}.amount"),
            "an amount must be above 0 and at most 10^12",
        ));
    }
    if amount.amount.normalize().scale() > minor_units {
        return Err(Error::in_rule_set(
            format!("{path}.amount"),
            format!("{amount} is finer than the currency's minor unit"),
        ));
    }
    Ok(())
}

fn check_conditions(path: &str, conditions: &[Condition]) -> Result<(), Error> {
    for (index, condition) in conditions.iter().enumerate() {
        let here = format!("{path}.conditions[{index}]");
        match condition {
            Condition::AttributeIn(test) | Condition::AttributeNotIn(test) => {
                if test.key.trim().is_empty() {
                    return Err(Error::in_rule_set(format!("{here}.key"), "an empty key"));
                }
                if test.values.is_empty() {
                    return Err(Error::in_rule_set(
                        format!("{here}.values"),
                        "a test against no values: list at least one",
                    ));
                }
            }
            Condition::AmountAtLeast(amount) | Condition::AmountBelow(amount) => {
                check_any_amount(&here, *amount)?;
            }
            Condition::PaymentNumberAtMost(0) => {
                return Err(Error::in_rule_set(
                    format!("{here}.payment_number_at_most"),
                    "payments are numbered from 1",
                ));
            }
            Condition::PaymentNumberAtMost(_) | Condition::PromoCodeOfBeneficiary => {}
        }
    }
    Ok(())
}

fn check_rate(path: &str, rate: Rate) -> Result<(), Error> {
    let percent = rate.as_percent();
    if percent < Decimal::ZERO || percent > Decimal::ONE_HUNDRED {
        return Err(Error::in_rule_set(
            path,
            format!("rate {rate} is outside 0–100%"),
        ));
    }
    Ok(())
}
