package io.orkspace.orkestra.testkit.internal;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/** Hands each request to a worker thread (the event loop never blocks) with the right transport. */
final class HttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private final Api api;
  private final Executor workers;

  HttpHandler(Api api, Executor workers) {
    this.api = api;
    this.workers = workers;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
    QueryStringDecoder uri = new QueryStringDecoder(msg.uri());
    ApiRequest req = new ApiRequest(msg.method().name(), uri.path(), uri.parameters(), msg.headers().get(HttpHeaderNames.CONTENT_TYPE),
        msg.headers().get(HttpHeaderNames.USER_AGENT), ByteBufUtil.getBytes(msg.content()));
    boolean webSocket = "websocket".equalsIgnoreCase(msg.headers().get(HttpHeaderNames.UPGRADE));
    Exchange ex = webSocket ? new WebSocketExchange(ctx, msg.retainedDuplicate()) : new HttpExchange(ctx, HttpUtil.isKeepAlive(msg));
    try {
      workers.execute(() -> api.handle(req, ex));
    } catch (RejectedExecutionException e) {
      ex.respond(503, ApiException.injected(503, "the server is shutting down").status());
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!(cause instanceof IOException)) {
      org.slf4j.LoggerFactory.getLogger(HttpHandler.class).debug("connection error", cause);
    }
    ctx.close();
  }
}
