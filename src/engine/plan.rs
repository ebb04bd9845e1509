//! A rule set prepared once for evaluation: which version is in force is found by
//! instant (not by converting every event's instant to a program-time date), and the
//! facts that never change during a run (is there a clawback, a cap, a catch-up…) are
//! read once instead of scanning the rules on every event.
//!
//! The plan only derives; every figure still comes from the rule set it wraps, so a
//! sixth program needs nothing here.

use crate::error::ErrorKind;
use crate::ids::RuleId;
use crate::ledger::{Payer, Payment, PaymentKind};
use crate::rules::{
    BonusRule, BonusTrigger, CancellationPolicy, ClientCounter, Condition, Counted,
    EntitlementRule, EntitlementStart, NameIndex, PayerMatch, PaymentKindMatch, PaymentMatch,
    PayoutSchedule, RateSchedule, RefundPolicy, Retroactivity, Rule, RuleKind, RuleSet,
    TierMeasure, WindowAnchor,
};
use crate::time::Instant;
use std::ops::Deref;

/// A validated rule set and what the engine derives from it once.
#[derive(Debug, Clone)]
pub(crate) struct Plan<'p> {
    program: &'p RuleSet,
    /// The instant each version comes into force (`None`: from the beginning), in
    /// the order of `program.versions`.
    version_starts: Vec<Option<Instant>>,
    /// Some rule needs the bookkeeping after each event: a cap, a retroactive tier or a
    /// monthly payout schedule.
    pub needs_bookkeeping: bool,
    /// Some tier schedule is retroactive to the current month.
    pub retroactive: bool,
    /// Some version claws rewards back on a refund.
    pub claws_back: bool,
    /// Payments without a referrer are kept for a catch-up after attribution.
    pub catch_up: bool,
    /// Some version returns the unused days of a cancelled partner purchase (W-8).
    pub returns_unused_days: bool,
    /// The longest clawback hold in any version, in days.
    pub longest_hold: Option<u32>,
    /// Some entitlement lasts while a client's paid period is active.
    pub while_active: bool,
    /// Some rule counts a partner's sales: a qualification or a period rebate.
    pub tracks_sales: bool,
    /// Some rule id stands in more than one version: which rule a line's id names then
    /// depends on when the line was rated.
    pub ids_repeat: bool,
    /// Some bonus rule's trigger is a client count reached.
    pub count_bonuses: bool,
    /// Some rule writes the partner's invoices (SS-4).
    pub invoices: bool,
    /// Some bonus rule's trigger is a client registering with a promo code (MH-2).
    pub code_bonuses: bool,
    /// Some bonus rule's trigger is a client's first payment (a bounty).
    pub first_payment_bonuses: bool,
    /// Some version pays each line out automatically, days after it is booked.
    pub automatic_payouts: bool,
    /// What the reward rules read of clients beyond today's facts.
    pub reads: RewardReads,
    /// Which client counts some rule reads (in the order of `ClientCounter::ALL`): a
    /// count no rule reads is not kept.
    counted: [bool; ClientCounter::ALL.len()],
    /// The rule set's fingerprint, recorded in snapshots.
    pub fingerprint: String,
    /// The names the program declares, sorted: an event naming another is rejected.
    pub declared: NameIndex<'p>,
}

impl<'p> Plan<'p> {
    /// Whether some rule reads a count (a tier, an entitlement, a bonus at a count, a
    /// leaderboard, a status requirement): a gain on a count no rule reads changes nothing anyone can see.
    pub fn keeps_count(&self, counter: ClientCounter) -> bool {
        self.counted.get(counter.index()).copied().unwrap_or(true)
    }

    /// Whether a counter is summed over linked accounts at `at` (W-7).
    pub fn shares_count(&self, counter: ClientCounter, at: Instant) -> bool {
        self.find_at(at, |kind| match kind {
            RuleKind::AccountGroups(groups) => Some(groups.shared_counters.contains(&counter)),
            _ => None,
        })
        .is_some_and(|(_, shared)| shared)
    }

