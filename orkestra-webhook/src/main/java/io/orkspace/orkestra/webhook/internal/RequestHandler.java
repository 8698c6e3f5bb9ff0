package io.orkspace.orkestra.webhook.internal;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one typed handler of the pipeline: takes a whole request, evaluates it (a small review right here on the event
 * loop, see {@link InlineReviews}; any other on the worker executor), and writes exactly one reply: the review's
 * answer, or, for a review on the workers, 503 when the work does not finish within the timeout or the executor is
 * full. Reading pauses while a request is being answered, so replies on a keep-alive connection stay in order.
 */
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);

    private final Router router;
    private final ExecutorService workers;
    private final InlineReviews inline;
    private final long timeoutMillis;

    RequestHandler(Router router, ExecutorService workers, InlineReviews inline, long timeoutMillis) {
        this.router = router;
        this.workers = workers;
        this.inline = inline;
        this.timeoutMillis = timeoutMillis;
    }

    /** A request waiting its turn (a client that pipelines). */
    private record Pending(String method, String path, String contentType, byte[] body, boolean keepAlive) {
    }

    // Event-loop confined: one handler per connection.
    private boolean busy;
    private final Deque<Pending> pending = new ArrayDeque<>();

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        RequestDeadline deadline = ctx.pipeline().get(RequestDeadline.class);
        if (deadline != null) {
            deadline.received();
        }
        DecoderResult decoded = req.decoderResult();
        if (decoded.isFailure()) {
            Throwable cause = decoded.cause();
            int status = cause instanceof TooLongHttpLineException ? 414 : cause instanceof TooLongFrameException ? 431 : 400;
            HttpReplies.fail(ctx, status, "BadRequest", "malformed HTTP request: " + Json.oneLine(String.valueOf(cause.getMessage())));
            return;
        }
        Pending p = new Pending(req.method().name(), Router.path(req.uri()), req.headers().get(HttpHeaderNames.CONTENT_TYPE),
                ByteBufUtil.getBytes(req.content()), HttpUtil.isKeepAlive(req));
        ctx.channel().config().setAutoRead(false);
        if (busy) {
            pending.add(p); // answered after the one in flight, so replies keep the order of requests
            return;
        }
        dispatch(ctx, p);
    }

    private void dispatch(ChannelHandlerContext ctx, Pending p) {
        busy = true;
        if (!Router.isReview(p.method(), p.path())) {
            // health checks and routing errors are cheap: answered right here
            finish(ctx, router.route(p.method(), p.path(), null), p.keepAlive(), p.method().equals("HEAD"));
            return;
        }
        Router.Reply unsupported = Router.checkContentType(p.contentType());
        if (unsupported != null) {
            finish(ctx, unsupported, p.keepAlive(), false);
            return;
        }
        if (inline.inline(p.path(), p.body().length)) {
            finish(ctx, inline.answer(p.path(), () -> router.route(p.method(), p.path(), p.body())), p.keepAlive(), false);
            return;
        }
        AtomicBoolean answered = new AtomicBoolean();
        Future<?> work;
        try {
            work = workers.submit(() -> {
                Router.Reply reply = router.route(p.method(), p.path(), p.body());
                if (answered.compareAndSet(false, true)) {
                    ctx.executor().execute(() -> finish(ctx, reply, p.keepAlive(), false));
                }
            });
        } catch (RejectedExecutionException e) {
            finish(ctx, Router.Reply.json(503, Router.error(503, "ServiceUnavailable", "the webhook is overloaded; retry")),
                    p.keepAlive(), false);
            return;
        }
        ScheduledFuture<?> timer = ctx.executor().schedule(() -> {
            if (answered.compareAndSet(false, true)) {
                work.cancel(true);
                finish(ctx, Router.Reply.json(503, Router.error(503, "Timeout",
                        "the review was not answered within " + timeoutMillis + " ms")), false, false);
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        this.timer = timer;
    }

    private ScheduledFuture<?> timer;

    /** Writes the reply (on the event loop), then takes the next pipelined request or resumes reading. */
    private void finish(ChannelHandlerContext ctx, Router.Reply reply, boolean keepAlive, boolean head) {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        HttpReplies.write(ctx, reply, keepAlive, head);
        busy = false;
        if (!keepAlive) {
            pending.clear();
            return;
        }
        Pending next = pending.poll();
        if (next != null) {
            dispatch(ctx, next);
        } else {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        pending.clear();
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // TLS garbage, resets and handshake failures are the client's problem: log quietly and drop the connection.
        if (cause instanceof NotSslRecordException || cause instanceof SSLException || cause instanceof IOException
                || cause.getCause() instanceof SSLException) {
            LOG.debug("Webhook connection from {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            LOG.warn("Webhook connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        }
        ctx.close();
    }
}
