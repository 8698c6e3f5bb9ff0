package io.orkspace.orkestra.webhook.internal;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InlineReviewsTest {

    private static final long SLOW = InlineReviews.SLOW_NANOS + 1;

    @Test
    void smallReviewsAreAnsweredOnTheEventLoopLargeOnesOnWorkers() {
        InlineReviews inline = new InlineReviews(1024);

        assertThat(inline.inline("/validate/website", 0)).isTrue();
        assertThat(inline.inline("/validate/website", 1024)).isTrue();
        assertThat(inline.inline("/validate/website", 1025)).isFalse();
    }

    @Test
    void zeroSendsEveryReviewToTheWorkers() {
        assertThat(InlineReviews.never().inline("/convert", 0)).isFalse();
        assertThat(new InlineReviews(0).inline("/convert", 10)).isFalse();
        assertThatThrownBy(() -> new InlineReviews(-1)).hasMessageContaining("maxBytes must be >= 0");
    }

    @Test
    void aSlowReviewSendsItsRouteAndOnlyItsRouteToTheWorkers() {
        InlineReviews inline = new InlineReviews(1024);

        inline.took("/validate/website", InlineReviews.SLOW_NANOS); // not over the limit
        assertThat(inline.inline("/validate/website", 10)).isTrue();
        inline.took("/validate/website", SLOW);

        assertThat(inline.inline("/validate/website", 10)).isFalse();
        assertThat(inline.inline("/convert/website", 10)).isTrue();
    }

    @Test
    void theRouteComesBackAfterTheBackoff() {
        InlineReviews inline = new InlineReviews(1024, TimeUnit.MILLISECONDS.toNanos(20));
        inline.took("/mutate/website", SLOW);
        assertThat(inline.inline("/mutate/website", 10)).isFalse();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!inline.inline("/mutate/website", 10) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }

        assertThat(inline.inline("/mutate/website", 10)).isTrue();
    }

    @Test
    void manySlowRoutesSendEveryRouteToTheWorkers() {
        InlineReviews inline = new InlineReviews(1024);
        for (int i = 0; i < 64; i++) {
            inline.took("/validate/website?x=" + i, SLOW); // one URI per request: the table stays bounded
        }
        assertThat(inline.inline("/convert/website", 10)).isTrue();

        inline.took("/validate/website?x=64", SLOW);

        assertThat(inline.inline("/convert/website", 10)).isFalse();
    }
}
