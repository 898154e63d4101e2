/**
 * Paces sends to a rate (per second) so a consumer stays within its share of the SES account's
 * send rate instead of being throttled. A token bucket with a one-second burst.
 */
export class RateLimiter {
  private readonly ratePerSecond: number;
  private tokens: number;
  private last = Date.now();

  constructor(ratePerSecond: number) {
    this.ratePerSecond = ratePerSecond;
    this.tokens = ratePerSecond;
  }

  async acquire(count: number): Promise<void> {
    for (;;) {
      const now = Date.now();
      this.tokens = Math.min(this.ratePerSecond, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
      this.last = now;
      if (this.tokens >= count || (this.tokens >= this.ratePerSecond && count > this.ratePerSecond)) {
        this.tokens -= count;
        return;
      }
      const waitMs = ((Math.min(count, this.ratePerSecond) - this.tokens) / this.ratePerSecond) * 1000;
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, waitMs)));
    }
  }
}
