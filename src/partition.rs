//! Splitting a ledger into parts that can be evaluated apart — on several threads, or on
//! several machines — and evaluating them in parallel with the same outcome.
//!
//! A part holds whole partner groups: every partner linked to another (W-7) or recruited
//! by another, every client with every partner it was ever referred by, attached to,
//! transferred to or paid for by, every partner a promo code was assigned to, and every
//! event about any of them. Exchange rates and checkpoints go to every part.

use crate::engine::{Engine, Mode, OutcomeDetail, Snapshot, evaluation_order};
use crate::error::Error;
use crate::ids::{ClientId, EventId, PartnerId};
use crate::ledger::{Event, EventKind, Ledger, Payer};
use crate::outcome::Outcome;
use crate::rules::RuleSet;
use crate::sorted::{IdMap, IdSet, PerInstant};
use crate::time::Instant;

/// Something a part must hold whole.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Entity<'l> {
    Partner(&'l PartnerId),
    Client(&'l ClientId),
    /// A promo code: every assignment of one code goes to one part, which refuses all
    /// but the first as the whole ledger would.
    PromoCode(&'l str),
    /// A refund or cancellation naming no payment of the ledger: a group of its own (it
    /// is refused in any part), joined by events sharing its id and instant.
    Stray(&'l EventId),
}

/// Where an event goes.
enum Route<'l> {
    /// With an entity, and the second one it ties to it if any (no event names more
    /// than two; kept inline: allocating a list per event cost more than routing it).
    With(Entity<'l>, Option<Entity<'l>>),
    /// To every part: rates and checkpoints.
    Everywhere,
}

fn route<'l>(event: &'l Event, paid_by_client: &IdMap<&'l EventId, &'l ClientId>) -> Route<'l> {
    use Entity::{Client, Partner};
    let (first, second) = match &event.kind {
        EventKind::PartnerRegistered { partner, .. }
        | EventKind::ContractSigned { partner }
        | EventKind::ContractEnded { partner }
        | EventKind::LegalFormChanged { partner, .. }
        | EventKind::StatusGranted { partner, .. }
        | EventKind::SpecialistCertified { partner, .. }
        | EventKind::PartnerTopUp { partner, .. }
        | EventKind::WithdrawalRequested { partner, .. }
        | EventKind::SpifAwarded { partner, .. }
        | EventKind::ManualAdjustment { partner, .. }
        | EventKind::InternalPurchase { partner, .. } => (Partner(partner), None),
        EventKind::PromoCodeAssigned { partner, code } => {
            (Partner(partner), Some(Entity::PromoCode(code)))
        }
        // A parent earns from its sub-partners' clients: a recruitment ties the two.
        EventKind::AccountsLinked { partner, other }
        | EventKind::PartnerRecruited {
            partner,
            parent: other,
        } => (Partner(partner), Some(Partner(other))),
        EventKind::ClientRegistered {
            client, referrer, ..
        } => (Client(client), referrer.as_ref().map(Partner)),
        EventKind::ClientAttached {
            client, partner, ..
        }
        | EventKind::AttributionCorrected { client, partner } => {
            (Client(client), Some(Partner(partner)))
        }
        EventKind::ClientTransferred { client, to, .. } => (Client(client), Some(Partner(to))),
        EventKind::ClientReleased { client } => (Client(client), None),
        EventKind::Payment(payment) => {
            let payer = match &payment.paid_by {
                Payer::Partner(partner) => Some(Partner(partner)),
                Payer::Client => None,
            };
            (Client(&payment.client), payer)
        }
        EventKind::Refund { payment, .. } | EventKind::SubscriptionCancelled { payment } => {
            match paid_by_client.get(payment) {
                Some(client) => (Client(client), None),
                None => (Entity::Stray(&event.id), None),
            }
        }
        EventKind::FxRate { .. } | EventKind::Checkpoint => return Route::Everywhere,
    };
    Route::With(first, second)
}

