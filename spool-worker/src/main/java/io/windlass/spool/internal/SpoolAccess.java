package io.windlass.spool.internal;

import io.windlass.spool.ProcessIdentity;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may read a spool, and the checks that keep it so: the spool's directories are mode 0700 and
 * its files 0600, or, with a shared group, 0750 (plus the set-group-id bit, so that files and
 * directories made in them take the group) and 0640 in that group. Modes are set explicitly, so the
 * process's umask does not matter; an existing spool with wider modes (made before, or under
 * another umask) is tightened when it is opened, with one log line.
 *
 * <p>The spool directory and its own directories ({@code quarantine/}, {@code rejected/}, {@code
 * .staging/}) are looked at without following links: each must be a real directory owned by the
 * process's user, so an agent running as root never writes through a link planted in its data
 * directory into some other place.
 */
final class SpoolAccess {
  private static final Logger LOG = LoggerFactory.getLogger(SpoolAccess.class);

  private static final int S_IFMT = 0170000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFLNK = 0120000;
  private static final int S_IFREG = 0100000;
  private static final int SET_GROUP_ID = 02000;

  private static final int PRIVATE_DIRECTORY = 0700;
  private static final int PRIVATE_FILE = 0600;
  private static final int SHARED_DIRECTORY = SET_GROUP_ID | 0750;
  private static final int SHARED_FILE = 0640;

  private static final FileAttribute<Set<PosixFilePermission>> CREATE_DIRECTORY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

  private final OptionalLong group;
  private final long ownerUid;
  private final int directoryMode;
  private final int fileMode;
  private final FileAttribute<Set<PosixFilePermission>> createFile;

  SpoolAccess(OptionalLong group, long ownerUid) {
    this.group = group;
    this.ownerUid = ownerUid;
    this.directoryMode = group.isPresent() ? SHARED_DIRECTORY : PRIVATE_DIRECTORY;
    this.fileMode = group.isPresent() ? SHARED_FILE : PRIVATE_FILE;
    this.createFile =
        PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString(group.isPresent() ? "rw-r-----" : "rw-------"));
  }

  /** The access for a spool shared with {@code group}, or private, owned by this process's user. */
  static SpoolAccess forThisProcess(OptionalLong group) {
    return new SpoolAccess(group, ProcessIdentity.self().uid());
  }

  /** The mode of the spool's directories, e.g. 0700. */
  int directoryMode() {
    return directoryMode;
  }

  /** The mode of the spool's files, e.g. 0600. */
  int fileMode() {
    return fileMode;
  }

  /** What a new file is created with; {@link #fileCreated} completes it. */
  FileAttribute<Set<PosixFilePermission>> fileAttribute() {
    return createFile;
  }

  /**
   * Creates the spool directory (and its missing parents) or checks the existing one, and tightens
   * it and the files in it to this access's modes.
   *
   * @throws IOException it cannot be made, is a link, not a directory, or not the user's
   */
  void openSpoolDirectory(Path directory) throws IOException {
    Path parent = directory.getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      Files.createDirectories(parent);
    }
    directory(directory, "spool directory");
  }

  /**
   * Checks an existing directory of the spool, and tightens it and its files; nothing if it does
   * not exist.
   */
  void checkExisting(Path directory, String what) throws IOException {
    Map<String, Object> attributes;
    try {
      attributes = attributes(directory);
    } catch (NoSuchFileException e) {
      return;
    }
    tighten(directory, check(directory, what, attributes), what);
  }

  /** Creates a directory of the spool, or checks the one there, as {@link #checkExisting}. */
  void directory(Path directory, String what) throws IOException {
    boolean created;
    try {
      Files.createDirectory(directory, CREATE_DIRECTORY);
      created = true;
    } catch (FileAlreadyExistsException e) {
      created = false;
    }
    int mode = check(directory, what, attributes(directory));
    if (!created) {
      tighten(directory, mode, what);
    } else if ((mode & 07777) != directoryMode || group.isPresent()) {
      setMode(directory);
    }
  }

  /**
   * Sets a file just created with {@link #fileAttribute()} to the file mode, whatever the umask.
   */
  void fileCreated(Path file) throws IOException {
    if (group.isPresent()) {
      Files.setAttribute(file, "unix:mode", fileMode, LinkOption.NOFOLLOW_LINKS);
    }
  }

  private static Map<String, Object> attributes(Path path) throws IOException {
    return Files.readAttributes(path, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
  }

  private int check(Path directory, String what, Map<String, Object> attributes)
      throws IOException {
    int mode = (Integer) attributes.get("mode");
    if ((mode & S_IFMT) == S_IFLNK) {
      throw new IOException(
          what
              + " "
              + directory
              + " is a symbolic link; refusing to follow it (links in the agent's data directory are"
              + " not followed)");
    }
    if ((mode & S_IFMT) != S_IFDIR) {
      throw new IOException(what + " " + directory + " is not a directory");
    }
    int uid = (Integer) attributes.get("uid");
    if (uid != ownerUid) {
      throw new IOException(
          what
              + " "
              + directory
              + " is owned by uid "
              + uid
              + ", not by this process's user (uid "
              + ownerUid
              + ")");
    }
    return mode;
  }

  private void tighten(Path directory, int mode, String what) throws IOException {
    int gid = (Integer) attributes(directory).get("gid");
    boolean regroup = group.isPresent() && gid != group.getAsLong();
    if ((mode & 07777) == directoryMode && !regroup) {
      return;
    }
    setMode(directory);
    boolean wasWider = (mode & 0077 & ~directoryMode) != 0;
    int files = wasWider || regroup ? tightenFiles(directory) : 0;
    String message =
        what
            + " "
            + directory
            + ": mode "
            + octal(mode & 07777)
            + (wasWider ? " let others in; tightened to " : " changed to ")
            + octal(directoryMode)
            + (group.isPresent() ? " (group " + group.getAsLong() + ")" : "")
            + (files == 0 ? "" : ", and " + files + " files in it to " + octal(fileMode));
    if (wasWider) {
      LOG.warn(message);
    } else {
      LOG.info(message);
    }
  }

  private void setMode(Path directory) throws IOException {
    if (group.isPresent()) {
      Files.setAttribute(directory, "unix:gid", (int) group.getAsLong(), LinkOption.NOFOLLOW_LINKS);
    }
    Files.setAttribute(directory, "unix:mode", directoryMode, LinkOption.NOFOLLOW_LINKS);
  }

  /** Sets the regular files directly in {@code directory} to the file mode; returns how many. */
  private int tightenFiles(Path directory) throws IOException {
    int changed = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        Map<String, Object> attributes;
        try {
          attributes = attributes(entry);
        } catch (NoSuchFileException e) {
          continue;
        }
        int mode = (Integer) attributes.get("mode");
        if ((mode & S_IFMT) != S_IFREG || (Integer) attributes.get("uid") != ownerUid) {
          continue;
        }
        boolean regroup = group.isPresent() && (Integer) attributes.get("gid") != group.getAsLong();
        if ((mode & 07777) == fileMode && !regroup) {
          continue;
        }
        try {
          if (regroup) {
            Files.setAttribute(
                entry, "unix:gid", (int) group.getAsLong(), LinkOption.NOFOLLOW_LINKS);
          }
          Files.setAttribute(entry, "unix:mode", fileMode, LinkOption.NOFOLLOW_LINKS);
          changed++;
        } catch (NoSuchFileException e) {
          // Removed meanwhile.
        }
      }
    }
    return changed;
  }

  static String octal(int mode) {
    return String.format("%04o", mode);
  }
}
