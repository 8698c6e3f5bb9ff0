package io.orkspace.orkestra.webhook.internal;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the time to receive one request: the clock starts with its first bytes and stops when the whole request
 * has arrived ({@link #received}). A client that trickles a request past the deadline gets a 408 and is
 * disconnected, so a slow client cannot hold a connection and its buffers. Sits before the HTTP codec.
 */
final class RequestDeadline extends ChannelDuplexHandler {

    private final long timeoutMillis;
    private ScheduledFuture<?> timer;

    RequestDeadline(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (timer == null) {
            timer = ctx.executor().schedule(() -> expire(ctx), timeoutMillis, TimeUnit.MILLISECONDS);
        }
        ctx.fireChannelRead(msg);
    }

    /** The whole request is in: stop the clock (called on the event loop). */
    void received() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void expire(ChannelHandlerContext ctx) {
        timer = null;
        ChannelHandlerContext http = ctx.pipeline().context(RequestHandler.class); // after the codec: replies get encoded
        if (http != null) {
            HttpReplies.fail(http, 408, "Timeout", "the request was not received within " + timeoutMillis + " ms");
        } else {
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        received();
        ctx.fireChannelInactive();
    }
}
