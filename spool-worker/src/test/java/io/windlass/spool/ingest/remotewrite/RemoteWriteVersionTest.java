package io.windlass.spool.ingest.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RemoteWriteVersionTest {

  @Test
  void theMediaTypeAloneOrNamingWriteRequestIsVersion1() {
    assertThat(RemoteWriteVersion.ofContentType("application/x-protobuf"))
        .isEqualTo(RemoteWriteVersion.V1);
    assertThat(
            RemoteWriteVersion.ofContentType(
                "Application/X-Protobuf; proto=prometheus.WriteRequest"))
        .isEqualTo(RemoteWriteVersion.V1);
  }

  @Test
  void namingTheVersion2RequestIsVersion2() {
    assertThat(
            RemoteWriteVersion.ofContentType(
                "application/x-protobuf;proto=io.prometheus.write.v2.Request"))
        .isEqualTo(RemoteWriteVersion.V2);
    assertThat(
            RemoteWriteVersion.ofContentType(
                "application/x-protobuf; charset=binary; proto=\"io.prometheus.write.v2.Request\""))
        .isEqualTo(RemoteWriteVersion.V2);
  }

  @Test
  void anythingElseIsNoVersion() {
    assertThat(RemoteWriteVersion.ofContentType(null)).isNull();
    assertThat(RemoteWriteVersion.ofContentType("text/plain")).isNull();
    assertThat(RemoteWriteVersion.ofContentType("application/json")).isNull();
    assertThat(RemoteWriteVersion.ofContentType("application/x-protobuf;proto=other.Message"))
        .isNull();
  }
}
