package io.orkspace.orkestra.webhook.internal;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The pipeline of one connection: TLS (the current context, so rotated certificates apply to new connections),
 * idle close, request deadline, HTTP/1.1 codec, a bounded aggregator and the request handler.
 */
public final class ServerInitializer extends ChannelInitializer<SocketChannel> {

    private final Supplier<SslContext> tls;
    private final Router router;
    private final ExecutorService workers;
    private final InlineReviews inline;
    private final int maxRequestBytes;
    private final long timeoutMillis;
    private final long idleMillis;

    public ServerInitializer(Supplier<SslContext> tls, Router router, ExecutorService workers, InlineReviews inline,
                             int maxRequestBytes, long timeoutMillis, long idleMillis) {
        this.tls = tls;
        this.router = router;
        this.workers = workers;
        this.inline = inline;
        this.maxRequestBytes = maxRequestBytes;
        this.timeoutMillis = timeoutMillis;
        this.idleMillis = idleMillis;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        SslHandler ssl = tls.get().newHandler(ch.alloc());
        ssl.setHandshakeTimeoutMillis(timeoutMillis);
        ChannelPipeline p = ch.pipeline();
        p.addLast("tls", ssl);
        p.addLast("idle", new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS));
        p.addLast("deadline", new RequestDeadline(timeoutMillis));
        p.addLast("http", new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(8192).setMaxHeaderSize(16384).setMaxChunkSize(65536)));
        p.addLast("aggregate", new BoundedAggregator(maxRequestBytes));
        p.addLast("handler", new RequestHandler(router, workers, inline, timeoutMillis));
    }
}
