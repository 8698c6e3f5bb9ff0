package io.orkspace.orkestra.testkit;

import java.time.Duration;

/**
 * How an {@link EmbeddedCluster} runs. Start from {@link #DEFAULTS} and change what you need:
 * {@code EmbeddedCluster.start(EmbeddedClusterOptions.DEFAULTS.withWatchHistory(100))}.
 *
 * @param host address to bind (loopback by default)
 * @param port port to bind; 0 picks a free one
 * @param watchHistory events kept per resource for watches resuming from a resourceVersion; older ones get 410 Gone
 * @param bookmarkInterval how often watches that asked for bookmarks get one
 * @param workerThreads threads serving requests (Netty's event loops only move bytes)
 * @param tls serve HTTPS with a certificate signed by a CA generated at start; clients and the kubeconfig trust that CA
 */
public record EmbeddedClusterOptions(String host, int port, int watchHistory, Duration bookmarkInterval, int workerThreads, boolean tls) {
  public static final EmbeddedClusterOptions DEFAULTS = new EmbeddedClusterOptions("127.0.0.1", 0, 5_000, Duration.ofSeconds(1),
      Math.max(8, 2 * Runtime.getRuntime().availableProcessors()), false);

  public EmbeddedClusterOptions {
    if (watchHistory < 1 || workerThreads < 1 || port < 0 || bookmarkInterval.isNegative() || bookmarkInterval.isZero()) {
      throw new IllegalArgumentException("watchHistory and workerThreads must be positive, port >= 0, bookmarkInterval > 0");
    }
  }

  public EmbeddedClusterOptions withPort(int port) {
    return new EmbeddedClusterOptions(host, port, watchHistory, bookmarkInterval, workerThreads, tls);
  }

  public EmbeddedClusterOptions withWatchHistory(int watchHistory) {
    return new EmbeddedClusterOptions(host, port, watchHistory, bookmarkInterval, workerThreads, tls);
  }

  public EmbeddedClusterOptions withBookmarkInterval(Duration bookmarkInterval) {
    return new EmbeddedClusterOptions(host, port, watchHistory, bookmarkInterval, workerThreads, tls);
  }

  /**
   * HTTPS instead of HTTP: {@code EmbeddedCluster.start(EmbeddedClusterOptions.DEFAULTS.withTls(true))}. The CA is made
   * at start; {@link EmbeddedCluster#config()}, {@link EmbeddedCluster#kubeconfig()} and
   * {@link EmbeddedCluster#caCertificatePem()} carry it.
   */
  public EmbeddedClusterOptions withTls(boolean tls) {
    return new EmbeddedClusterOptions(host, port, watchHistory, bookmarkInterval, workerThreads, tls);
  }
}
