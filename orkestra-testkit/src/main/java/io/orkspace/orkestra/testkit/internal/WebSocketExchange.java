package io.orkspace.orkestra.testkit.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;

/**
 * A watch requested over WebSocket (what the fabric8 client tries first): errors before the stream opens are plain HTTP
 * answers; events are text frames, one JSON event each.
 */
final class WebSocketExchange implements Exchange {
  private final ChannelHandlerContext ctx;
  private final FullHttpRequest request;
  private final HttpExchange http;

  /** @param request a retained copy; released once the handshake is done or an answer is sent */
  WebSocketExchange(ChannelHandlerContext ctx, FullHttpRequest request) {
    this.ctx = ctx;
    this.request = request;
    this.http = new HttpExchange(ctx, false);
  }

  @Override
  public void respond(int code, ObjectNode body) {
    request.release();
    http.respond(code, body);
  }

  @Override
  public void respondText(int code, String text) {
    request.release();
    http.respondText(code, text);
  }

  @Override
  public WatchHub.Sink openStream() {
    String url = "ws://" + request.headers().get("Host") + request.uri();
    WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(url, "*", false, 64 * 1024 * 1024).newHandshaker(request);
    if (handshaker == null) {
      request.release();
      throw ApiException.badRequest("unsupported WebSocket version");
    }
    try {
      handshaker.handshake(ctx.channel(), request).syncUninterruptibly();
    } finally {
      request.release();
    }
    ctx.pipeline().addLast(new WebSocketFrames(handshaker));
    return new WatchHub.Sink() {
      @Override
      public void send(ObjectNode event) {
        ctx.channel().writeAndFlush(new TextWebSocketFrame(Json.string(event)));
      }

      @Override
      public void close() {
        ctx.channel().writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
      }
    };
  }

  @Override
  public void onStreamClosed(Runnable action) {
    ctx.channel().closeFuture().addListener(f -> action.run());
  }
}