    /// Prepares a rule set (validated by the caller).
    pub fn new(program: &'p RuleSet) -> Self {
        let zone = program.time_zone;
        let version_starts = program
            .versions
            .iter()
            .map(|version| version.effective_from.map(|date| zone.start_of(date)))
            .collect();
        let any = |test: fn(&RuleKind) -> bool| program.all_rules().any(|rule| test(&rule.kind));
        Self {
            program,
            version_starts,
            needs_bookkeeping: any(needs_bookkeeping),
            retroactive: any(|kind| {
                matches!(kind, RuleKind::Reward(reward)
                    if matches!(&reward.rate, RateSchedule::Tiered(t)
                        if t.retroactive == Retroactivity::CurrentMonth))
            }),
            claws_back: any(|kind| {
                matches!(
                    kind,
                    RuleKind::Refunds(RefundPolicy::ClawbackWithinHold { .. })
                )
            }),
            catch_up: any(|kind| matches!(kind, RuleKind::AttributionCatchUp)),
            returns_unused_days: any(|kind| {
                matches!(
                    kind,
                    RuleKind::Cancellations(CancellationPolicy::ReturnUnusedDays)
                )
            }),
            longest_hold: longest_hold(program),
            while_active: any(|kind| {
                matches!(
                    kind,
                    RuleKind::Entitlement(EntitlementRule {
                        starts: EntitlementStart::WhileActiveClient { .. },
                        ..
                    })
                )
            }),
            tracks_sales: any(|kind| {
                matches!(kind, RuleKind::Qualification(_) | RuleKind::Rebate(_))
            }),
            ids_repeat: ids_repeat(program),
            count_bonuses: any_bonus(program, |trigger| {
                matches!(trigger, BonusTrigger::CountReached { .. })
            }),
            invoices: any(|kind| matches!(kind, RuleKind::InvoiceTerms(_))),
            code_bonuses: any_bonus(program, |trigger| {
                *trigger == BonusTrigger::ClientRegisteredWithCode
            }),
            first_payment_bonuses: any_bonus(program, |trigger| {
                *trigger == BonusTrigger::ClientFirstPayment
            }),
            automatic_payouts: any(|kind| {
                matches!(kind, RuleKind::Payout(PayoutSchedule::Automatic { .. }))
            }),
            counted: ClientCounter::ALL.map(|counter| {
                program
                    .all_rules()
                    .any(|rule| reads_count(&rule.kind, counter))
            }),
            fingerprint: program.fingerprint(),
            reads: RewardReads::of(program),
            declared: NameIndex::new(&program.names),
        }
    }

    /// The version in force at an instant: the last one that has begun by then.
    pub fn version_at(&self, at: Instant) -> Option<&'p crate::rules::ProgramVersion> {
        let begun = |start: &Option<Instant>| start.is_none_or(|start| start <= at);
        let index = self.version_starts.iter().rposition(begun)?;
        self.program.versions.get(index)
    }

    /// The version in force at an instant, or the error naming the date none was.
    pub fn version_in_force(
        &self,
        at: Instant,
    ) -> Result<&'p crate::rules::ProgramVersion, ErrorKind> {
        self.version_at(at)
            .ok_or_else(|| ErrorKind::NoVersionInForce {
                program: self.program.program.clone(),
                date: self.time_zone.date_of(at),
            })
    }

    /// The rules in force at an instant: the program-wide rules, then the version's.
    pub fn rules_at(&self, at: Instant) -> impl Iterator<Item = &'p Rule> + use<'p> {
        let version_rules = self.version_at(at).map_or(&[][..], |v| v.rules.as_slice());
        self.program.rules.iter().chain(version_rules)
    }

    /// The first rule in force at an instant that `pick` accepts, with what it picked.
    pub fn find_at<T>(
        &self,
        at: Instant,
        pick: impl Fn(&'p RuleKind) -> Option<T>,
    ) -> Option<(&'p Rule, T)> {
        self.rules_at(at)
            .find_map(|rule| pick(&rule.kind).map(|picked| (rule, picked)))
    }

    /// The rule with this id whose terms applied at `at`: a program-wide rule, else the
    /// version in force then, else the latest earlier version that has it. Rule ids may
    /// repeat across versions; each version's rule is its own terms.
    pub fn rule_by_id(&self, id: &RuleId, at: Instant) -> Option<&'p Rule> {
        let named = |rule: &&Rule| rule.id == *id;
        if let Some(rule) = self.program.rules.iter().find(named) {
            return Some(rule);
        }
        let begun = |start: &Option<Instant>| start.is_none_or(|start| start <= at);
        let in_force = self.version_starts.iter().rposition(begun).unwrap_or(0);
        let versions = self.program.versions.get(..=in_force).unwrap_or_default();
        versions
            .iter()
            .rev()
            .find_map(|version| version.rules.iter().find(named))
            .or_else(|| self.program.all_rules().find(named))
    }

    /// When a rule is in force: from its version's start (`None`: from the beginning)
    /// until the next version's (`None`: for good). A program-wide rule always is.
    pub fn in_force_span(&self, rule: &Rule) -> (Option<Instant>, Option<Instant>) {
        let version = self
            .program
            .versions
            .iter()
            .position(|version| version.rules.iter().any(|r| std::ptr::eq(r, rule)));
        let Some(index) = version else {
            return (None, None);
        };
        let start = self.version_starts.get(index).copied().flatten();
        let next = self.version_starts.get(index + 1).copied().flatten();
        (start, next)
    }

    /// The instant the next version after `at` comes into force, if any.
    pub fn next_version_start(&self, at: Instant) -> Option<Instant> {
        self.version_starts
            .iter()
            .flatten()
            .copied()
            .find(|start| *start > at)
    }

    /// The payout schedule in force at an instant, with the rule that sets it.
    pub fn payout_at(&self, at: Instant) -> Option<(&'p Rule, PayoutSchedule)> {
        self.find_at(at, |kind| match kind {
            RuleKind::Payout(schedule) => Some(*schedule),
            _ => None,
        })
    }
}

