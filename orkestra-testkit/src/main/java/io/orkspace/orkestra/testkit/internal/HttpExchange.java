package io.orkspace.orkestra.testkit.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;

/** A plain HTTP/1.1 exchange; watches stream as chunked JSON lines, as the API server does. */
final class HttpExchange implements Exchange {
  private static final byte[] NEWLINE = {'\n'};
  private final ChannelHandlerContext ctx;
  private final boolean keepAlive;

  HttpExchange(ChannelHandlerContext ctx, boolean keepAlive) {
    this.ctx = ctx;
    this.keepAlive = keepAlive;
  }

  @Override
  public void respond(int code, ObjectNode body) {
    send(code, Unpooled.wrappedBuffer(Json.bytes(body)), "application/json");
  }

  @Override
  public void respondText(int code, String text) {
    send(code, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8), "text/plain; charset=utf-8");
  }

  private void send(int code, ByteBuf content, String type) {
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(code), content);
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
    res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache, private");
    HttpUtil.setContentLength(res, content.readableBytes());
    HttpUtil.setKeepAlive(res, keepAlive);
    var future = ctx.writeAndFlush(res);
    if (!keepAlive) {
      future.addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public WatchHub.Sink openStream() {
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    head.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    head.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache, private");
    ctx.writeAndFlush(head);
    return new WatchHub.Sink() {
      @Override
      public void send(ObjectNode event) {
        ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(Json.bytes(event), NEWLINE)));
      }

      @Override
      public void close() {
        var f = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        if (!keepAlive) {
          f.addListener(ChannelFutureListener.CLOSE);
        }
      }
    };
  }

  @Override
  public void onStreamClosed(Runnable action) {
    ctx.channel().closeFuture().addListener(f -> action.run());
  }
}
