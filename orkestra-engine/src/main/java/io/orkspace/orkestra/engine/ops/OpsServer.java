package io.orkspace.orkestra.engine.ops;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One small Netty HTTP server for operations: the health and introspection port and the metrics port (one channel
 * each, or one for both when the ports are equal), on one event loop. The answers come from {@link OpsRoutes}, on a
 * small thread pool off the event loop, since some introspection reads go to the API server.
 */
public final class OpsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);
    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final EventLoopGroup group;
    private final ExecutorService handlers;
    private final Channel health;
    private final Channel metrics;
    private final boolean shared;

    private OpsServer(EventLoopGroup group, ExecutorService handlers, Channel health, Channel metrics, boolean shared) {
        this.group = group;
        this.handlers = handlers;
        this.health = health;
        this.metrics = metrics;
        this.shared = shared;
    }

    /**
     * Binds the ports (-1: off, 0: a free one); equal ports share one channel serving everything.
     *
     * @throws IllegalStateException when a port cannot be bound (e.g. already in use)
     */
    public static OpsServer start(String host, int healthPort, int metricsPort, OpsRoutes routes) {
        AtomicInteger n = new AtomicInteger();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, r -> {
            Thread t = new Thread(r, "orkestra-ops-http");
            t.setDaemon(true);
            return t;
        }, NioIoHandler.newFactory());
        ExecutorService handlers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "orkestra-ops-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            Channel health = null;
            Channel metrics = null;
            boolean shared = healthPort > 0 && healthPort == metricsPort;
            if (healthPort >= 0) {
                health = bind(group, handlers, host, healthPort, shared ? OpsRoutes.Serves.BOTH : OpsRoutes.Serves.HEALTH, routes);
            }
            if (metricsPort >= 0 && !shared) {
                metrics = bind(group, handlers, host, metricsPort, OpsRoutes.Serves.METRICS, routes);
            }
            OpsServer server = new OpsServer(group, handlers, health, metrics, shared);
            LOG.info("serving health on {} and metrics on {}", describe(health, "/healthz /readyz /katalog"),
                    shared ? "the same port" : describe(metrics, "/metrics"));
            return server;
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            handlers.shutdownNow();
            throw e;
        }
    }

    private static String describe(Channel c, String paths) {
        return c == null ? "no port" : ":" + ((InetSocketAddress) c.localAddress()).getPort() + " (" + paths + ")";
    }

    private static Channel bind(EventLoopGroup group, ExecutorService handlers, String host, int port, OpsRoutes.Serves serves,
                                OpsRoutes routes) {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_REQUEST_BYTES),
                                new Handler(serves, routes, handlers));
                    }
                });
        try {
            return b.bind(host, port).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot serve " + (serves == OpsRoutes.Serves.METRICS ? "metrics" : "health")
                    + " on " + host + ":" + port + ": " + e.getMessage() + " (choose another port, 0 for a free one, -1 for none)");
        }
    }

    /** The bound health port, or -1. */
    public int healthPort() {
        return health == null ? -1 : ((InetSocketAddress) health.localAddress()).getPort();
    }

    /** The bound metrics port (the health port when they are shared), or -1. */
    public int metricsPort() {
        if (metrics != null) {
            return ((InetSocketAddress) metrics.localAddress()).getPort();
        }
        return shared ? healthPort() : -1;
    }

    @Override
    public void close() {
        if (health != null) {
            health.close().syncUninterruptibly();
        }
        if (metrics != null) {
            metrics.close().syncUninterruptibly();
        }
        handlers.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One handler per connection: hands the request to the pool, writes the answer back. */
    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final OpsRoutes.Serves serves;
        private final OpsRoutes routes;
        private final ExecutorService pool;

        Handler(OpsRoutes.Serves serves, OpsRoutes routes, ExecutorService pool) {
            this.serves = serves;
            this.routes = routes;
            this.pool = pool;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            String method = request.method().name();
            String uri = request.uri();
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            boolean head = HttpMethod.HEAD.equals(request.method());
            try {
                pool.execute(() -> respond(ctx, routes.handle(serves, method, uri), keepAlive, head));
            } catch (RejectedExecutionException e) {
                respond(ctx, OpsRoutes.Reply.text(503, "shutting down\n"), false, head);
            }
        }

        private static void respond(ChannelHandlerContext ctx, OpsRoutes.Reply reply, boolean keepAlive, boolean head) {
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            ByteBuf content = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes);
            FullHttpResponse response = new DefaultFullHttpResponse(io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(reply.status()), content);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
            response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            if (keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.writeAndFlush(response);
            } else {
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("ops http: {}", cause.toString());
            ctx.close();
        }
    }
}
