package io.windlass.spool.socket;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.ProcessIdentity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  /**
   * Covers a bug where a peer that held the allowed group only as a supplementary group (the kernel
   * reports the primary one) was refused.
   */
  @Test
  void sameUserOrGroupsPermitsAPeerWhoseSupplementaryGroupsHoldAnAllowedOne() {
    Map<Long, ProcessIdentity> processes =
        Map.of(
            10L, new ProcessIdentity(10, 1001, 50, List.of(60L, 77L)),
            11L, new ProcessIdentity(11, 1001, 50, List.of(60L)));
    PeerPolicy policy =
        PeerPolicy.sameUserOrGroups(Set.of(77L), pid -> Optional.ofNullable(processes.get(pid)));

    assertThat(policy.permits(new PeerCredentials(10, 1001, List.of(50L)), AGENT)).isTrue();
    assertThat(policy.permits(new PeerCredentials(11, 1001, List.of(50L)), AGENT)).isFalse();
    assertThat(policy.permits(new PeerCredentials(12, 1001, List.of(50L)), AGENT))
        .as("a peer that has gone is judged by its primary group")
        .isFalse();
  }

  @Test
  void supplementaryGroupsCountOnlyWhileThePidStillHasThePeersIdentity() {
    // The pid now belongs to a process of another user or group (the peer exited, the pid was
    // reused): its groups say nothing about the peer.
    Map<Long, ProcessIdentity> processes =
        Map.of(
            10L, new ProcessIdentity(10, 1002, 50, List.of(77L)),
            11L, new ProcessIdentity(11, 1001, 51, List.of(77L)));
    PeerPolicy policy =
        PeerPolicy.sameUserOrGroups(Set.of(77L), pid -> Optional.ofNullable(processes.get(pid)));

    assertThat(policy.permits(new PeerCredentials(10, 1001, List.of(50L)), AGENT)).isFalse();
    assertThat(policy.permits(new PeerCredentials(11, 1001, List.of(50L)), AGENT)).isFalse();
  }

  @Test
  void primaryGroupIsTheFirstOrUnknown() {
    assertThat(new PeerCredentials(1, 2, List.of(3L, 4L)).gid()).isEqualTo(3);
    assertThat(new PeerCredentials(1, 2, List.of()).gid()).isEqualTo(-1);
  }
}
