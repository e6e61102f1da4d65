package io.windlass.collector.inputs.dialcheck;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A TCP listener for tests, run as its own process (inside a network namespace): binds the loopback
 * address on a free port, prints {@code <port> <pid>}, accepts and closes connections, and exits
 * when its stdin closes.
 */
public final class NamespacedListener {
  private NamespacedListener() {}

  /** Runs until stdin closes. */
  public static void main(String[] args) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    System.out.println(server.getLocalPort() + " " + ProcessHandle.current().pid());
    System.out.flush();
    Thread stdinWatch =
        new Thread(
            () -> {
              try {
                while (System.in.read() != -1) {
                  // wait for EOF
                }
              } catch (IOException e) {
                // parent gone
              }
              System.exit(0);
            },
            "stdin-watch");
    stdinWatch.setDaemon(true);
    stdinWatch.start();
    while (true) {
      try (Socket accepted = server.accept()) {
        // connect succeeded; nothing to say
      }
    }
  }
}
