//! A per-user sliding-window limit ("10 questions a minute"), in memory:
//! it protects the bot from one user's flood, it is not an accounting
//! system, so a restart forgetting it is fine.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct RateLimiter {
    max: usize,
    window: Duration,
    hits: Mutex<HashMap<u64, VecDeque<Instant>>>,
}

impl RateLimiter {
    pub fn new(max: usize, window: Duration) -> RateLimiter {
        RateLimiter {
            max,
            window,
            hits: Mutex::new(HashMap::new()),
        }
    }

    /// Counts a hit for `user` at `now`, or says how long until the next
    /// one is allowed.
    pub fn check(&self, user: u64, now: Instant) -> Result<(), Duration> {
        let mut hits = self.hits.lock().unwrap_or_else(|e| e.into_inner());
        // Forget users whose hits have all expired, now and then.
        if hits.len() > 10_000 {
            hits.retain(|_, q| {
                q.back()
                    .is_some_and(|t| now.duration_since(*t) < self.window)
            });
        }
        let queue = hits.entry(user).or_default();
        while queue
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.window)
        {
            queue.pop_front();
        }
        if queue.len() >= self.max {
            let oldest = *queue.front().expect("full queue");
            return Err(self.window - now.duration_since(oldest));
        }
        queue.push_back(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_a_minute_per_user() {
        let limiter = RateLimiter::new(10, Duration::from_secs(60));
        let t0 = Instant::now();
        for i in 0..10 {
            assert!(limiter.check(1, t0 + Duration::from_secs(i)).is_ok());
        }
        let wait = limiter.check(1, t0 + Duration::from_secs(10)).unwrap_err();
        assert_eq!(wait, Duration::from_secs(50));
        // Another user is not affected.
        assert!(limiter.check(2, t0 + Duration::from_secs(10)).is_ok());
        // A minute after the first question, one more is allowed.
        assert!(limiter.check(1, t0 + Duration::from_secs(60)).is_ok());
        assert!(limiter.check(1, t0 + Duration::from_secs(60)).is_err());
    }
}
