package io.xugumcp.server.llm;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.BooleanSupplier;

/**
 * Time as the retry loop sees it: a monotonic clock for deadlines, a pause that ends early when the call is
 * cancelled, and today's date for retirement dates. Tests replace it to check waits (a {@code retry-after} of 7 s)
 * without waiting.
 */
public interface LlmClock {

    long nanoTime();

    /** Waits {@code d}, or less when {@code cancelled} turns true. */
    void pause(Duration d, BooleanSupplier cancelled) throws InterruptedException;

    LocalDate today();

    LlmClock SYSTEM = new LlmClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void pause(Duration d, BooleanSupplier cancelled) throws InterruptedException {
            long end = System.nanoTime() + d.toNanos();
            long left;
            while ((left = end - System.nanoTime()) > 0 && !cancelled.getAsBoolean()) {
                Thread.sleep(Math.max(1, Math.min(50, left / 1_000_000)));
            }
        }

        @Override
        public LocalDate today() {
            return LocalDate.now(ZoneOffset.UTC);
        }
    };
}
