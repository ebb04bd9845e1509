//! Merging the snapshots of a ledger's parts (see [`crate::partition`]) into the snapshot
//! of the whole, as if it had been evaluated in one piece.

use super::detail::OutcomeDetail;
use super::order::OrderKey;
use super::state::{KindTables, State};
use super::{Engine, Mode, Snapshot};
use crate::error::{Error, ErrorKind};
use crate::ids::EventId;
use crate::outcome::Rejection;
use crate::rules::RuleSet;
use crate::sorted::{IdMap, IdSet};
use crate::time::Instant;
use std::collections::{BTreeMap, HashSet};
use std::hash::Hash;

impl Snapshot {
    /// Merges the statements-only snapshots of a ledger's parts, each evaluated on its own
    /// (on another thread or machine), into the snapshot of the whole ledger.
    ///
    /// Each part must come from [`crate::partition`] of one ledger (no partner or client
    /// in two parts). What time alone brings (payout runs, closed periods, expired credits)
    /// is booked up to the latest instant any part reached, as the whole ledger would.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidRuleSet`] if the program does not validate;
    /// [`ErrorKind::SnapshotMismatch`] or [`ErrorKind::SnapshotTermsChanged`] for a part
    /// taken under another program or other terms; [`ErrorKind::Unmergeable`] for a part
    /// that keeps every line (not [`OutcomeDetail::Statements`]) or parts that share a
    /// partner or a client.
    ///
    /// ```
    /// use commission_rules::{evaluation_order, partition, programs, Engine, Ledger, Mode, OutcomeDetail, Snapshot};
    /// let program = programs::wazzup();
    /// let ledger = Ledger::new();
    /// let snapshots: Vec<Snapshot> = partition(&ledger, 2).iter().map(|part| {
    ///     let mut engine = Engine::with_detail(&program, Mode::Lenient, OutcomeDetail::Statements).unwrap();
    ///     for event in evaluation_order(&program, part) { engine.apply(event).unwrap(); }
    ///     engine.snapshot()
    /// }).collect();
    /// let whole = Snapshot::merge(&program, snapshots).unwrap();
    /// let outcome = Engine::resume(&program, whole, Mode::Lenient).unwrap().outcome().unwrap();
    /// assert!(outcome.totals.is_empty());
    /// ```
    pub fn merge(program: &RuleSet, parts: Vec<Snapshot>) -> Result<Snapshot, Error> {
        let mut merged = State {
            detail: OutcomeDetail::Statements,
            ..State::default()
        };
        // Sized once: growing the tables part by part rehashes every entry each time.
        merged
            .partners
            .reserve(parts.iter().map(|part| part.state.partners.len()).sum());
        merged
            .clients
            .reserve(parts.iter().map(|part| part.state.clients.len()).sum());
        let mut seen = HashSet::new();
        let fingerprint = program.fingerprint();
        for part in parts {
            part.check_taken_under(program, &fingerprint)?;
            if part.state.detail != OutcomeDetail::Statements {
                return Err(unmergeable(
                    "a snapshot keeps every line (not statements-only)",
                ));
            }
            absorb(&mut merged, part.state, &mut seen)?;
        }
        let whole = Snapshot {
            program: program.program.clone(),
            fingerprint,
            state: merged,
        };
        let mut engine = Engine::resume(program, whole, Mode::Lenient)?;
        // Not `Engine::advance_to`: the order key stays the latest part's, so the merged
        // engine takes the same next events as the whole ledger's would (a day's FX rate
        // after another of that day included).
        if let Some(last) = engine.state.last_at {
            let first_new_line = engine.state.lines.len();
            super::advance(&engine.plan, &mut engine.state, last, first_new_line);
        }
        Ok(engine.into_snapshot())
    }
}

fn unmergeable(reason: &str) -> Error {
    Error::general(ErrorKind::Unmergeable {
        reason: reason.to_owned(),
    })
}

/// Moves entries of `from` into `into`; a key in both means the parts overlap.
fn union<K: Eq + Hash, V>(
    into: &mut IdMap<K, V>,
    from: IdMap<K, V>,
    what: &str,
) -> Result<(), Error> {
    for (key, value) in from {
        if into.insert(key, value).is_some() {
            return Err(unmergeable(&format!("{what} in two parts")));
        }
    }
    Ok(())
}

