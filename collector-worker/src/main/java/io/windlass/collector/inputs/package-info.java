/**
 * Host inputs: plain, Telegraf-style inputs that read a Linux host's {@code /proc} (and statvfs,
 * for disk space) and report CPU, memory, swap, load, disk space, disk I/O, network, TCP connection
 * and process figures.
 *
 * <p>Every input reads a configurable {@link io.windlass.collector.inputs.ProcRoot} (default {@code
 * /proc}) so it can be pointed at a fixture directory or a host's {@code /proc} mounted in a
 * container. Inputs that report rates or percentages from counters keep the previous counters as
 * their only state: the first collect establishes the baseline and reports no rates; a counter that
 * went backwards (a wrap or a reset) drops that sample for the device, interface or CPU concerned,
 * and elapsed time comes from an injectable nanosecond clock. No input reports NaN or an infinity.
 *
 * <p>A missing file fails the collect with an {@link java.io.IOException} naming the file; a
 * malformed line fails it with a {@link io.windlass.collector.inputs.ProcFormatException} naming
 * the file and line. The pipeline counts such failures; the next collect runs normally.
 *
 * <p>Each host figure comes in two namings. The {@code Node*} inputs ({@link
 * io.windlass.collector.inputs.NodeExporterInput}) name it as node_exporter 1.5 does, with its
 * label names, units, types and default exclusions, counters as the kernel's running totals; the
 * others ({@code CpuInput}, {@code MemInput}, ...) use Windlass' own names, with rates and
 * percentages computed between collects.
 *
 * <p>Each input's javadoc lists its metric names (without its default prefix, which every input
 * documents too) and tags. Rates are per second; byte figures are in bytes; percentages are 0–100.
 *
 * <p>This package does not know about schedules, spools or the engine, and it does not collect
 * inside other network or mount namespaces.
 */
@NullMarked
package io.windlass.collector.inputs;

import org.jspecify.annotations.NullMarked;
