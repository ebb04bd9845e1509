//! One book under several programs, lined up per partner and month.

mod support;

use commission_rules::{Month, compare, programs};
use support::{Book, msk, rub};

/// A client referred in March paying 3,000 RUB on 10 March: Radist pays 1,200 (R-1, 40 %)
/// in March, Wazzup 600 (W-2, 20 %) credited in April; LeadSender nothing (the client was
/// never reported, LS-4). Totals per program follow.
#[test]
fn one_referral_payment_under_three_programs() {
    let mut book = Book::new();
    book.partner("p1", msk(2024, 3, 1, 10, 0))
        .client("c1", msk(2024, 3, 2, 10, 0), Some("p1"))
        .pays("pay", msk(2024, 3, 10, 12, 0), "c1", rub("3000"));
    let comparison = compare(
        &[
            programs::radist(),
            programs::wazzup(),
            programs::leadsender(),
        ],
        &book.ledger(),
    )
    .unwrap();
    let rows: Vec<_> = comparison
        .rows
        .iter()
        .map(|row| (row.partner.as_str(), row.month, row.earned.clone()))
        .collect();
    let month = |m| Month::new(2024, m).unwrap();
    assert_eq!(
        rows,
        [
            ("p1", month(3), vec![Some(rub("1200")), None, None]),
            ("p1", month(4), vec![None, Some(rub("600")), None]),
        ]
    );
    assert_eq!(comparison.total(0, &"p1".into()), Some(rub("1200")));
    assert_eq!(comparison.total(1, &"p1".into()), Some(rub("600")));
    assert_eq!(comparison.total(2, &"p1".into()), None);
    assert_eq!(comparison.rejected, [0, 0, 0]);
}
