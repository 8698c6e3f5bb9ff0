package io.orkspace.orkestra.webhook.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/** Writes JSON replies, keeping the connection open or closing it. */
final class HttpReplies {

    private HttpReplies() {
    }

    static void write(ChannelHandlerContext ctx, Router.Reply reply, boolean keepAlive, boolean head) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(reply.status()),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(reply.body()));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
        if (reply.allow() != null) {
            res.headers().set(HttpHeaderNames.ALLOW, reply.allow());
        }
        if (keepAlive) {
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        } else {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** An error reply, then close: for requests the connection cannot recover from. */
    static void fail(ChannelHandlerContext ctx, int status, String reason, String message) {
        if (ctx.channel().isActive()) {
            write(ctx, Router.Reply.json(status, Router.error(status, reason, message)), false, false);
        }
    }
}
