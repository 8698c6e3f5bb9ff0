package io.orkspace.orkestra.webhook.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.orkspace.orkestra.webhook.Certificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The pipeline's own guarantees, with reviews that block on demand: one reply per request, never a hang. */
class RequestHandlerTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final Semaphore started = new Semaphore(0);
    private final Certificates certs = Certificates.selfSigned(java.util.List.of("localhost"));
    private EventLoopGroup group;
    private ThreadPoolExecutor workers;
    private Channel server;

    private final Router.Reviews blocking = new Router.Reviews() {
        @Override
        public byte[] convert(byte[] body, String entry) {
            started.release();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "{}".getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public byte[] validate(byte[] body, String entry) {
            return convert(body, entry);
        }

        @Override
        public byte[] mutate(byte[] body, String entry) {
            return convert(body, entry);
        }
    };

    private HttpClient client() {
        return HttpClient.newBuilder().sslContext(Certificates.trusting(certs.caBundlePem()))
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    private int start(int threads, int queue, long timeoutMillis) throws Exception {
        return start(threads, queue, timeoutMillis, blocking, InlineReviews.never());
    }

    private int start(int threads, int queue, long timeoutMillis, Router.Reviews reviews, InlineReviews inline) throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, new io.netty.util.concurrent.DefaultThreadFactory("test-io"),
                NioIoHandler.newFactory());
        workers = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
                new io.netty.util.concurrent.DefaultThreadFactory("test-worker"));
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ServerInitializer(certs::sslContext, new Router(reviews), workers, inline, 4096, timeoutMillis, 60_000))
                .bind("127.0.0.1", 0).sync().channel();
        return ((java.net.InetSocketAddress) server.localAddress()).getPort();
    }

    /** Answers with the name of the thread that evaluated the review; first burns CPU or waits when the body says so. */
    private final Router.Reviews threadNaming = new Router.Reviews() {
        @Override
        public byte[] convert(byte[] body, String entry) {
            String text = new String(body, StandardCharsets.UTF_8);
            if (text.contains("costly")) { // 5 ms of CPU: over InlineReviews.SLOW_NANOS
                long start = InlineReviews.clock();
                while (InlineReviews.clock() - start < 5_000_000) {
                    Thread.onSpinWait();
                }
            }
            if (text.contains("waits")) { // 20 ms elapsed, next to no CPU (as a GC pause would look)
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return ("{\"thread\":\"" + Thread.currentThread().getName() + "\"}").getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public byte[] validate(byte[] body, String entry) {
            return convert(body, entry);
        }

        @Override
        public byte[] mutate(byte[] body, String entry) {
            return convert(body, entry);
        }
    };

    private static HttpRequest post(int port, String body) {
        return HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/validate/website")).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    @Test
    void aSmallReviewIsAnsweredOnTheEventLoopALargerOneOnAWorker() throws Exception {
        int port = start(2, 10, 10_000, threadNaming, new InlineReviews(100));
        HttpClient client = client();

        HttpResponse<String> small = client.send(post(port, "{}"), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> large = client.send(post(port, "{\"pad\":\"" + "x".repeat(200) + "\"}"),
                HttpResponse.BodyHandlers.ofString());

        assertThat(small.statusCode()).isEqualTo(200);
        assertThat(small.body()).contains("\"thread\":\"test-io-");
        assertThat(large.statusCode()).isEqualTo(200);
        assertThat(large.body()).contains("\"thread\":\"test-worker-");
    }

    @Test
    void afterACostlyReviewOnTheEventLoopTheRouteIsAnsweredOnWorkers() throws Exception {
        int port = start(2, 10, 10_000, threadNaming, new InlineReviews(100));
        HttpClient client = client();

        HttpResponse<String> costly = client.send(post(port, "\"costly\""), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> next = client.send(post(port, "{}"), HttpResponse.BodyHandlers.ofString());

        assertThat(costly.body()).contains("\"thread\":\"test-io-");
        assertThat(next.body()).contains("\"thread\":\"test-worker-");
    }

    @Test
    void aReviewThatOnlyTookLongInElapsedTimeKeepsItsRouteOnTheEventLoop() throws Exception {
        int port = start(2, 10, 10_000, threadNaming, new InlineReviews(100));
        HttpClient client = client();
        // the first review of a fresh server loads and initialises classes (CPU time): on another route, so it does not count
        client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/mutate/warm-up"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        HttpResponse<String> waited = client.send(post(port, "\"waits\""), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> next = client.send(post(port, "{}"), HttpResponse.BodyHandlers.ofString());

        assertThat(waited.body()).contains("\"thread\":\"test-io-");
        assertThat(next.body()).contains("\"thread\":\"test-io-");
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.close().awaitUninterruptibly();
        }
        if (workers != null) {
            workers.shutdownNow();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }

    private static HttpRequest post(int port) {
        return HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/convert")).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
    }

    @Test
    void aReviewNotAnsweredInTimeGets503() throws Exception {
        int port = start(2, 10, 2000); // generous: on a loaded 2-core CI machine the TLS handshake alone can take 300 ms

        HttpResponse<String> r = client().send(post(port), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("\"reason\":\"Timeout\"").contains("not answered within 2000 ms");
    }

    @Test
    void aFullWorkerPoolAnswers503AtOnce() throws Exception {
        int port = start(1, 1, 10_000);
        HttpClient client = client();
        CompletableFuture<HttpResponse<String>> running = client.sendAsync(post(port), HttpResponse.BodyHandlers.ofString());
        assertThat(started.tryAcquire(10, TimeUnit.SECONDS)).isTrue();  // the only worker is busy
        CompletableFuture<HttpResponse<String>> queued = client.sendAsync(post(port), HttpResponse.BodyHandlers.ofString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (workers.getQueue().size() < 1 && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // wait for the condition (the second review queued), not for a time
        }
        assertThat(workers.getQueue()).hasSize(1);

        HttpResponse<String> rejected = client.send(post(port), HttpResponse.BodyHandlers.ofString());

        assertThat(rejected.statusCode()).isEqualTo(503);
        assertThat(rejected.body()).contains("overloaded");
        release.countDown();
        assertThat(running.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(queued.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
}
