package io.orkspace.orkestra.webhook.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;

/** Netty's aggregator, answering an oversized body with a JSON 413 and closing the connection. */
final class BoundedAggregator extends HttpObjectAggregator {

    private final int max;

    BoundedAggregator(int maxContentLength) {
        super(maxContentLength);
        this.max = maxContentLength;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        HttpReplies.fail(ctx, 413, "RequestEntityTooLarge", "the request body is larger than " + max + " bytes");
    }
}
