package io.orkspace.orkestra.webhook.internal;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the time to receive one request: the clock starts with its first bytes and stops when the whole request
 * has arrived ({@link #received}). A client that trickles a request past the deadline gets a 408 and is
 * disconnected, so a slow client cannot hold a connection and its buffers. Sits before the HTTP codec.
 *
 * <p>One timer per connection, not per request: a request only notes when its first bytes came, and the timer, when
 * it fires, either expires the request in progress, moves itself to that request's deadline, or (no request in
 * progress) lapses until the next request's bytes. A busy keep-alive connection so schedules a timer about once per
 * timeout instead of scheduling and cancelling one for every request (a task, a lambda and two operations on the event
 * loop's timer queue each time: about 2 % of the server's CPU per review). Event-loop confined.
 */
final class RequestDeadline extends ChannelDuplexHandler {

    private final long timeoutNanos;
    private ScheduledFuture<?> timer;
    /** When the first bytes of the request being received came ({@link System#nanoTime}); 0: none in progress. */
    private long started;

    RequestDeadline(long timeoutMillis) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (started == 0) {
            started = nonZero(System.nanoTime());
            if (timer == null) {
                timer = ctx.executor().schedule(() -> check(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** The whole request is in: stop its clock (called on the event loop). */
    void received() {
        started = 0;
    }

    private void check(ChannelHandlerContext ctx) {
        timer = null;
        if (started == 0 || !ctx.channel().isActive()) {
            return; // nothing being received: the next request's first bytes start a timer again
        }
        long left = started + timeoutNanos - System.nanoTime();
        if (left > 0) { // a later request than the one the timer was set for
            timer = ctx.executor().schedule(() -> check(ctx), left, TimeUnit.NANOSECONDS);
            return;
        }
        started = 0;
        ChannelHandlerContext http = ctx.pipeline().context(RequestHandler.class); // after the codec: replies get encoded
        if (http != null) {
            HttpReplies.fail(http, 408, "Timeout", "the request was not received within "
                    + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
        } else {
            ctx.close();
        }
    }

    private static long nonZero(long nanos) {
        return nanos == 0 ? 1 : nanos;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        started = 0;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        ctx.fireChannelInactive();
    }
}