/// Moves a part's state into the merged one. The part is taken apart field by field, with
/// no `..`: a field added to [`State`] does not compile here until it is decided how parts
/// merge it (a merged snapshot is carried on with later events, so every field counts).
fn absorb(
    merged: &mut State,
    part: State,
    seen: &mut HashSet<(Instant, EventId)>,
) -> Result<(), Error> {
    let State {
        last_at,
        last_key,
        event_ids,
        partners,
        clients,
        fx,
        payments,
        lines,
        entitlements,
        active_periods,
        rejections,
        rejected_at,
        open_credits,
        open_rebates,
        payout_runs,
        due_from: _,
        time_lines,
        detail: _,
        folded,
        expiring,
        promo_codes,
        revenue,
        kinds,
        spare_lines: _,
        caught_up: _,
    } = part;
    absorb_time(merged, last_at, last_key, event_ids);
    union(&mut merged.partners, partners, "a partner")?;
    union(&mut merged.clients, clients, "a client")?;
    // Every part saw every rate (rates go to all parts).
    if fx.len() > merged.fx.len() || merged.fx.is_empty() {
        merged.fx = fx;
    }
    merged.payments.extend(payments);
    merged.lines.extend(lines);
    merged.entitlements.extend(entitlements);
    for (rule, partners) in active_periods {
        merged
            .active_periods
            .entry(rule)
            .or_default()
            .extend(partners);
    }
    keep_rejections_once(merged, rejected_at, rejections, seen);
    merged.open_credits.extend(open_credits);
    merged.open_rebates.extend(open_rebates);
    merged.payout_runs.extend(payout_runs);
    merged.recount_due();
    merged.time_lines.extend(time_lines);
    merged.folded.extend(folded);
    merged.expiring.extend(expiring);
    // A code's assignments all go to one part (`partition` ties them together).
    union_tree(&mut merged.promo_codes, promo_codes, "a promo code")?;
    union_tree(&mut merged.revenue, revenue, "a partner's revenue")?;
    absorb_kinds(&mut merged.kinds, kinds)
}

/// The kinds' tables, partner by partner (a partner is in one part).
fn absorb_kinds(merged: &mut KindTables, part: KindTables) -> Result<(), Error> {
    let KindTables {
        welcome_credits,
        milestones,
        internal_seats,
        rebate_sales,
        month_rewards,
    } = part;
    union(
        &mut merged.welcome_credits,
        welcome_credits,
        "a welcome credit",
    )?;
    union(&mut merged.milestones, milestones, "a partner's milestones")?;
    union(
        &mut merged.internal_seats,
        internal_seats,
        "a partner's seats",
    )?;
    union(
        &mut merged.rebate_sales,
        rebate_sales,
        "a partner's rebate sales",
    )?;
    union(
        &mut merged.month_rewards,
        month_rewards,
        "a partner's month",
    )
}

/// Where the part's time stands. Parts that stopped earlier are brought to the latest
/// instant by `advance_to`, which needs each partner's own state only; the ids kept are
/// those of the latest instant.
fn absorb_time(
    merged: &mut State,
    last_at: Option<Instant>,
    last_key: Option<OrderKey>,
    event_ids: IdSet<EventId>,
) {
    if last_at > merged.last_at {
        merged.event_ids = event_ids;
    } else if last_at == merged.last_at {
        merged.event_ids.extend(event_ids);
    }
    merged.last_at = merged.last_at.max(last_at);
    merged.last_key = merged.last_key.max(last_key);
}

/// A rate or checkpoint rejected goes to every part: each rejection is kept once.
fn keep_rejections_once(
    merged: &mut State,
    rejected_at: Vec<Instant>,
    rejections: Vec<Rejection>,
    seen: &mut HashSet<(Instant, EventId)>,
) {
    let mut this_part = Vec::new();
    for (at, rejection) in rejected_at.into_iter().zip(rejections) {
        if !seen.contains(&(at, rejection.event.clone())) {
            this_part.push((at, rejection.event.clone()));
            merged.rejected_at.push(at);
            merged.rejections.push(rejection);
        }
    }
    seen.extend(this_part);
}

/// [`union`] for the state's ordered maps.
fn union_tree<K: Ord, V>(
    into: &mut BTreeMap<K, V>,
    from: BTreeMap<K, V>,
    what: &str,
) -> Result<(), Error> {
    for (key, value) in from {
        if into.insert(key, value).is_some() {
            return Err(unmergeable(&format!("{what} in two parts")));
        }
    }
    Ok(())
}