/// The rule set's own fields (zone, currency policy, rounding, rules) read through the plan.
impl Deref for Plan<'_> {
    type Target = RuleSet;

    fn deref(&self) -> &RuleSet {
        self.program
    }
}

/// Whether a rule reads a client count.
fn reads_count(kind: &RuleKind, counter: ClientCounter) -> bool {
    match kind {
        RuleKind::Reward(reward) => {
            matches!(&reward.rate, RateSchedule::Tiered(tiers) if tiers.counter() == Some(counter))
        }
        RuleKind::Entitlement(EntitlementRule {
            starts: EntitlementStart::ClientCount { counter: read, .. },
            ..
        }) => *read == counter,
        RuleKind::Bonus(BonusRule {
            trigger: BonusTrigger::CountReached { counter: read, .. },
            ..
        }) => *read == counter,
        RuleKind::Leaderboard(board) => board.counter == counter,
        RuleKind::Qualification(rule) => rule
            .levels
            .iter()
            .flat_map(|level| &level.requirements)
            .any(|requirement| requirement.count == Counted::Clients(counter)),
        _ => false,
    }
}

/// The longest clawback hold in any version, in days.
fn longest_hold(program: &RuleSet) -> Option<u32> {
    let holds = program.all_rules().filter_map(|rule| match rule.kind {
        RuleKind::Refunds(RefundPolicy::ClawbackWithinHold { hold_days }) => Some(hold_days),
        _ => None,
    });
    holds.max()
}

/// Whether some rule id stands in more than one version.
fn ids_repeat(program: &RuleSet) -> bool {
    let mut ids: Vec<&RuleId> = program.all_rules().map(|rule| &rule.id).collect();
    ids.sort_unstable();
    ids.windows(2).any(|pair| pair[0] == pair[1])
}

/// Whether some bonus rule has a trigger `pick` accepts.
fn any_bonus(program: &RuleSet, pick: fn(&BonusTrigger) -> bool) -> bool {
    program.all_rules().any(|rule| match &rule.kind {
        RuleKind::Bonus(BonusRule { trigger, .. }) => pick(trigger),
        _ => false,
    })
}

/// What some reward rule reads that the engine keeps only when read.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RewardReads {
    /// A client's payment count and first payment (payment numbers, windows and months
    /// from the first payment).
    pub client_payments: bool,
    /// The promo code a client registered with (whose code it was).
    pub promo_codes: bool,
    /// A partner's revenue under a rule (revenue tiers).
    pub revenue: bool,
}

impl RewardReads {
    fn of(program: &RuleSet) -> Self {
        let mut reads = Self::default();
        for rule in program.all_rules() {
            let RuleKind::Reward(reward) = &rule.kind else {
                continue;
            };
            let measure = match &reward.rate {
                RateSchedule::Tiered(tiers) => Some(tiers.measure),
                _ => None,
            };
            let from_first_payment = |anchor| anchor == WindowAnchor::ClientFirstPayment;
            reads.client_payments |= matches!(measure, Some(TierMeasure::PaymentNumber))
                || matches!(measure, Some(TierMeasure::MonthsSince(a)) if from_first_payment(a))
                || reward.window.is_some_and(|w| from_first_payment(w.from))
                || reward
                    .conditions
                    .iter()
                    .any(|c| matches!(c, Condition::PaymentNumberAtMost(_)));
            reads.revenue |= matches!(measure, Some(TierMeasure::Revenue(_)));
            reads.promo_codes |= reward
                .conditions
                .iter()
                .any(|c| matches!(c, Condition::PromoCodeOfBeneficiary));
        }
        reads
    }
}

