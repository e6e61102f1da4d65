package io.windlass.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PeerPolicyTest {

  private static final long AGENT = 1000;

  @Test
  void sameUserPermitsOnlyTheAgentsUser() {
    PeerPolicy policy = PeerPolicy.sameUser();

    assertThat(policy.permits(new PeerCredentials(1, AGENT, List.of(50L)), AGENT)).isTrue();
    assertThat(policy.permits(new PeerCredentials(1, 1001, List.of(50L)), AGENT)).isFalse();
    assertThat(policy.permits(new PeerCredentials(1, 0, List.of(0L)), AGENT)).isFalse();
  }

  @Test
  void unknownUidIsNeverTheSameUser() {
    assertThat(PeerPolicy.sameUser().permits(new PeerCredentials(-1, -1, List.of()), -1)).isFalse();
  }

  @Test
  void sameUserOrGroupsAlsoPermitsMembersOfAnAllowedGroup() {
    PeerPolicy policy = PeerPolicy.sameUserOrGroups(Set.of(77L));

    assertThat(policy.permits(new PeerCredentials(1, AGENT, List.of(50L)), AGENT)).isTrue();
    assertThat(policy.permits(new PeerCredentials(1, 1001, List.of(77L)), AGENT)).isTrue();
    assertThat(policy.permits(new PeerCredentials(1, 1001, List.of(50L, 77L)), AGENT)).isTrue();
    assertThat(policy.permits(new PeerCredentials(1, 1001, List.of(50L)), AGENT)).isFalse();
    assertThat(policy.permits(new PeerCredentials(1, 1001, List.of()), AGENT)).isFalse();
  }

  @Test
  void primaryGroupIsTheFirstOrUnknown() {
    assertThat(new PeerCredentials(1, 2, List.of(3L, 4L)).gid()).isEqualTo(3);
    assertThat(new PeerCredentials(1, 2, List.of()).gid()).isEqualTo(-1);
  }
}