/// The client of each payment a refund or cancellation names (most ledgers name few).
fn referenced_payments(events: &[Event]) -> IdMap<&EventId, &ClientId> {
    let named: IdSet<&EventId> = events
        .iter()
        .filter_map(|event| match &event.kind {
            EventKind::Refund { payment, .. } | EventKind::SubscriptionCancelled { payment } => {
                Some(payment)
            }
            _ => None,
        })
        .collect();
    if named.is_empty() {
        return IdMap::default();
    }
    events
        .iter()
        .filter_map(|event| match &event.kind {
            EventKind::Payment(payment) if named.contains(&event.id) => {
                Some((&event.id, &payment.client))
            }
            _ => None,
        })
        .collect()
}

/// Union-find over entities, in order of first appearance (so parts are deterministic).
#[derive(Default)]
struct Groups<'l> {
    index: IdMap<Entity<'l>, usize>,
    parent: Vec<usize>,
}

impl<'l> Groups<'l> {
    fn id(&mut self, entity: Entity<'l>) -> usize {
        let next = self.parent.len();
        let id = *self.index.entry(entity).or_insert(next);
        if id == next {
            self.parent.push(next);
        }
        id
    }

    fn root(&mut self, mut id: usize) -> usize {
        while let Some(&parent) = self.parent.get(id).filter(|&&p| p != id) {
            // Path halving keeps the trees flat.
            let grandparent = self.parent.get(parent).copied().unwrap_or(parent);
            if let Some(slot) = self.parent.get_mut(id) {
                *slot = grandparent;
            }
            id = grandparent;
        }
        id
    }

    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        // The older group absorbs the newer one.
        let (keep, absorbed) = (a.min(b), a.max(b));
        if let Some(slot) = self.parent.get_mut(absorbed) {
            *slot = keep;
        }
    }
}

/// Splits a ledger into at most `parts` ledgers that can be evaluated apart, balanced by
/// number of events. Each partner group (linked accounts, and every client with every
/// partner it was ever tied to) is whole in one part; rates and checkpoints are in every
/// part. Each part lists its events by time, ties in ledger order. Evaluate each part (in
/// [`evaluation_order`]) in statements-only mode and combine the snapshots with [`Snapshot::merge`] (or let
/// [`evaluate_parallel`] do both).
///
/// ```
/// use commission_rules::{partition, Event, EventKind, Ledger, LegalForm, Currency};
/// use chrono::{TimeZone, Utc};
/// let at = Utc.with_ymd_and_hms(2024, 3, 1, 9, 0, 0).unwrap();
/// let joins = |id: &str, p: &str| Event::new(id, at, EventKind::PartnerRegistered {
///     partner: p.into(), legal_form: LegalForm::LegalEntity, currency: Currency::RUB });
/// let linked = Event::new("link", at, EventKind::AccountsLinked { partner: "p1".into(), other: "p3".into() });
/// let ledger: Ledger = vec![joins("a", "p1"), joins("b", "p2"), joins("c", "p3"), linked].into();
/// let parts = partition(&ledger, 2);
/// let ids: Vec<Vec<&str>> = parts.iter()
///     .map(|part| part.events().iter().map(|e| e.id.as_str()).collect()).collect();
/// assert_eq!(ids, [vec!["a", "c", "link"], vec!["b"]]); // p1 and p3 are linked
/// ```
pub fn partition(ledger: &Ledger, parts: usize) -> Vec<Ledger> {
    split(ledger, ledger.in_time_order(), parts)
        .into_iter()
        .map(|part| part.into_iter().cloned().collect())
        .collect()
}

/// The events of each part, in the order given (`events`: the ledger's, in time or
/// evaluation order), without copying them.
fn split<'a>(ledger: &'a Ledger, events: Vec<&'a Event>, parts: usize) -> Vec<Vec<&'a Event>> {
    let paid_by_client = referenced_payments(ledger.events());
    let mut router = Router::new(&paid_by_client);
    let routes: Vec<(Route, Option<usize>)> = events
        .iter()
        .enumerate()
        .map(|(index, event)| router.place(event, alone_at_instant(&events, index)))
        .collect();
    let mut groups = router.groups;
    // Roots are final only once every event has joined its groups.
    let roots: Vec<Option<usize>> = routes
        .iter()
        .map(|(_, group)| group.map(|g| groups.root(g)))
        .collect();
    let sizes = group_sizes(&roots, groups.parent.len());
    let parts = if router.indivisible { 1 } else { parts };
    let assignment = Assignment::balanced(&sizes, parts);
    let mut out: Vec<Vec<&Event>> = vec![Vec::new(); assignment.parts];
    for ((event, (route, _)), root) in events.into_iter().zip(&routes).zip(&roots) {
        match (route, root) {
            (Route::Everywhere, _) => out.iter_mut().for_each(|part| part.push(event)),
            (_, root) => {
                if let Some(part) = out.get_mut(assignment.part_of(*root)) {
                    part.push(event);
                }
            }
        }
    }
    out
}

