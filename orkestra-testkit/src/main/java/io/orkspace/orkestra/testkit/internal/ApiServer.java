package io.orkspace.orkestra.testkit.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The Netty server: stock HTTP codec and aggregator, one handler, a worker pool for the requests. */
public final class ApiServer implements AutoCloseable {
  private final Api api;
  private final EventLoopGroup boss;
  private final EventLoopGroup io;
  private final ExecutorService workers;
  private final ScheduledExecutorService timers;
  private final Channel channel;

  private ApiServer(Api api, EventLoopGroup boss, EventLoopGroup io, ExecutorService workers, ScheduledExecutorService timers, Channel channel) {
    this.api = api;
    this.boss = boss;
    this.io = io;
    this.workers = workers;
    this.timers = timers;
    this.channel = channel;
  }

  /** Binds host:port (0 for a free port) and serves. */
  public static ApiServer start(String host, int port, int watchHistoryPerResource, Duration bookmarkInterval, int workerThreads) {
    return start(host, port, watchHistoryPerResource, bookmarkInterval, workerThreads, null);
  }

  /** Binds host:port and serves HTTPS with the given identity (plain HTTP when it is null). */
  public static ApiServer start(String host, int port, int watchHistoryPerResource, Duration bookmarkInterval, int workerThreads,
      ServingCertificate tls) {
    ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("embedded-kube-timer"));
    Api api = new Api(watchHistoryPerResource, timers);
    ExecutorService workers = Executors.newFixedThreadPool(workerThreads, daemon("embedded-kube-worker"));
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, daemon("embedded-kube-accept"), NioIoHandler.newFactory());
    EventLoopGroup io = new MultiThreadIoEventLoopGroup(0, daemon("embedded-kube-io"), NioIoHandler.newFactory());
    try {
      Channel ch = new ServerBootstrap().group(boss, io).channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel c) {
              if (tls != null) {
                c.pipeline().addLast(tls.context().newHandler(c.alloc()));
              }
              c.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024 * 1024), new HttpHandler(api, workers));
            }
          }).bind(host, port).syncUninterruptibly().channel();
      InetSocketAddress addr = (InetSocketAddress) ch.localAddress();
      api.serverAddress(host + ":" + addr.getPort());
      long every = Math.max(10, bookmarkInterval.toMillis());
      timers.scheduleAtFixedRate(api::bookmarks, every, every, TimeUnit.MILLISECONDS);
      return new ApiServer(api, boss, io, workers, timers, ch);
    } catch (RuntimeException e) {
      boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      io.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      workers.shutdownNow();
      timers.shutdownNow();
      api.close();
      throw e;
    }
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  public Api api() {
    return api;
  }

  @Override
  public void close() {
    api.close();
    channel.close().syncUninterruptibly();
    timers.shutdownNow();
    workers.shutdownNow();
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    io.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
