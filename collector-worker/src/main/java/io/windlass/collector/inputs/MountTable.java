package io.windlass.collector.inputs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The mounts listed in {@code /proc/mounts} (the mount namespace of whoever reads it). */
final class MountTable {
  /**
   * One line of the table.
   *
   * @param device the mounted device or pseudo-device name
   * @param mountPoint where it is mounted, with the kernel's octal escapes ({@code \040}) decoded
   * @param fsType the filesystem type
   * @param options the mount options, e.g. {@code rw,relatime}
   */
  record Mount(String device, String mountPoint, String fsType, String options) {}

  private MountTable() {}

  /**
   * The mounts in {@code mounts} under {@code root}, one per mount point: when a mount point is
   * mounted over, the later (visible) mount wins.
   */
  static List<Mount> read(ProcRoot root) throws IOException {
    Map<String, Mount> byMountPoint = new LinkedHashMap<>();
    for (Mount mount : readAll(root, "mounts")) {
      byMountPoint.remove(mount.mountPoint());
      byMountPoint.put(mount.mountPoint(), mount);
    }
    return List.copyOf(byMountPoint.values());
  }

  /** Every line of the mount table {@code file} under {@code root}, in order. */
  static List<Mount> readAll(ProcRoot root, String file) throws IOException {
    List<Mount> mounts = new ArrayList<>();
    for (ProcLine line : root.readLines(file)) {
      List<String> fields = line.fields();
      if (fields.isEmpty()) {
        continue;
      }
      if (fields.size() < 3) {
        throw line.malformed("expected 'device mountpoint fstype options dump pass'");
      }
      String options = fields.size() > 3 ? fields.get(3) : "";
      mounts.add(
          new Mount(unescape(fields.get(0)), unescape(fields.get(1)), fields.get(2), options));
    }
    return mounts;
  }

  /** Decodes the kernel's {@code \ooo} escapes for space, tab, newline and backslash. */
  static String unescape(String field) {
    if (field.indexOf('\\') < 0) {
      return field;
    }
    StringBuilder out = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && isOctal(field, i + 1)) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isOctal(String s, int from) {
    if (from + 3 > s.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '7') {
        return false;
      }
    }
    return true;
  }
}