/// Whether the event at `index` is the only one at its instant: then it can share its id
/// with no other there, and the id need not be remembered.
fn alone_at_instant(events: &[&Event], index: usize) -> bool {
    let at = events.get(index).map(|event| event.at);
    let shares_instant = |other: Option<&&Event>| other.is_some_and(|o| Some(o.at) == at);
    !shares_instant(index.checked_sub(1).and_then(|i| events.get(i)))
        && !shares_instant(events.get(index + 1))
}

/// Routes the events one by one and joins what each ties together into groups.
struct Router<'l, 'm> {
    paid_by_client: &'m IdMap<&'l EventId, &'l ClientId>,
    groups: Groups<'l>,
    /// The first group of each id seen at the current instant. Events with the same id at
    /// the same instant stay together: the engine must see both to reject the second.
    /// Only the current instant's ids are needed.
    same_id: IdMap<&'l EventId, usize>,
    /// The ids of the current instant's events that go to every part.
    everywhere: IdSet<&'l EventId>,
    /// Whether an event that goes to every part shares its id and instant with another
    /// event: each part would see the pair differently (one part refuses the second, the
    /// others may accept a rate the whole refuses), so the ledger is not split.
    indivisible: bool,
    instant: Option<Instant>,
}

impl<'l, 'm> Router<'l, 'm> {
    fn new(paid_by_client: &'m IdMap<&'l EventId, &'l ClientId>) -> Self {
        Self {
            paid_by_client,
            groups: Groups::default(),
            same_id: IdMap::default(),
            everywhere: IdSet::default(),
            indivisible: false,
            instant: None,
        }
    }

    /// The event's route and its group (none for one that goes everywhere).
    fn place(&mut self, event: &'l Event, alone: bool) -> (Route<'l>, Option<usize>) {
        if self.instant != Some(event.at) {
            self.instant = Some(event.at);
            self.same_id.next_instant();
            self.everywhere.next_instant();
        }
        let route = route(event, self.paid_by_client);
        let group = match &route {
            Route::With(first, second) => {
                let first = self.groups.id(*first);
                if let Some(second) = second {
                    let second = self.groups.id(*second);
                    self.groups.join(first, second);
                }
                if !alone {
                    let earlier = *self.same_id.entry(&event.id).or_insert(first);
                    self.groups.join(earlier, first);
                    self.indivisible |= self.everywhere.contains(&event.id);
                }
                Some(first)
            }
            Route::Everywhere => {
                if !alone {
                    self.indivisible |= self.same_id.contains_key(&event.id);
                    self.everywhere.insert(&event.id);
                }
                None
            }
        };
        (route, group)
    }
}

/// The number of events of each group, indexed by root. Group ids are dense
/// (0..entities), so sizes (and parts) are vectors rather than maps.
fn group_sizes(roots: &[Option<usize>], entities: usize) -> Vec<usize> {
    let mut sizes = vec![0usize; entities];
    for root in roots.iter().flatten() {
        if let Some(size) = sizes.get_mut(*root) {
            *size += 1;
        }
    }
    sizes
}

/// The part of each group.
struct Assignment {
    /// How many parts there are: no more than groups, and at least one.
    parts: usize,
    /// The part of each group, indexed by root.
    part_of: Vec<usize>,
}

impl Assignment {
    /// The largest groups first, each to the part with the fewest events so far.
    fn balanced(sizes: &[usize], parts: usize) -> Self {
        let mut by_size: Vec<(usize, usize)> = sizes
            .iter()
            .enumerate()
            .filter(|(_, size)| **size > 0)
            .map(|(root, size)| (root, *size))
            .collect();
        by_size.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let parts = parts.clamp(1, by_size.len().max(1));
        let mut load = vec![0usize; parts];
        let mut part_of = vec![0usize; sizes.len()];
        for (root, size) in by_size {
            let lightest = (0..parts)
                .min_by_key(|&p| (load.get(p).copied(), p))
                .unwrap_or(0);
            if let Some(l) = load.get_mut(lightest) {
                *l += size;
            }
            if let Some(part) = part_of.get_mut(root) {
                *part = lightest;
            }
        }
        Self { parts, part_of }
    }

