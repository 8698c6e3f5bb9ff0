package io.orkspace.orkestra.webhook;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.orkspace.orkestra.katalog.Katalog;
import io.orkspace.orkestra.webhook.internal.InlineReviews;
import io.orkspace.orkestra.webhook.internal.Json;
import io.orkspace.orkestra.webhook.internal.Router;
import io.orkspace.orkestra.webhook.internal.ServerInitializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The webhook HTTPS server: one Netty server answering, for every CRD entry of a Katalog,
 *
 * <ul>
 *   <li>{@code POST /convert[/<entry>]}: ConversionReview ({@link ConversionReviewHandler});</li>
 *   <li>{@code POST /validate[/<entry>]} and {@code POST /mutate[/<entry>]}: AdmissionReview
 *       ({@link AdmissionReviewHandler});</li>
 *   <li>{@code GET /healthz}: {@code {"status":"ok"}}.</li>
 * </ul>
 *
 * HTTP/1.1 with keep-alive over TLS 1.2/1.3 ({@link Certificates}). Reviews are evaluated on a worker pool, never on
 * the event loop. Anything malformed gets a 4xx with a Kubernetes {@code Status} JSON body (400 bad review, 404 unknown
 * route or entry, 405 wrong method, 408 request not received in time, 413 body too large, 415 a review that is not
 * {@code application/json}, 414/431 request line/headers too large);
 * 503 when the pool is full or a review is not answered within {@link WebhookOptions#requestTimeout()}. Never a 500.
 *
 * <pre>{@code
 * Certificates certs = Certificates.selfSigned(Certificates.serviceDnsNames("orkestra", "orkestra-system"));
 * try (WebhookServer server = WebhookServer.start(katalog, certs, WebhookOptions.DEFAULTS)) {
 *     String caBundle = certs.caBundleBase64();      // what a registration writes into the CRD / webhook configs
 *     String path = Endpoint.CONVERT.path("website"); // "/convert/website"
 *     ...
 * }
 * }</pre>
 */
public final class WebhookServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookServer.class);

    /** The health route. */
    public static final String HEALTHZ = "/healthz";

    private record Handlers(ConversionReviewHandler conversion, AdmissionReviewHandler admission) {
        static Handlers of(Katalog katalog) {
            return new Handlers(ConversionReviewHandler.of(katalog), AdmissionReviewHandler.of(katalog));
        }
    }

    private final AtomicReference<Handlers> handlers;
    private final Certificates certificates;
    private final EventLoopGroup boss;
    private final EventLoopGroup io;
    private final ThreadPoolExecutor workers;
    private final Channel channel;
    private final InetSocketAddress address;

    private WebhookServer(Katalog katalog, Certificates certificates, WebhookOptions options, WebhookObserver observer) {
        this.handlers = new AtomicReference<>(Handlers.of(katalog));
        this.certificates = certificates;
        int threads = options.resolvedWorkerThreads();
        this.workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(options.maxQueuedRequests()), new DefaultThreadFactory("orkestra-webhook-worker", true));
        this.boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("orkestra-webhook-accept", true),
                NioIoHandler.newFactory());
        this.io = new MultiThreadIoEventLoopGroup(options.resolvedIoThreads(), new DefaultThreadFactory("orkestra-webhook-io", true),
                NioIoHandler.newFactory());
        Router router = new Router(new Router.Reviews() {
            @Override
            public byte[] convert(byte[] body, String entry) throws BadReviewException {
                long start = System.nanoTime();
                boolean ok = false;
                try {
                    byte[] out = handlers.get().conversion().handle(body, entry);
                    ok = true;
                    return out;
                } finally {
                    observer.reviewed("convert", System.nanoTime() - start, ok);
                }
            }

            @Override
            public byte[] validate(byte[] body, String entry) throws BadReviewException {
                long start = System.nanoTime();
                boolean ok = false;
                try {
                    byte[] out = handlers.get().admission().validate(body, entry);
                    ok = true;
                    return out;
                } finally {
                    observer.reviewed("validate", System.nanoTime() - start, ok);
                }
            }

            @Override
            public byte[] mutate(byte[] body, String entry) throws BadReviewException {
                long start = System.nanoTime();
                boolean ok = false;
                try {
                    byte[] out = handlers.get().admission().mutate(body, entry);
                    ok = true;
                    return out;
                } finally {
                    observer.reviewed("mutate", System.nanoTime() - start, ok);
                }
            }
        });
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, io)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ServerInitializer(certificates::sslContext, router, workers,
                        new InlineReviews(options.inlineMaxBytes()), options.maxRequestBytes(),
                        options.requestTimeout().toMillis(), options.idleTimeout().toMillis()));
        ChannelFuture bound = bootstrap.bind(options.host(), options.port()).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            shutdown();
            Throwable cause = bound.cause();
            throw new WebhookException("cannot listen on " + options.host() + ":" + options.port() + ": "
                    + Json.oneLine(cause == null ? "unknown error" : String.valueOf(cause.getMessage())));
        }
        this.channel = bound.channel();
        this.address = (InetSocketAddress) channel.localAddress();
        LOG.info("Webhook server listening on https://{}:{} (routes /convert, /validate, /mutate, /healthz)",
                options.host(), address.getPort());
    }

    /**
     * Starts listening and returns once bound.
     *
     * @throws WebhookException when the address cannot be bound (one line: which address, why)
     */
    public static WebhookServer start(Katalog katalog, Certificates certificates, WebhookOptions options) {
        return start(katalog, certificates, options, WebhookObserver.NONE);
    }

    /** Same, telling {@code observer} of every review answered (metrics). */
    public static WebhookServer start(Katalog katalog, Certificates certificates, WebhookOptions options, WebhookObserver observer) {
        return new WebhookServer(katalog, certificates, options, observer);
    }

    /** The port actually bound (the chosen one when the options asked for 0). */
    public int port() {
        return address.getPort();
    }

    /** The address actually bound. */
    public InetSocketAddress address() {
        return address;
    }

    /** The server's certificates (for the CA bundle a registration writes). */
    public Certificates certificates() {
        return certificates;
    }

    /** Serves a new Katalog from the next request on (requests in flight finish with the old one). */
    public void update(Katalog katalog) {
        handlers.set(Handlers.of(katalog));
    }

    /** Stops accepting, closes connections and stops the threads; idempotent. */
    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        shutdown();
    }

    private void shutdown() {
        workers.shutdownNow();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        io.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
