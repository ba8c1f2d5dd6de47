//! How long committed events take to reach the sockets: from the commit (the outbox row's
//! `occurred_at`) to the moment this instance has written the frame to the socket, in 1 ms
//! buckets up to 2 s. Counted without locks (every delivery of every socket passes here); read by
//! `/metrics` and by the real-time benchmark.

use std::sync::atomic::{AtomicU64, Ordering};

/// Buckets of one millisecond; the last one takes everything from 2 s up.
const BUCKETS: usize = 2_001;

pub struct DeliveryTimes {
    buckets: [AtomicU64; BUCKETS],
}

/// This process's figures.
pub static DELIVERY: DeliveryTimes = DeliveryTimes {
    buckets: [const { AtomicU64::new(0) }; BUCKETS],
};

impl DeliveryTimes {
    /// One event written to one socket, `micros` after its commit.
    pub fn observe(&self, micros: i64) {
        let bucket = usize::try_from(micros.max(0) / 1_000)
            .unwrap_or(BUCKETS - 1)
            .min(BUCKETS - 1);
        self.buckets[bucket].fetch_add(1, Ordering::Relaxed);
    }

    pub fn count(&self) -> u64 {
        self.buckets
            .iter()
            .map(|bucket| bucket.load(Ordering::Relaxed))
            .sum()
    }

    /// The `percent` percentile in seconds (the upper edge of its 1 ms bucket); 0 before any
    /// delivery.
    pub fn percentile(&self, percent: f64) -> f64 {
        let total = self.count();
        if total == 0 {
            return 0.0;
        }
        let wanted = ((total as f64) * percent / 100.0).ceil().max(1.0) as u64;
        let mut seen = 0;
        for (index, bucket) in self.buckets.iter().enumerate() {
            seen += bucket.load(Ordering::Relaxed);
            if seen >= wanted {
                return (index + 1) as f64 / 1_000.0;
            }
        }
        BUCKETS as f64 / 1_000.0
    }

    /// Starts counting afresh (the benchmark measures one run).
    pub fn reset(&self) {
        for bucket in &self.buckets {
            bucket.store(0, Ordering::Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_come_from_millisecond_buckets() {
        let times = DeliveryTimes {
            buckets: [const { AtomicU64::new(0) }; BUCKETS],
        };
        assert_eq!(times.percentile(50.0), 0.0);
        for millis in 0..100 {
            times.observe(millis * 1_000 + 500);
        }
        assert_eq!(times.count(), 100);
        assert!((times.percentile(50.0) - 0.050).abs() < 1e-9);
        assert!((times.percentile(99.0) - 0.099).abs() < 1e-9);
        times.observe(10_000_000);
        assert!((times.percentile(100.0) - 2.001).abs() < 1e-9);
    }
}
