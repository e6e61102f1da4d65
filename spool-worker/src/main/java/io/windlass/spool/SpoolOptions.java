package io.windlass.spool;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * How a {@link SpoolDirectory} bounds and looks after its directory; validated when built.
 *
 * @param maxBytes the most bytes (data and metadata files) the spool holds (default 1 GiB)
 * @param maxBatches the most batches the spool holds (default 100,000)
 * @param maxAge batches older than this are dropped (default 7 days)
 * @param maxBatchBytes the largest data file of one batch: a recorder writes no larger batch, so a
 *     reader can hold any one batch in memory, and a file named like a batch that is larger is
 *     quarantined, never read nor counted against the bounds (default 64 MiB; at most {@code
 *     maxBytes})
 * @param overflowPolicy what happens to a new batch when the spool is full (default {@link
 *     OverflowPolicy#DROP_OLDEST})
 * @param orphanGrace how old an abandoned temporary file, or a data file without metadata, must be
 *     before it is removed while other processes may be writing (default 10 min); when a spool is
 *     opened while no other process uses the directory, they are removed at once
 * @param rescanInterval how often {@link MetricReader#oldestFirst} lists the directory to find
 *     batches other processes wrote or removed (default 10 s; zero: every time); {@link
 *     MetricReader#read()} always lists it
 * @param dropLogInterval drops (for bounds, to quarantine, skipped, orphans removed) are logged at
 *     most once per this interval and kind (default 1 min)
 * @param maxRejectedBatches the most batches kept in {@code rejected/} (default 1,000); the oldest
 *     rejections are deleted to keep within it
 * @param maxRejectedBytes the most bytes kept in {@code rejected/} (default 64 MiB); the oldest
 *     rejections are deleted to keep within it, though the latest one is always kept
 * @param clock the spool's time source: batch creation times, age, log intervals (default UTC)
 * @param sharedGroup a group let read the spool (default: none): its directories are then mode 0750
 *     (with the set-group-id bit, so what is made in them takes the group) and its files 0640, in
 *     that group, instead of 0700 and 0600
 * @param binaryBatches whether a recorder asked for {@link BatchFormat#BINARY} writes it (default
 *     true); false keeps every data file in JSON lines, readable by Juju's tools and by eye, at
 *     five to ten times the bytes a sample for HTTP pushes
 */
public record SpoolOptions(
    long maxBytes,
    int maxBatches,
    Duration maxAge,
    long maxBatchBytes,
    OverflowPolicy overflowPolicy,
    Duration orphanGrace,
    Duration rescanInterval,
    Duration dropLogInterval,
    int maxRejectedBatches,
    long maxRejectedBytes,
    Clock clock,
    OptionalLong sharedGroup,
    boolean binaryBatches) {

  /** Checks every field and reports all problems at once. */
  public SpoolOptions {
    List<String> problems = new ArrayList<>();
    if (maxBytes <= 0) {
      problems.add("maxBytes " + maxBytes + " must be > 0");
    }
    if (maxBatches <= 0) {
      problems.add("maxBatches " + maxBatches + " must be > 0");
    }
    positive(problems, "maxAge", maxAge);
    if (maxBatchBytes <= 0) {
      problems.add("maxBatchBytes " + maxBatchBytes + " must be > 0");
    } else if (maxBytes > 0 && maxBatchBytes > maxBytes) {
      problems.add("maxBatchBytes " + maxBatchBytes + " must be <= maxBytes " + maxBytes);
    }
    if (overflowPolicy == null) {
      problems.add("overflowPolicy must not be null");
    }
    notNegative(problems, "orphanGrace", orphanGrace);
    notNegative(problems, "rescanInterval", rescanInterval);
    notNegative(problems, "dropLogInterval", dropLogInterval);
    if (maxRejectedBatches <= 0) {
      problems.add("maxRejectedBatches " + maxRejectedBatches + " must be > 0");
    }
    if (maxRejectedBytes <= 0) {
      problems.add("maxRejectedBytes " + maxRejectedBytes + " must be > 0");
    }
    if (clock == null) {
      problems.add("clock must not be null");
    }
    if (sharedGroup == null) {
      problems.add("sharedGroup must not be null; use OptionalLong.empty()");
    } else if (sharedGroup.isPresent() && sharedGroup.getAsLong() < 0) {
      problems.add("sharedGroup " + sharedGroup.getAsLong() + " must be >= 0");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid spool options: " + String.join("; ", problems));
    }
  }

  /** The defaults; see the field descriptions. */
  public static SpoolOptions defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  private static void positive(List<String> problems, String field, Duration value) {
    if (value == null) {
      problems.add(field + " must not be null");
    } else if (value.isNegative() || value.isZero()) {
      problems.add(field + " " + value + " must be > 0");
    }
  }

  private static void notNegative(List<String> problems, String field, Duration value) {
    if (value == null) {
      problems.add(field + " must not be null");
    } else if (value.isNegative()) {
      problems.add(field + " " + value + " must be >= 0");
    }
  }

  /** Builds {@link SpoolOptions}; every field starts at its default. */
  public static final class Builder {
    private long maxBytes = 1L << 30;
    private int maxBatches = 100_000;
    private Duration maxAge = Duration.ofDays(7);
    private long maxBatchBytes = 64L << 20;
    private OverflowPolicy overflowPolicy = OverflowPolicy.DROP_OLDEST;
    private Duration orphanGrace = Duration.ofMinutes(10);
    private Duration rescanInterval = Duration.ofSeconds(10);
    private Duration dropLogInterval = Duration.ofMinutes(1);
    private int maxRejectedBatches = 1000;
    private long maxRejectedBytes = 64L << 20;
    private Clock clock = Clock.systemUTC();
    private OptionalLong sharedGroup = OptionalLong.empty();
    private boolean binaryBatches = true;

    private Builder() {}

    private Builder(SpoolOptions options) {
      maxBytes = options.maxBytes;
      maxBatches = options.maxBatches;
      maxAge = options.maxAge;
      maxBatchBytes = options.maxBatchBytes;
      overflowPolicy = options.overflowPolicy;
      orphanGrace = options.orphanGrace;
      rescanInterval = options.rescanInterval;
      dropLogInterval = options.dropLogInterval;
      maxRejectedBatches = options.maxRejectedBatches;
      maxRejectedBytes = options.maxRejectedBytes;
      clock = options.clock;
      sharedGroup = options.sharedGroup;
      binaryBatches = options.binaryBatches;
    }

    /** See {@link SpoolOptions#maxBytes()}; lowers maxBatchBytes to it if needed. */
    public Builder maxBytes(long maxBytes) {
      this.maxBytes = maxBytes;
      if (maxBytes > 0 && maxBatchBytes > maxBytes) {
        maxBatchBytes = maxBytes;
      }
      return this;
    }

    /** See {@link SpoolOptions#maxBatches()}. */
    public Builder maxBatches(int maxBatches) {
      this.maxBatches = maxBatches;
      return this;
    }

    /** See {@link SpoolOptions#maxAge()}. */
    public Builder maxAge(Duration maxAge) {
      this.maxAge = maxAge;
      return this;
    }

    /** See {@link SpoolOptions#maxBatchBytes()}. */
    public Builder maxBatchBytes(long maxBatchBytes) {
      this.maxBatchBytes = maxBatchBytes;
      return this;
    }

    /** See {@link SpoolOptions#overflowPolicy()}. */
    public Builder overflowPolicy(OverflowPolicy overflowPolicy) {
      this.overflowPolicy = overflowPolicy;
      return this;
    }

    /** See {@link SpoolOptions#orphanGrace()}. */
    public Builder orphanGrace(Duration orphanGrace) {
      this.orphanGrace = orphanGrace;
      return this;
    }

    /** See {@link SpoolOptions#rescanInterval()}. */
    public Builder rescanInterval(Duration rescanInterval) {
      this.rescanInterval = rescanInterval;
      return this;
    }

    /** See {@link SpoolOptions#dropLogInterval()}. */
    public Builder dropLogInterval(Duration dropLogInterval) {
      this.dropLogInterval = dropLogInterval;
      return this;
    }

    /** See {@link SpoolOptions#maxRejectedBatches()}. */
    public Builder maxRejectedBatches(int maxRejectedBatches) {
      this.maxRejectedBatches = maxRejectedBatches;
      return this;
    }

    /** See {@link SpoolOptions#maxRejectedBytes()}. */
    public Builder maxRejectedBytes(long maxRejectedBytes) {
      this.maxRejectedBytes = maxRejectedBytes;
      return this;
    }

    /** See {@link SpoolOptions#clock()}. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** See {@link SpoolOptions#sharedGroup()}. */
    public Builder sharedGroup(OptionalLong sharedGroup) {
      this.sharedGroup = sharedGroup;
      return this;
    }

    /** See {@link SpoolOptions#binaryBatches()}. */
    public Builder binaryBatches(boolean binaryBatches) {
      this.binaryBatches = binaryBatches;
      return this;
    }

    /** The options, validated. */
    public SpoolOptions build() {
      return new SpoolOptions(
          maxBytes,
          maxBatches,
          maxAge,
          maxBatchBytes,
          overflowPolicy,
          orphanGrace,
          rescanInterval,
          dropLogInterval,
          maxRejectedBatches,
          maxRejectedBytes,
          clock,
          sharedGroup,
          binaryBatches);
    }
  }
}