fn needs_bookkeeping(kind: &RuleKind) -> bool {
    match kind {
        RuleKind::Reward(reward) => {
            reward.per_client.is_some()
                || matches!(&reward.rate, RateSchedule::Tiered(t) if !t.retroactive.is_prospective())
        }
        RuleKind::Payout(schedule) => matches!(
            schedule,
            PayoutSchedule::Monthly { .. } | PayoutSchedule::AfterMonthEnd { .. }
        ),
        _ => false,
    }
}

/// What a payment filter reads of a payment: who paid, the kind, the product line.
pub(super) struct PaymentFacts<'a> {
    pub payer: PayerMatch,
    pub kind: PaymentKindMatch,
    pub product_line: Option<&'a String>,
}

impl<'a> PaymentFacts<'a> {
    #[inline]
    pub fn of(payment: &'a Payment) -> Self {
        let payer = match &payment.paid_by {
            Payer::Client => PayerMatch::Client,
            Payer::Partner(_) => PayerMatch::Partner,
        };
        let (kind, product_line) = match &payment.kind {
            PaymentKind::Subscription => (PaymentKindMatch::Subscription, None),
            PaymentKind::BalanceTopUp => (PaymentKindMatch::BalanceTopUp, None),
            PaymentKind::License { product_line } => {
                (PaymentKindMatch::License, Some(product_line))
            }
            PaymentKind::Renewal { product_line } => {
                (PaymentKindMatch::Renewal, Some(product_line))
            }
        };
        Self {
            payer,
            kind,
            product_line,
        }
    }
}

/// Whether a filter's list lets `value` through: an empty list lets everything through.
#[inline]
pub(super) fn listed(filter: &[String], value: Option<&String>) -> bool {
    filter.is_empty() || value.is_some_and(|value| filter.contains(value))
}

/// Whether a payment matches a filter: payer, kind, product line, client integration.
pub(super) fn payment_matches(
    matcher: &PaymentMatch,
    payment: &Payment,
    integration: Option<&String>,
) -> bool {
    // The payer first, without building the facts: most rules fail here or on the kind.
    let payer_ok = matches!(
        (matcher.paid_by, &payment.paid_by),
        (PayerMatch::Anyone, _)
            | (PayerMatch::Client, Payer::Client)
            | (PayerMatch::Partner, Payer::Partner(_))
    );
    if !payer_ok {
        return false;
    }
    let facts = PaymentFacts::of(payment);
    (matcher.kinds.is_empty() || matcher.kinds.contains(&facts.kind))
        && listed(&matcher.product_lines, facts.product_line)
        && listed(&matcher.integrations, integration)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::programs;
    use chrono::{TimeZone, Utc};

    /// Found by instant, the version in force is the one found by program-time date,
    /// also on the evening before a version's first Moscow day (UTC still the day before).
    #[test]
    fn versions_by_instant_match_versions_by_date() {
        let five = [
            programs::wazzup(),
            programs::message_help(),
            programs::leadsender(),
            programs::smart_soft(),
            programs::radist(),
        ];
        for program in five {
            let plan = Plan::new(&program);
            let hours = (0..24 * 365 * 8).step_by(7).map(|h| {
                Utc.with_ymd_and_hms(2019, 1, 1, 0, 0, 0)
                    .single()
                    .map(|start| start + chrono::Duration::hours(h))
            });
            for at in hours.flatten() {
                let by_date = program.version_at(at).map(|v| v.label.as_str());
                assert_eq!(plan.version_at(at).map(|v| v.label.as_str()), by_date);
            }
        }
    }

    #[test]
    fn facts_of_the_five_programs() {
        let wazzup = programs::wazzup();
        let plan = Plan::new(&wazzup);
        // W-8: a cancellation returns unused days; refunds are forbidden, nothing clawed.
        assert!(plan.returns_unused_days && !plan.claws_back && !plan.catch_up);
        assert_eq!(plan.longest_hold, None);
        assert!(!plan.while_active && !plan.needs_bookkeeping && !plan.tracks_sales);
        // payments before attribution are caught up.
        let radist = programs::radist();
        let plan = Plan::new(&radist);
        assert!(plan.catch_up && !plan.returns_unused_days);
        // LS-5: free widgets while a reported client has an active paid period.
        let leadsender = programs::leadsender();
        assert!(Plan::new(&leadsender).while_active);
        // SS-1 / SS-4: sales count towards the status qualification and the rebate.
        assert!(Plan::new(&programs::smart_soft()).tracks_sales);
    }
}
