package io.windlass.spool.socket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** Client-side helpers for tests that talk to a real unix socket. */
final class TestSockets {

  /** How long a test client waits on a read before failing the test instead of hanging. */
  static final int CLIENT_READ_TIMEOUT_MILLIS = 10_000;

  private TestSockets() {}

  static AFUNIXSocket connect(Path path) throws IOException {
    AFUNIXSocket socket = AFUNIXSocket.newInstance();
    socket.connect(AFUNIXSocketAddress.of(path), CLIENT_READ_TIMEOUT_MILLIS);
    socket.setSoTimeout(CLIENT_READ_TIMEOUT_MILLIS);
    return socket;
  }

  /**
   * Everything the server sends until it closes the connection. A reset after the data (Linux
   * reports one when the server closed with unread input) counts as the close.
   */
  static String readUntilClosed(AFUNIXSocket socket) throws IOException {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        received.write(buffer, 0, n);
      }
    } catch (SocketException e) {
      // reset by the server: closed (a read timeout is not a SocketException, and propagates)
    }
    return received.toString(StandardCharsets.UTF_8);
  }

  /** One line, without its newline. */
  static String readLine(AFUNIXSocket socket) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    for (int b; (b = in.read()) != '\n'; ) {
      if (b < 0) {
        throw new IOException("closed after " + line.toString(StandardCharsets.UTF_8));
      }
      line.write(b);
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  static Object fileKey(Path path) throws IOException {
    return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
        .fileKey();
  }
}
