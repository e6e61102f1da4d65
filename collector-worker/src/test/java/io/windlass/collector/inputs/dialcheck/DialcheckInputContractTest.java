package io.windlass.collector.inputs.dialcheck;

import io.windlass.collector.InputContractTest;
import io.windlass.collector.nsenter.NsEnterException;
import io.windlass.collector.nsenter.NsEnterTarget;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link DialcheckInput} in agent mode passes the contract kit, dialing a local listener. The
 * kernel completes the connections into the backlog; nothing needs to accept them.
 */
class DialcheckInputContractTest extends InputContractTest<DialcheckInput> {
  private ServerSocket listener;

  @BeforeEach
  void listen() throws IOException {
    listener = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
  }

  @AfterEach
  void close() throws IOException {
    listener.close();
  }

  @Override
  protected DialcheckInput newInput() {
    return new DialcheckInput(
        new DialcheckConfig("127.0.0.1", listener.getLocalPort(), Duration.ofSeconds(2)),
        NsEnterTarget.agent(),
        (pid, request) -> {
          throw new NsEnterException(
              NsEnterException.Reason.START_FAILED, "agent mode runs no helper");
        });
  }

  // deterministicValues() stays false: latency_ms is a measurement.
}
