package io.windlass.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessIdentityTest {
  private static final String STATUS =
      "Name:\tjava\nUmask:\t0022\nState:\tS (sleeping)\nPid:\t42\n"
          + "Uid:\t1000\t1001\t1001\t1001\nGid:\t2000\t2001\t2001\t2001\nFDSize:\t64\n"
          + "Groups:\t4 24 4242 \nNStgid:\t42\n";

  @TempDir Path dir;

  @Test
  void readsTheEffectiveIdsAndTheSupplementaryGroups() {
    ProcessIdentity identity = ProcessIdentity.parse(42, STATUS);

    assertThat(identity).isEqualTo(new ProcessIdentity(42, 1001, 2001, List.of(4L, 24L, 4242L)));
    assertThat(identity.isInGroup(2001)).isTrue();
    assertThat(identity.isInGroup(4242)).isTrue();
    assertThat(identity.isInGroup(2000)).isFalse();
  }

  @Test
  void anEmptyGroupsLineIsNoSupplementaryGroups() {
    assertThat(ProcessIdentity.parse(1, "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nGroups:\t\n").groups())
        .isEmpty();
  }

  @Test
  void aStatusWithoutTheIdentityLinesIsRefused() {
    assertThatThrownBy(() -> ProcessIdentity.parse(7, "Name:\tx\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no Uid, Gid or Groups line in the status of pid 7");
  }

  @Test
  void selfIsTheUserThatOwnsWhatThisProcessCreates() throws IOException {
    Path file = Files.createFile(dir.resolve("mine"));

    ProcessIdentity self = ProcessIdentity.self();

    assertThat(self.pid()).isEqualTo(ProcessHandle.current().pid());
    assertThat(self.uid()).isEqualTo(((Integer) Files.getAttribute(file, "unix:uid")).longValue());
    assertThat(self.gid()).isEqualTo(((Integer) Files.getAttribute(file, "unix:gid")).longValue());
    assertThat(ProcessIdentity.of(self.pid())).contains(self);
  }

  @Test
  void aProcessThatIsGoneHasNoIdentity() {
    assertThat(ProcessIdentity.of(Long.MAX_VALUE)).isEmpty();
    assertThat(ProcessIdentity.of(-1)).isEmpty();
  }
}
