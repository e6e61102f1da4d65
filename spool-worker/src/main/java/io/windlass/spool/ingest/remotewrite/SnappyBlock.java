package io.windlass.spool.ingest.remotewrite;

import io.windlass.spool.ingest.http.BodyTooLargeException;
import io.windlass.spool.ingest.http.MalformedPushException;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyError;

/**
 * A remote write body: snappy's block format (not its framed stream format), which states the
 * decoded length up front and is decoded in one piece. The decoded length is checked against the
 * limit before anything is allocated for it, so a small body claiming a huge message costs nothing.
 */
final class SnappyBlock {

  /**
   * The message a body decodes to.
   *
   * @param bytes the message is its first {@code length} bytes
   */
  record Message(byte[] bytes, int length) {}

  private SnappyBlock() {}

  /**
   * Reads {@code body} to its end (the caller bounds it, throwing {@link BodyTooLargeException}
   * past its limit) and decodes it.
   *
   * @param maxDecodedBytes the largest message taken
   * @throws BodyTooLargeException the body is past the caller's limit, or the message it states
   *     past {@code maxDecodedBytes}
   * @throws MalformedPushException the body cannot be read, is empty or is not a snappy block
   */
  static Message read(InputStream body, long maxDecodedBytes)
      throws BodyTooLargeException, MalformedPushException {
    byte[] compressed;
    try {
      compressed = body.readAllBytes();
    } catch (BodyTooLargeException e) {
      throw e;
    } catch (IOException e) {
      throw new MalformedPushException("the request body could not be read: " + e.getMessage(), e);
    }
    return decode(compressed, maxDecodedBytes);
  }

  /** Decodes a whole body: see {@link #read}. */
  static Message decode(byte[] compressed, long maxDecodedBytes)
      throws BodyTooLargeException, MalformedPushException {
    if (compressed.length == 0) {
      throw new MalformedPushException(
          "the request body is empty; remote write sends a snappy-compressed protobuf message");
    }
    int length;
    try {
      length = Snappy.uncompressedLength(compressed);
    } catch (IOException | SnappyError e) {
      throw notSnappy(e);
    }
    if (length < 0) {
      throw notSnappy(null);
    }
    if (length > maxDecodedBytes) {
      throw new BodyTooLargeException(
          "the decoded request body of "
              + length
              + " bytes is larger than the limit of "
              + maxDecodedBytes
              + " bytes");
    }
    byte[] message = new byte[length];
    int decoded;
    try {
      decoded = Snappy.uncompress(compressed, 0, compressed.length, message, 0);
    } catch (IOException | SnappyError e) {
      throw notSnappy(e);
    }
    if (decoded != length) {
      throw notSnappy(null);
    }
    return new Message(message, length);
  }

  private static MalformedPushException notSnappy(@Nullable Throwable cause) {
    String why = cause == null || cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")";
    MalformedPushException e =
        new MalformedPushException("the request body is not snappy block-compressed data" + why);
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }
}