    /// The part of an event in a group (`root`); every event has one but those that go
    /// to every part (the first part, were it asked).
    fn part_of(&self, root: Option<usize>) -> usize {
        root.and_then(|root| self.part_of.get(root).copied())
            .unwrap_or(0)
    }
}

/// Evaluates a ledger statements-only on up to `threads` threads, one part each (see
/// [`partition`]), and merges the parts: the outcome is the one a single
/// [`Engine::with_detail`]`(…, OutcomeDetail::Statements)` gives for the whole ledger. In
/// strict mode the error is the one the single evaluation would stop at (the earliest).
///
/// # Errors
///
/// In [`Mode::Strict`], the earliest bad event of any part, as a single evaluation would
/// report it; in either mode, a rule set that does not validate, and an error merging
/// the parts' snapshots or building the outcome (see [`Snapshot::merge`] and
/// [`Engine::outcome`]).
///
/// ```
/// use commission_rules::{evaluate_parallel, programs, Ledger, Mode};
/// let outcome = evaluate_parallel(&programs::wazzup(), &Ledger::new(), Mode::Strict, 4).unwrap();
/// assert!(outcome.totals.is_empty() && outcome.as_of.is_none());
/// ```
pub fn evaluate_parallel(
    program: &RuleSet,
    ledger: &Ledger,
    mode: Mode,
    threads: usize,
) -> Result<Outcome, Error> {
    let parts = split(ledger, evaluation_order(program, ledger), threads);
    let evaluated: Vec<Result<Snapshot, PartError<'_>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .iter()
            .map(|part| scope.spawn(move || evaluate_part(program, part, mode)))
            .collect();
        handles
            .into_iter()
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|_| Err((part_panicked(), None)))
            })
            .collect()
    });
    let mut snapshots = Vec::new();
    let mut errors = Vec::new();
    for result in evaluated {
        match result {
            Ok(snapshot) => snapshots.push(snapshot),
            Err(error) => errors.push(error),
        }
    }
    if let Some(error) = earliest(program, ledger, errors) {
        return Err(error);
    }
    let whole = Snapshot::merge(program, snapshots)?;
    Engine::resume(program, whole, mode)?.outcome()
}

/// Why a part stopped: the error, and the event it stopped at (none if before any).
type PartError<'l> = (Error, Option<&'l Event>);

fn evaluate_part<'l>(
    program: &RuleSet,
    part: &[&'l Event],
    mode: Mode,
) -> Result<Snapshot, PartError<'l>> {
    let mut engine =
        Engine::with_detail(program, mode, OutcomeDetail::Statements).map_err(|e| (e, None))?;
    for &event in part {
        engine.apply(event).map_err(|error| (error, Some(event)))?;
    }
    Ok(engine.into_snapshot())
}

/// A part's thread cannot panic (the engine never does); if one did, say so as an error.
fn part_panicked() -> Error {
    Error::general(crate::error::ErrorKind::Unmergeable {
        reason: "a part's evaluation panicked".to_owned(),
    })
}

/// The error a single evaluation would have stopped at: the one of the earliest event in
/// evaluation order. The event itself is compared, not its id: an id given twice at one
/// instant fails at its second event, not its first.
fn earliest(program: &RuleSet, ledger: &Ledger, errors: Vec<PartError<'_>>) -> Option<Error> {
    if errors.is_empty() {
        // No need to order the ledger again.
        return None;
    }
    let order = evaluation_order(program, ledger);
    let position = |(_, stopped_at): &PartError<'_>| {
        stopped_at
            .and_then(|stopped_at| order.iter().position(|&e| std::ptr::eq(e, stopped_at)))
            .unwrap_or(usize::MAX)
    };
    errors
        .into_iter()
        .min_by_key(position)
        .map(|(error, _)| error)
}
