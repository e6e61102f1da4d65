package io.windlass.spool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who a process is, as Linux shows it in {@code /proc/<pid>/status}: its effective user and group
 * ids and its supplementary groups (the {@code Uid:}, {@code Gid:} and {@code Groups:} lines).
 *
 * <p>The agent reads its own identity here (Java has no call for the effective uid), and the
 * supplementary groups of a socket peer: the kernel's peer credentials ({@code SO_PEERCRED}) carry
 * only the primary group, while the file permission check that lets a process open a socket of mode
 * 0660 uses every group the process holds. See {@link
 * io.windlass.spool.socket.PeerPolicy#sameUserOrGroups}.
 *
 * @param pid the process id
 * @param uid the effective user id
 * @param gid the effective group id
 * @param groups the supplementary group ids, in the kernel's order
 */
public record ProcessIdentity(long pid, long uid, long gid, List<Long> groups) {

  private static final Path PROC = Path.of("/proc");

  /** Copies {@code groups}. */
  public ProcessIdentity {
    groups = List.copyOf(groups);
  }

  /** Whether {@code group} is this process's effective group or one of its supplementary ones. */
  public boolean isInGroup(long group) {
    return gid == group || groups.contains(group);
  }

  /**
   * The identity of process {@code pid}, or empty if it cannot be read: the process has gone, or
   * {@code /proc} is missing or hides it.
   */
  public static Optional<ProcessIdentity> of(long pid) {
    if (pid <= 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse(pid, readStatus(PROC.resolve(Long.toString(pid)))));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * This process's identity: from {@code /proc/self/status}, or where there is none (not Linux),
   * the real ids the JDK reports ({@code com.sun.security.auth.module.UnixSystem}).
   */
  public static ProcessIdentity self() {
    long pid = ProcessHandle.current().pid();
    try {
      return parse(pid, readStatus(PROC.resolve("self")));
    } catch (IOException | IllegalArgumentException e) {
      com.sun.security.auth.module.UnixSystem system =
          new com.sun.security.auth.module.UnixSystem();
      List<Long> groups = new ArrayList<>();
      for (long group : system.getGroups()) {
        groups.add(group);
      }
      return new ProcessIdentity(pid, system.getUid(), system.getGid(), groups);
    }
  }

  private static String readStatus(Path processDirectory) throws IOException {
    return Files.readString(processDirectory.resolve("status"), StandardCharsets.UTF_8);
  }

  /**
   * Reads the identity lines of a {@code status} file's text.
   *
   * @throws IllegalArgumentException a line is missing or malformed
   */
  static ProcessIdentity parse(long pid, String status) {
    long uid = -1;
    long gid = -1;
    List<Long> groups = null;
    for (String line : status.split("\n")) {
      if (line.startsWith("Uid:")) {
        uid = effective(line);
      } else if (line.startsWith("Gid:")) {
        gid = effective(line);
      } else if (line.startsWith("Groups:")) {
        groups = new ArrayList<>();
        for (String field : fields(line)) {
          groups.add(Long.parseLong(field));
        }
      }
    }
    if (uid < 0 || gid < 0 || groups == null) {
      throw new IllegalArgumentException("no Uid, Gid or Groups line in the status of pid " + pid);
    }
    return new ProcessIdentity(pid, uid, gid, groups);
  }

  /**
   * The second value of a {@code Uid:} or {@code Gid:} line: real, effective, saved, file system.
   */
  private static long effective(String line) {
    String[] fields = fields(line);
    if (fields.length < 2) {
      throw new IllegalArgumentException("malformed status line: " + line);
    }
    return Long.parseLong(fields[1]);
  }

  private static String[] fields(String line) {
    String values = line.substring(line.indexOf(':') + 1).strip();
    return values.isEmpty() ? new String[0] : values.split("\\s+");
  }
}
