//! Vendor-funded bonuses: the new-client bonus (MH-2), milestone bonuses at a client count,
//! SPIF awards and manual adjustments.

use crate::engine::booking::{
    account_line, booking_currency, convert, in_account_currency, payout_lines, round,
};
use crate::engine::checks::partner_at;
use crate::engine::plan::Plan;
use crate::engine::state::{PartnerState, State};
use crate::error::ErrorKind;
use crate::ids::{ClientId, PartnerId, RuleId};
use crate::ledger::Event;
use crate::money::Money;
use crate::outcome::{Line, LineKind};
use crate::rules::{ClientCounter, MilestoneBonus, NewClientBonus, Rule, RuleKind};
use crate::time::Instant;

/// The memo line of the vendor's bonus to a client registering with a partner's promo
/// code, if the program gives one (in the partner's booking currency).
pub(crate) fn new_client_bonus_line(
    program: &Plan<'_>,
    state: &State,
    event: &Event,
    client: &ClientId,
    referrer: Option<&PartnerId>,
    promo_code: Option<&String>,
) -> Result<Option<Line>, ErrorKind> {
    let (Some(partner), Some(code), true) = (referrer, promo_code, program.new_client_bonus) else {
        return Ok(None);
    };
    let Some((rule, bonus)) = program.find_at(event.at, |kind| match kind {
        RuleKind::NewClientBonus(NewClientBonus { amount }) => Some(*amount),
        _ => None,
    }) else {
        return Ok(None);
    };
    let note = format!("the vendor's bonus to client {client} for promo code {code}");
    let amount = (bonus, LineKind::VendorCost);
    let mut line = vendor_amount_line(program, state, event, rule, partner, amount, note)?;
    line.client = Some(client.clone());
    Ok(Some(line))
}

/// A milestone bonus when the partner's own count on `counter` reaches a rule's number,
/// converted into the partner's booking currency like any amount it is paid.
pub(crate) fn milestone(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    partner: &PartnerId,
    counter: ClientCounter,
) -> Result<(), ErrorKind> {
    if !program.milestones {
        return Ok(());
    }
    let Some(partner_state) = state.partners.get(partner) else {
        return Ok(());
    };
    let count = partner_state.count_at(counter, event.at);
    let mut lines = Vec::new();
    for (rule, bonus) in reached(program, partner_state, (counter, count), event.at) {
        let note = format!("bonus at client {count} ({counter:?})").to_lowercase();
        let amount = (bonus.amount, LineKind::Bonus);
        lines.push(vendor_amount_line(
            program, state, event, rule, partner, amount, note,
        )?);
    }
    let paid: Vec<RuleId> = lines.iter().map(|line| line.rule.clone()).collect();
    state.book(event.at, lines)?;
    if let Some(partner_state) = state.partners.get_mut(partner) {
        partner_state.milestones.extend(paid);
    }
    Ok(())
}

/// Whether the milestone bonuses that a gain on `counter` would reach can be booked:
/// checked before an event changes anything, so a missing FX rate rejects it whole.
pub(crate) fn check_milestones(
    program: &Plan<'_>,
    state: &State,
    event: &Event,
    partner: &PartnerId,
    counter: ClientCounter,
) -> Result<(), ErrorKind> {
    if !program.milestones {
        return Ok(());
    }
    let Some(partner_state) = state.partners.get(partner) else {
        return Ok(());
    };
    let count = partner_state.count_at(counter, event.at).saturating_add(1);
    let currency = booking_currency(program, partner_state);
    for (_, bonus) in reached(program, partner_state, (counter, count), event.at) {
        convert(program, state, bonus.amount, currency, event.at)?;
    }
    Ok(())
}

/// The milestone bonuses in force at `at` that a count on a counter reaches and the
/// partner was not paid yet.
fn reached<'p>(
    program: &Plan<'p>,
    partner: &'p PartnerState,
    (counter, count): (ClientCounter, u32),
    at: Instant,
) -> impl Iterator<Item = (&'p Rule, &'p MilestoneBonus)> {
    program
        .rules_at(at)
        .filter_map(move |rule| match &rule.kind {
            RuleKind::MilestoneBonus(bonus)
                if bonus.counter == counter
                    && count >= bonus.count
                    && !partner.milestones.contains(&rule.id) =>
            {
                Some((rule, bonus))
            }
            _ => None,
        })
}

/// A line of an amount the vendor sets in its program currency, to a partner: converted
/// into the partner's booking currency at the rate in force (rounded once), so a balance
/// never holds two currencies.
fn vendor_amount_line(
    program: &Plan<'_>,
    state: &State,
    event: &Event,
    rule: &Rule,
    partner: &PartnerId,
    (amount, kind): (Money, LineKind),
    note: String,
) -> Result<Line, ErrorKind> {
    let currency = booking_currency(program, partner_at(state, partner, event.at)?);
    let (exact, fx) = convert(program, state, amount, currency, event.at)?;
    let rounded = round(program, exact, currency)?;
    let mut line = account_line(
        program,
        rule,
        partner,
        kind,
        event,
        Money::new(rounded, currency),
        Some(note),
    );
    if fx.is_some() {
        line.explanation.base = Some(amount);
        line.explanation.exact = Some(exact);
        line.explanation.fx = fx;
    }
    Ok(line)
}

/// What the vendor awards by hand: the kind of line, the rules that allow it (`what`
/// names them when the program has none), and a note.
pub(crate) struct VendorAward<M> {
    kind: LineKind,
    what: &'static str,
    rule_matches: M,
    note: Option<String>,
}

impl<M: Fn(&RuleKind) -> bool> VendorAward<M> {
    /// An award booked as `kind` under the first rule in force that `rule_matches`.
    pub(crate) fn new(kind: LineKind, what: &'static str, rule_matches: M) -> Self {
        Self {
            kind,
            what,
            rule_matches,
            note: None,
        }
    }

    /// The award with a note on its line (an adjustment's reason).
    pub(crate) fn with_note(self, note: String) -> Self {
        Self {
            note: Some(note),
            ..self
        }
    }
}

/// A line the vendor books by hand (SPIF, manual adjustment), if the program has a rule
/// for it; paid out like any reward.
pub(crate) fn vendor_line(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    (partner, amount): (&PartnerId, Money),
    award: VendorAward<impl Fn(&RuleKind) -> bool>,
) -> Result<(), ErrorKind> {
    let VendorAward {
        kind,
        what,
        rule_matches,
        note,
    } = award;
    let rule = program
        .rules_at(event.at)
        .find(|rule| rule_matches(&rule.kind))
        .ok_or_else(|| ErrorKind::NotInProgram {
            what: what.to_owned(),
        })?;
    in_account_currency(program, state, partner, amount, event.at)?;
    let mut lines = vec![account_line(
        program, rule, partner, kind, event, amount, note,
    )];
    let payouts = payout_lines(program, event.at, &mut lines)?;
    lines.extend(payouts);
    state.book(event.at, lines)?;
    Ok(())
}
