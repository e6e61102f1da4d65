package io.windlass.manifolds.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The {@code status} section: the agent's HTTP status server, which serves {@code /healthz}, the
 * engine report and the agent's metrics, and takes pushed metrics. It listens on loopback by
 * default; any other address needs a {@code token}, which every request must then carry as {@code
 * Authorization: Bearer <token>}.
 *
 * <p>On loopback without a token, every local user can read the status and push metrics: unlike the
 * unix sockets, whose peers' uid and gid are checked, a TCP connection says nothing of its user.
 * {@code require-token-on-loopback: true} makes a token required on loopback too.
 *
 * <pre>{@code
 * status:
 *   enabled: true
 *   listen: 127.0.0.1:9465          # host:port; port 0 picks a free one
 *   token: s3cret                   # required unless listen is a loopback address
 *   require-token-on-loopback: false
 *   max-body-bytes: 16MiB           # larger pushes are refused with 413
 *   # and the client limits of StatusLimits: header-timeout, body-timeout, ...
 * }</pre>
 *
 * @param enabled whether the server runs (default true)
 * @param listen the address to listen on (default 127.0.0.1:9465)
 * @param token the bearer token requests must carry; required for a non-loopback address, and with
 *     {@code requireTokenOnLoopback} for any
 * @param maxBodyBytes the largest request body accepted (default 16MiB)
 * @param requireTokenOnLoopback whether a loopback address needs a token too (default false)
 * @param limits the limits on clients: timeouts, header size, connections, requests
 */
public record StatusSettings(
    boolean enabled,
    InetSocketAddress listen,
    Optional<String> token,
    ByteSize maxBodyBytes,
    boolean requireTokenOnLoopback,
    StatusLimits limits) {

  public static final int DEFAULT_PORT = 9465;
  public static final InetSocketAddress DEFAULT_LISTEN =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), DEFAULT_PORT);
  public static final ByteSize DEFAULT_MAX_BODY_BYTES = ByteSize.ofMiB(16);

  /** The largest body the server may be configured to take. */
  public static final ByteSize MAX_BODY_BYTES_LIMIT = ByteSize.ofMiB(1024);

  /** Checks every value, and that a non-loopback address has a token. */
  public StatusSettings {
    if (listen == null || token == null || limits == null) {
      throw new IllegalArgumentException("status settings must all be present");
    }
    if (listen.isUnresolved()) {
      throw new IllegalArgumentException(
          "status listen " + listen.getHostString() + " is not a resolvable address");
    }
    token.ifPresent(
        t -> {
          if (t.isBlank() || t.chars().anyMatch(c -> c <= ' ' || c == 127)) {
            throw new IllegalArgumentException(
                "status token must be non-blank, without spaces or control characters");
          }
        });
    if (enabled && token.isEmpty() && requireTokenOnLoopback) {
      throw new IllegalArgumentException(
          "status require-token-on-loopback is true: set status.token, which every request must"
              + " then carry as 'Authorization: Bearer <token>'");
    }
    if (enabled && token.isEmpty() && !listen.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "status listen "
              + listen.getAddress().getHostAddress()
              + " is not a loopback address: set status.token, which every request must then"
              + " carry as 'Authorization: Bearer <token>'");
    }
    if (maxBodyBytes == null
        || maxBodyBytes.bytes() <= 0
        || maxBodyBytes.compareTo(MAX_BODY_BYTES_LIMIT) > 0) {
      throw new IllegalArgumentException(
          "status max-body-bytes "
              + maxBodyBytes
              + " must be > 0 and at most "
              + MAX_BODY_BYTES_LIMIT);
    }
  }

  /** Settings with a token only where the address needs one, and the default limits. */
  public StatusSettings(
      boolean enabled, InetSocketAddress listen, Optional<String> token, ByteSize maxBodyBytes) {
    this(enabled, listen, token, maxBodyBytes, false, StatusLimits.defaults());
  }

  /** Every default: enabled on 127.0.0.1:9465, no token. */
  public static StatusSettings defaults() {
    return new StatusSettings(true, DEFAULT_LISTEN, Optional.empty(), DEFAULT_MAX_BODY_BYTES);
  }

  /** These settings listening on {@code address}. */
  public StatusSettings withListen(InetSocketAddress address) {
    return new StatusSettings(
        enabled, address, token, maxBodyBytes, requireTokenOnLoopback, limits);
  }
}
