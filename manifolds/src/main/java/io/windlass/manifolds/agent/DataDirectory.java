package io.windlass.manifolds.agent;

import io.windlass.manifolds.config.AgentConfig;
import io.windlass.manifolds.config.AgentSettings;
import io.windlass.manifolds.sockets.SocketManifoldModule;
import io.windlass.spool.ProcessIdentity;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.socket.SocketListener;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The checks that make a data directory the agent's own before anything is placed in it. {@code
 * windlass run} makes them before the engine starts (and exits 1 with the sentence if one fails),
 * the {@code agent} manifold makes them for every config it loads, and a config change to a
 * directory that fails them is rejected like any invalid config.
 *
 * <p>The data directory (created mode 0700, or 0750 in the group {@code sockets.allowed-gid}, if
 * missing) must be a directory owned by the agent's (effective) user, writable by it, and not
 * writable by its group or others, who could otherwise plant links in it. The data directory itself
 * may be reached through a link (the operator chose the path), but its {@code spool} and {@code
 * run} entries, if present, must be real directories of the agent's user: links there are refused,
 * not followed. The sockets' paths under {@code run/} must fit a unix socket address.
 */
public final class DataDirectory {

  /** Entries of the data directory the agent places things in. */
  private static final List<String> OWN_DIRECTORIES =
      List.of(AgentSettings.SPOOL_DIRECTORY, AgentSettings.SOCKET_DIRECTORY);

  /** The sockets the agent serves under {@code run/}. */
  private static final List<String> SOCKETS =
      List.of(
          SocketManifoldModule.COLLECT_SOCKET_FILE,
          SocketManifoldModule.SEND_SOCKET_FILE,
          SocketManifoldModule.INGEST_SOCKET_FILE);

  private static final int S_IFMT = 0170000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFLNK = 0120000;

  private DataDirectory() {}

  /**
   * Creates {@code config}'s data directory if it is missing, and checks it as the class
   * description says.
   *
   * @throws UnusableDataDirectoryException with the first problem, as one sentence
   */
  public static void prepare(AgentConfig config) throws UnusableDataDirectoryException {
    prepare(config.agent().dataDir(), config.sockets().allowedGid(), ProcessIdentity.self().uid());
  }

  /** {@link #prepare(AgentConfig)} for the agent user {@code agentUid}. */
  static void prepare(Path dataDir, OptionalInt group, long agentUid)
      throws UnusableDataDirectoryException {
    Path dir = dataDir.toAbsolutePath().normalize();
    create(dir, group);
    Map<String, Object> attributes;
    try {
      attributes = Files.readAttributes(dir, "unix:mode,uid");
    } catch (IOException e) {
      throw new UnusableDataDirectoryException(
          "data directory " + dir + " cannot be read: " + reason(e), e);
    }
    int mode = (Integer) attributes.get("mode");
    if ((mode & S_IFMT) != S_IFDIR) {
      throw new UnusableDataDirectoryException("data directory " + dir + " is not a directory");
    }
    int owner = (Integer) attributes.get("uid");
    if (owner != agentUid) {
      throw new UnusableDataDirectoryException(
          "data directory "
              + dir
              + " is owned by uid "
              + owner
              + ", not by the agent's user (uid "
              + agentUid
              + "): chown it, or run the agent as its owner");
    }
    if ((mode & 0022) != 0) {
      throw new UnusableDataDirectoryException(
          "data directory "
              + dir
              + " is writable by its group or by others (mode "
              + octal(mode & 07777)
              + "), who could place links in it: chmod go-w "
              + dir);
    }
    if (!Files.isWritable(dir)) {
      throw new UnusableDataDirectoryException(
          "data directory "
              + dir
              + " is not writable by the agent's user (mode "
              + octal(mode & 07777)
              + ", or a read-only file system)");
    }
    for (String name : OWN_DIRECTORIES) {
      checkOwnDirectory(dir.resolve(name), agentUid);
    }
    Path spool = dir.resolve(AgentSettings.SPOOL_DIRECTORY);
    for (String name : SpoolDirectory.OWN_DIRECTORIES) {
      checkOwnDirectory(spool.resolve(name), agentUid);
    }
    Path run = dir.resolve(AgentSettings.SOCKET_DIRECTORY);
    for (String socket : SOCKETS) {
      Optional<String> problem = SocketListener.pathProblem(run.resolve(socket));
      if (problem.isPresent()) {
        throw new UnusableDataDirectoryException(
            "data directory " + dir + " is too deep for the agent's sockets: " + problem.get());
      }
    }
  }

  private static void create(Path dir, OptionalInt group) throws UnusableDataDirectoryException {
    if (Files.exists(dir)) {
      return;
    }
    try {
      Path parent = dir.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.createDirectory(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      if (group.isPresent()) {
        Files.setAttribute(dir, "unix:gid", group.getAsInt());
        Files.setAttribute(dir, "unix:mode", 0750);
      }
    } catch (FileAlreadyExistsException e) {
      // Made meanwhile, or a dangling link; checked next.
    } catch (IOException e) {
      throw new UnusableDataDirectoryException(
          "data directory " + dir + " cannot be created: " + reason(e), e);
    }
  }

  private static void checkOwnDirectory(Path path, long agentUid)
      throws UnusableDataDirectoryException {
    Map<String, Object> attributes;
    try {
      attributes = Files.readAttributes(path, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      throw new UnusableDataDirectoryException(path + " cannot be read: " + reason(e), e);
    }
    int mode = (Integer) attributes.get("mode");
    if ((mode & S_IFMT) == S_IFLNK) {
      throw new UnusableDataDirectoryException(
          path + " is a symbolic link, which the agent does not follow: remove it");
    }
    if ((mode & S_IFMT) != S_IFDIR) {
      throw new UnusableDataDirectoryException(
          path + " is not a directory; the agent keeps its own files there");
    }
    int owner = (Integer) attributes.get("uid");
    if (owner != agentUid) {
      throw new UnusableDataDirectoryException(
          path + " is owned by uid " + owner + ", not by the agent's user (uid " + agentUid + ")");
    }
  }

  /** The reason an I/O operation failed, in words ("permission denied"). */
  static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
      return fileSystem.getReason().toLowerCase(java.util.Locale.ROOT);
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  private static String octal(int mode) {
    return String.format("%04o", mode);
  }
}
