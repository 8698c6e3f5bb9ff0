package io.orkspace.orkestra.testkit.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The transport side of one request: answer once, or open a watch stream. */
interface Exchange {
  void respond(int code, ObjectNode body);

  void respondText(int code, String text);

  /** Sends the watch response head (or completes the WebSocket handshake) and returns where events go. */
  WatchHub.Sink openStream();

  /** Called when the stream's subscription exists, so closing the connection can end it. */
  void onStreamClosed(Runnable action);
}
